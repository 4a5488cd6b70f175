//! Raw HTML in bodies that hides text from readers.
//!
//! The content of `<textarea>`, `<style>`, `<script>`, `<title>`,
//! `<noscript>` and `<iframe>`, and of an HTML comment, is never shown on a
//! page: sanitising drops it. Left open, such an element (or a comment that
//! starts a block of raw HTML) swallows everything after it, silently. This
//! module finds those, so that the model can report them at the opening
//! tag, and tells the renderer which text is inside them, so that derived
//! text (summaries, reading time) is only what readers see.
//!
//! Only raw HTML counts: Markdown text is escaped on the page, so a `-->`
//! or `</script>` written as text closes nothing.

use pulldown_cmark::{Event, Parser};

use crate::diagnostic::Diagnostics;

/// Elements whose content the page never shows.
const HIDING: &[&str] = &["textarea", "style", "script", "title", "noscript", "iframe"];

/// What a run of raw HTML has left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// One of [`HIDING`].
    Element(&'static str),
    Comment,
}

/// Follows the raw HTML of one body, fragment by fragment, in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawText {
    /// What is open, and the offset of its opening `<`.
    open: Option<(Open, usize)>,
}

impl RawText {
    /// Whether text here is inside an element (or comment) readers do not see.
    pub(crate) fn hides_text(&self) -> bool {
        self.open.is_some()
    }

    /// Reads a fragment of raw HTML that starts at byte `offset` of the body.
    pub(crate) fn feed(&mut self, html: &str, offset: usize) {
        let mut i = 0;
        while i < html.len() {
            let rest = &html[i..];
            match self.open {
                Some((Open::Comment, _)) => match rest.find("-->") {
                    Some(e) => {
                        self.open = None;
                        i += e + 3;
                    }
                    None => return,
                },
                Some((Open::Element(name), _)) => match find_end_tag(rest, name) {
                    Some(e) => {
                        self.open = None;
                        i += e;
                    }
                    None => return,
                },
                None => {
                    let Some(lt) = rest.find('<') else {
                        return;
                    };
                    let at = i + lt;
                    let tag = &html[at..];
                    if let Some(after) = tag.strip_prefix("<!--") {
                        // `<!-->` and `<!--->` are whole (empty) comments.
                        if after.starts_with('>') || after.starts_with("->") {
                            i = at + 4;
                        } else {
                            self.open = Some((Open::Comment, offset + at));
                            i = at + 4;
                        }
                        continue;
                    }
                    i = at + 1;
                    let name_len = tag[1..]
                        .find(|c: char| !c.is_ascii_alphanumeric())
                        .unwrap_or(tag.len() - 1);
                    let name = &tag[1..1 + name_len];
                    let ends_name = tag[1 + name_len..]
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/');
                    if !ends_name {
                        continue;
                    }
                    if let Some(hiding) = HIDING.iter().find(|h| h.eq_ignore_ascii_case(name)) {
                        self.open = Some((Open::Element(hiding), offset + at));
                        // Its content starts after the start tag.
                        i = tag.find('>').map_or(html.len(), |e| at + e + 1);
                    }
                }
            }
        }
    }

    /// The element or comment left open at the end, with its offset.
    fn unclosed(&self) -> Option<(&'static str, usize)> {
        self.open.map(|(open, at)| match open {
            Open::Element(name) => (name, at),
            Open::Comment => ("!--", at),
        })
    }
}

/// The offset just after the end tag `</name…>` in `html`, any case.
fn find_end_tag(html: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = html[from..].find("</") {
        let at = from + rel + 2;
        let closes = html
            .get(at..at + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && html[at + name.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/');
        if closes {
            let end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
            return Some(end);
        }
        from = at;
    }
    None
}

/// The first element or comment of `body`'s raw HTML that is never closed,
/// with the byte offset of its `<`.
pub(crate) fn first_unclosed(body: &str) -> Option<(&'static str, usize)> {
    if !body.contains('<') {
        return None;
    }
    let mut raw = RawText::default();
    let parser = Parser::new_ext(body, crate::markup::markdown_options()).into_offset_iter();
    for (event, range) in parser {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            // The event's text is the source's, from the range's start.
            raw.feed(&html, range.start);
        }
    }
    raw.unclosed()
}

/// Reports an unclosed element or comment of the body of `path` (whose first
/// line is line `body_line` of the file) at its opening `<`.
pub(crate) fn check_body(path: &str, body: &str, body_line: usize, diags: &mut Diagnostics) {
    let Some((name, at)) = first_unclosed(body) else {
        return;
    };
    let before = &body[..at];
    let line = body_line + before.matches('\n').count();
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    let (what, close) = if name == "!--" {
        ("this comment `<!--`".to_string(), "`-->`".to_string())
    } else {
        (format!("this <{name}>"), format!("`</{name}>`"))
    };
    diags.error(
        path,
        line,
        col,
        format!("{what} is never closed; everything after it would disappear from the page (close it with {close})"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unclosed_hiding_elements_and_comments() {
        for (body, name, at) in [
            ("a\n\n<textarea>\n\nrest", "textarea", 3),
            ("a <STYLE type=x> b\n\nrest", "style", 2),
            ("<script>\nx\n", "script", 0),
            ("x <title>t\n\nmore", "title", 2),
            ("<noscript>", "noscript", 0),
            ("<iframe src=x>\n\nmore", "iframe", 0),
            ("<!-- note\n\nmore text", "!--", 0),
            ("<script>a</script> <style>", "style", 19),
        ] {
            assert_eq!(first_unclosed(body), Some((name, at)), "{body}");
        }
    }

    #[test]
    fn closed_elements_escaped_text_and_code_are_fine() {
        for body in [
            "<textarea>x</textarea> after",
            "<script>\nif (a < b) {}\n</script>\n\nafter",
            "<!-- a -->\n\nafter",
            "<!---->",
            "<!-->",
            "a <span>b</span> <b>c</b>",
            "`<textarea>` in code",
            "```\n<script>\n```\n",
            "<titles> is no title",
            "text with a < sign",
            "inline <!-- left open is plain text",
            "<STYLE>x</Style >",
        ] {
            assert_eq!(first_unclosed(body), None, "{body}");
        }
    }

    #[test]
    fn text_between_open_and_close_is_hidden() {
        let mut raw = RawText::default();
        raw.feed("<span>", 0);
        assert!(!raw.hides_text());
        raw.feed("<script>", 6);
        assert!(raw.hides_text());
        raw.feed("</script>", 20);
        assert!(!raw.hides_text());
        raw.feed("<style>a{}</style><noscript>", 30);
        assert!(raw.hides_text());
    }

    #[test]
    fn reports_at_the_opening_tag() {
        let mut d = Diagnostics::new();
        check_body("content/stories/a.md", "第一段。\n\n援疆 <textarea>\n\n后文", 7, &mut d);
        let d = d.into_sorted();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].col), (9, 4));
        assert!(
            d[0].message
                .starts_with("this <textarea> is never closed; everything after it would disappear"),
            "{}",
            d[0].message
        );
    }
}
