//! Links in HTML and XML: the `href` and `src` attributes of tags.

use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// `href` and `src` attribute values of the tags of an HTML or XML text, and
/// sitemap `<loc>` texts, with the byte offset of each value, character
/// references decoded. A WHATWG tokenizer (html5gum) reads the text, so
/// comments, text, and the content of `script`, `style` and `textarea` are
/// never taken for tags (an embed code shown in a `<textarea>` is text, not a
/// link).
pub(crate) fn attr_links(html: &str) -> Vec<(usize, String)> {
    let mut links = Links::default();
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        links.take(event, span);
        None::<Infallible>
    });
    // Raw-text elements (script, style, textarea, title…) switch the
    // tokenizer's state as a browser's tree builder would.
    emitter.naively_switch_states(true);
    // Reading a `&str` cannot fail, and tokenizer errors are only warnings.
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
    links.found
}

/// What [`attr_links`] has seen so far of the token stream.
#[derive(Default)]
struct Links {
    found: Vec<(usize, String)>,
    /// A link attribute being read: where its value starts, and the value.
    value: Option<(Option<usize>, String)>,
    /// Where the link attribute being read is named.
    name_at: usize,
    /// An open `<loc>`: where its text starts, and the text so far.
    loc: Option<(Option<usize>, String)>,
}

impl Links {
    fn take(&mut self, event: CallbackEvent<'_>, span: Span<usize>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.finish_value();
                self.loc = (name == b"loc").then(|| (None, String::new()));
            }
            CallbackEvent::AttributeName { name } => {
                self.finish_value();
                if name.eq_ignore_ascii_case(b"href") || name.eq_ignore_ascii_case(b"src") {
                    // An empty value is placed at the attribute's name.
                    self.value = Some((None, String::new()));
                    self.name_at = span.start;
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some((start, text)) = &mut self.value {
                    start.get_or_insert(span.start);
                    text.push_str(&String::from_utf8_lossy(value));
                }
            }
            CallbackEvent::CloseStartTag { .. } => self.finish_value(),
            CallbackEvent::String { value } => {
                if let Some((start, text)) = &mut self.loc {
                    start.get_or_insert(span.start);
                    text.push_str(&String::from_utf8_lossy(value));
                }
            }
            CallbackEvent::EndTag { .. } => {
                if let Some((Some(start), text)) = self.loc.take() {
                    let lead = text.len() - text.trim_start().len();
                    self.found.push((start + lead, text.trim().to_string()));
                }
            }
            _ => {}
        }
    }

    /// Records the link attribute just read (an empty value is a link too).
    fn finish_value(&mut self) {
        if let Some((start, text)) = self.value.take() {
            self.found.push((start.unwrap_or(self.name_at), text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attribute_links_with_offsets() {
        let html = "<a href=\"/a/?x=1&amp;y=2\">a</a><img  src='/i.png'><p data-href=\"/no/\">href=\"/no\"</p>\
            <loc> https://x/ </loc><a href=/b/><textarea>&lt;iframe src=&quot;/no/&quot;&gt; <a href=\"/no\"></textarea>\
            <script>if(a<b)x.src=\"/no\";var s='<a href=\"/no\">'</script><!-- <a href=\"/no\"> --><A HREF='/c/'>";
        let links = attr_links(html);
        let values: Vec<&str> = links.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, vec!["/a/?x=1&y=2", "/i.png", "https://x/", "/b/", "/c/"]);
        assert_eq!(&html[links[1].0..links[1].0 + 6], "/i.png");
        assert_eq!(&html[links[2].0..links[2].0 + 10], "https://x/");
        assert_eq!(&html[links[4].0..links[4].0 + 3], "/c/");
        let empty = "<p>x</p><a  href=\"\">";
        assert_eq!(
            attr_links(empty),
            vec![(empty.find("href").unwrap_or(0), String::new())]
        );
        let decoded = attr_links("<a href=\"&#x2F;a&#47;b&bogus;&nbsp;\">");
        assert_eq!(decoded[0].1, "/a/b&bogus;\u{a0}");
    }
}
