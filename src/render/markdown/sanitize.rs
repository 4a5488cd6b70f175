//! Sanitising: the allow-list of HTML a document may contain, applied with
//! ammonia, and the URL policy shared with the Markdown link renderer.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

/// URL schemes allowed in `href` and `src`; relative URLs are allowed too.
const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Elements removed together with everything inside them.
const CLEAN_CONTENT_TAGS: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "frameset", "noembed",
    "noframes", "textarea", "select", "title", "head",
];

/// Attributes allowed on every element.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "lang", "dir", "title"];

/// Attributes allowed on particular elements.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "rel", "aria-label"]),
    // Footnote definitions (`<div class="footnote-definition" id="…">`).
    ("div", &["id"]),
    ("abbr", &["title"]),
    ("img", &["src", "alt", "width", "height"]),
    // Code blocks (`tabindex`: they scroll sideways, keyboard users focus them).
    ("pre", &["data-lang", "tabindex"]),
    ("ol", &["start", "reversed"]),
    ("details", &["open"]),
    ("td", &["colspan", "rowspan", "align"]),
    ("th", &["colspan", "rowspan", "align", "scope"]),
    ("h1", &["id"]),
    ("h2", &["id"]),
    ("h3", &["id"]),
    ("h4", &["id"]),
    ("h5", &["id"]),
    ("h6", &["id"]),
    // Footnotes: the definition list items and the reference markers.
    ("li", &["id"]),
    ("sup", &["id"]),
];

/// The sanitiser, configured once and shared by all threads.
static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(CLEAN_CONTENT_TAGS.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect::<HashSet<_>>()))
                .collect::<HashMap<_, _>>(),
        )
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// Sanitises a complete HTML fragment against the allow-list.
pub(crate) fn sanitize(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// The scheme of `url` (lowercased), if it has one; `None` for relative URLs.
/// Tabs and newlines inside, and leading/trailing whitespace and control
/// characters, are ignored the way browsers ignore them.
fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => return (!scheme.is_empty()).then_some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// Whether `url` may be used as a link or image address: relative, or with
/// an allowed scheme (http, https, mailto, tel).
pub(crate) fn url_allowed(url: &str) -> bool {
    scheme(url).is_none_or(|s| URL_SCHEMES.contains(&s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_script_and_handlers() {
        let out = sanitize("<p>a<script>alert(1)</script>b</p><img src=x onerror=alert(1)>");
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("alert"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(out.contains("<img src=\"x\">"), "{out}");
    }

    #[test]
    fn removes_bad_urls() {
        for bad in [
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<a href=\" java\tscript:alert(1)\">x</a>",
            "<a href=\"vbscript:x\">x</a>",
            "<img src=\"data:text/html;base64,PHNjcmlwdD4=\">",
        ] {
            let out = sanitize(bad);
            assert!(!out.contains("href"), "{bad} → {out}");
            assert!(!out.contains("src"), "{bad} → {out}");
        }
        assert_eq!(sanitize("<a href=\"/x\">x</a>"), "<a href=\"/x\">x</a>");
        assert_eq!(sanitize("<a href=\"#fn-1\">x</a>"), "<a href=\"#fn-1\">x</a>");
        assert_eq!(
            sanitize("<a href=\"mailto:a@b.c\">x</a>"),
            "<a href=\"mailto:a@b.c\">x</a>"
        );
    }

    #[test]
    fn removes_embedding_elements() {
        let out = sanitize("<iframe src=\"https://x\">in</iframe><object data=x></object><embed src=x><svg onload=alert(1)><text>t</text></svg><form action=x><input></form><style>p{}</style>");
        for bad in [
            "iframe", "object", "embed", "svg", "onload", "form", "input", "style", "alert",
        ] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
    }

    #[test]
    fn keeps_harmless_markup() {
        for ok in [
            "<sup>1</sup>",
            "<b>b</b>",
            "<span class=\"x\">s</span>",
            "<h2 id=\"a\">t</h2>",
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\"><code>x</code></pre>",
            "<table><thead><tr><th align=\"center\">h</th></tr></thead><tbody><tr><td colspan=\"2\">d</td></tr></tbody></table>",
            "<details open=\"\"><summary>s</summary>d</details>",
            "<a href=\"https://example.com/\" rel=\"noopener\">x</a>",
            "<kbd>K</kbd><mark>m</mark><abbr title=\"t\">a</abbr>",
        ] {
            assert_eq!(sanitize(ok), ok);
        }
    }

    #[test]
    fn drops_ids_elsewhere_and_styles() {
        assert_eq!(sanitize("<p id=\"x\" style=\"color:red\">p</p>"), "<p>p</p>");
    }

    #[test]
    fn url_policy() {
        assert!(url_allowed("https://example.com"));
        assert!(url_allowed("/a/b"));
        assert!(url_allowed("a/b:c"));
        assert!(url_allowed("#x"));
        assert!(url_allowed("?q=1"));
        assert!(url_allowed("tel:+86"));
        assert!(url_allowed(""));
        assert!(!url_allowed("javascript:alert(1)"));
        assert!(!url_allowed(" \u{1}JAVASCRIPT:alert(1)"));
        assert!(!url_allowed("java\nscript:alert(1)"));
        assert!(!url_allowed("data:text/html,x"));
        assert!(!url_allowed("vbscript:x"));
    }
}
