//! Alt text: a picture in a body (`![alt](…)` or a raw `<img>`) without a
//! description, or with an empty one, is a warning at its line. Readers who
//! cannot see the picture get nothing from it.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostic::Diagnostics;
use crate::model::pictures::line_col;

/// Warnings for the pictures without alt text in `body` (of the file
/// `path`, whose body starts at line `body_line`).
pub(crate) fn check_body(path: &str, body: &str, body_line: usize, diags: &mut Diagnostics) {
    let parser = pulldown_cmark::Parser::new_ext(body, crate::markup::markdown_options()).into_offset_iter();
    // (offset, source, alt so far) of the Markdown image being read.
    let mut open: Option<(usize, String, String)> = None;
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open = Some((range.start, dest_url.to_string(), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = open.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((at, src, alt)) = open.take() {
                    if alt.trim().is_empty() {
                        warn(path, body, body_line, at, &src, diags);
                    }
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for (at, src) in imgs_without_alt(&html) {
                    warn(path, body, body_line, range.start + at, &src, diags);
                }
            }
            _ => {}
        }
    }
}

fn warn(path: &str, body: &str, body_line: usize, at: usize, src: &str, diags: &mut Diagnostics) {
    let (line, col) = line_col(body, at);
    diags.warning(
        path,
        body_line + line,
        col,
        format!("the picture `{src}` has no alt text: describe it for readers who cannot see it"),
    );
}

/// The `<img>` tags of raw HTML whose `alt` is missing or empty: (offset, src).
fn imgs_without_alt(html: &str) -> Vec<(usize, String)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &html[start..end];
        let alt = attr(tag, "alt");
        if alt.is_none_or(|a| a.trim().is_empty()) {
            out.push((start, attr(tag, "src").unwrap_or_default()));
        }
        from = end;
    }
    out
}

/// The value of `name` in a raw tag, quoted with `"` or `'`, or bare.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = lower[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - rest.len() + 1;
        let value = tag[value_at..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value
                .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_without_a_description_are_warned_at_their_line() {
        let body = "![医院](a.jpg)\n\n![](b.jpg) ![ ](c.jpg)\n\n<img src=\"d.png\">\n\n<IMG SRC='e.png' ALT=''>\n\n<img src=f.png alt=病房>\n";
        let mut diags = Diagnostics::new();
        check_body("content/stories/s.md", body, 5, &mut diags);
        let found: Vec<(usize, usize, String)> = diags
            .into_sorted()
            .into_iter()
            .map(|d| (d.line, d.col, d.message))
            .collect();
        let at: Vec<(usize, usize)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(at, [(7, 1), (7, 12), (9, 1), (11, 1)], "{found:?}");
        assert!(found[0].2.contains("`b.jpg`"));
        assert!(found[3].2.contains("`e.png`"));
    }
}
