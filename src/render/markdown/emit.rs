//! Escaping for the HTML the Markdown renderer writes itself (attribute
//! values use [`crate::render::templates::push_escaped_html`]).

/// Appends `text` escaped for element content (`& < >`).
pub(crate) fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        escape_text(&mut s, "a<b>&\"'");
        assert_eq!(s, "a&lt;b&gt;&amp;\"'");
    }
}
