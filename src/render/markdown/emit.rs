//! Escaping for the HTML the Markdown renderer writes itself.

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

/// Appends `text` escaped for a double-quoted attribute value (`& < > " '`).
pub(crate) fn escape_attr(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
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
        let mut s = String::new();
        escape_attr(&mut s, "a<b>&\"'");
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;&#39;");
    }
}
