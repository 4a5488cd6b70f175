//! Escaping for the HTML the Markdown renderer writes itself (attribute
//! values use [`crate::render::templates::push_escaped_html`]).

/// Appends `text` escaped for element content (`& < >`).
pub(crate) use crate::markup::escape::push_text as escape_text;

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
