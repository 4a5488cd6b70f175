//! Markdown bodies to HTML: pulldown-cmark (tables, footnotes, strikethrough,
//! heading attributes), with the East Asian soft-break rule, heading anchors,
//! syntect highlighting as CSS classes, sanitised raw HTML, and a summary and
//! reading time that understand Chinese.
//!
//! Pure: text in, HTML out; no disk, no global state but read-only tables.

mod anchors;
mod cjk;
mod emit;
mod highlight;
mod sanitize;
mod summary;
mod walk;

use pulldown_cmark::{html, Event, Parser, Tag};

pub(crate) use highlight::highlight_css;

use anchors::Anchors;
use walk::Walk;

/// How to render one body.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions<'a> {
    /// The document's language (`zh`, `en`): decides how ambiguous-width
    /// punctuation joins across line breaks.
    pub lang: &'a str,
    /// Target length of the derived summary, in characters.
    pub summary_chars: usize,
}

/// One heading of a document, for tables of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub(crate) level: u8,
    /// The `id` of the heading element, unique in the document (without `#`).
    pub id: String,
    pub(crate) text: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedMarkdown {
    /// Sanitised HTML.
    pub html: String,
    /// Plain-text summary of the first paragraphs, cut at a sentence end.
    pub(crate) summary: String,
    /// Minutes to read (at least 1).
    pub reading_minutes: u32,
    /// Headings in document order, with their (unique) ids.
    pub headings: Vec<Heading>,
    /// Characters of text (not markup) in the body.
    pub(crate) text_chars: usize,
    /// Whether the body has a code block (its page links `highlight.css`).
    pub(crate) has_code: bool,
}

/// Renders `source` (a body without front matter).
pub fn render_markdown(source: &str, options: &MarkdownOptions) -> RenderedMarkdown {
    let mut events: Vec<Event> = Parser::new_ext(source, crate::markup::markdown_options()).collect();
    let has_raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    cjk::remove_soft_breaks(&mut events, cjk::is_east_asian_lang(options.lang));

    // Author-given heading ids are reserved first, so generated ones avoid them.
    let mut anchors = Anchors::default();
    for event in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            anchors.reserve(id.to_string());
        }
    }

    let mut walk = Walk::new(anchors, options.summary_chars, events.len());
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        walk.event(event, &mut iter);
    }
    let Walk {
        out,
        headings,
        count,
        text_chars,
        summary_text,
        has_code,
        ..
    } = walk;

    let mut html_out = String::with_capacity(source.len() + source.len() / 2);
    html::push_html(&mut html_out, out.into_iter());
    if has_raw_html {
        html_out = sanitize::sanitize(&html_out);
    }
    let summary_text = summary_text.split_whitespace().collect::<Vec<_>>().join(" ");
    RenderedMarkdown {
        html: html_out,
        summary: summary::summarize(&summary_text, options.summary_chars),
        reading_minutes: count.minutes(),
        headings,
        text_chars,
        has_code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str, lang: &str) -> RenderedMarkdown {
        render_markdown(
            src,
            &MarkdownOptions {
                lang,
                summary_chars: 120,
            },
        )
    }

    #[test]
    fn code_blocks_are_noticed() {
        assert!(render("a\n\n```rust\nfn x() {}\n```\n", "en").has_code);
        assert!(render("    indented\n", "en").has_code);
        assert!(!render("`inline` only, <pre>raw</pre>\n", "en").has_code);
    }

    #[test]
    fn links_in_headings_follow_the_url_policy() {
        let html = render("# 标题 [x](javascript:alert(0)) [y](https://e.example/)\n", "zh").html;
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("x <a href=\"https://e.example/\">y</a>"), "{html}");
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_dropped() {
        let html = render("## 标题 {#t .note onclick=\"alert(1)\" data-x=y}\n", "zh").html;
        assert_eq!(html, "<h2 id=\"t\" class=\"note\">标题</h2>\n");
    }

    #[test]
    fn chinese_soft_breaks_join_english_stay() {
        assert_eq!(render("援疆\n干部", "zh").html, "<p>援疆干部</p>\n");
        assert_eq!(render("aid\ncadres", "en").html, "<p>aid\ncadres</p>\n");
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render(
            "## 人才援疆\n\n## 人才援疆\n\n## Talent aid {#given}\n\n## given\n",
            "zh",
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["人才援疆", "人才援疆-1", "given", "given-1"]);
        assert!(r.html.contains("<h2 id=\"人才援疆-1\">"), "{}", r.html);
        assert_eq!(r.headings[2].text, "Talent aid");
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n[^1]: note\n",
            "en",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn raw_html_is_sanitised() {
        let r = render(
            "<b>ok</b><script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <iframe src=//x></iframe>\n\n<sup>2</sup>",
            "en",
        );
        assert!(r.html.contains("<b>ok</b>"));
        assert!(r.html.contains("<sup>2</sup>"));
        assert!(!r.html.contains("script"));
        assert!(!r.html.contains("onerror"));
        assert!(!r.html.contains("iframe"));
    }

    #[test]
    fn javascript_links_are_dropped() {
        let r = render(
            "[click](javascript:alert(1)) ![pic](JaVaScRiPt:x) [ok](https://example.org)",
            "en",
        );
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
        assert!(r.html.contains("click"));
        assert!(r.html.contains("href=\"https://example.org\""));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = render("```rust\nfn main() {}\n```\n", "en");
        assert!(
            r.html
                .contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("hl-"));
        assert!(!r.html.contains("style="));
        // Sanitising (a body with raw HTML) keeps the block focusable.
        let r = render("<b>b</b>\n\n```rust\nfn main() {}\n```\n", "en");
        assert!(
            r.html
                .contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn summary_and_reading_time() {
        let para = "台州援疆指挥部坚持把人才援疆作为重要抓手。".repeat(10);
        let r = render(&format!("# 标题\n\n{para}\n\n```\ncode\n```\n"), "zh");
        assert!(r.summary.ends_with('。'));
        assert!(!r.summary.contains("标题"));
        assert!(r.summary.chars().count() <= 180);
        assert_eq!(r.reading_minutes, 1);
        let long = "援".repeat(1000);
        assert_eq!(render(&long, "zh").reading_minutes, 3);
    }

    #[test]
    fn summary_joins_paragraphs() {
        let r = render("First line\nsecond.\n\nNext para.", "en");
        assert_eq!(r.summary, "First line second. Next para.");
        let r = render("第一段。\n\n第二段。", "zh");
        assert_eq!(r.summary, "第一段。第二段。");
    }
}
