//! What embedders copy: the iframe snippet with its resizing script, the
//! no-iframe fallback, and the oEmbed response.
//!
//! The message protocol: a widget posts `{type: "shudu:height", id, height}`
//! to its parent (on load and whenever its size changes). The snippet's script
//! accepts a message only when `event.origin` is the site's origin and
//! `event.source` is the `contentWindow` of one of the page's iframes, and
//! sets that iframe's height. Without the script the iframe keeps its
//! default height (and scrolls).

use crate::render::open_data::json_str;
use crate::render::templates::escape_html;

/// Default width announced in oEmbed responses (the iframe itself is 100% wide).
pub(crate) const OEMBED_WIDTH: u32 = 640;

/// The parts of a snippet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SnippetParts<'a> {
    /// Absolute URL of the widget (`https://…/stories/x/widget.html`).
    pub(crate) widget_url: &'a str,
    /// Message id, `[a-z0-9_-]` (also the iframe's `id`).
    pub(crate) id: &'a str,
    /// Accessible title of the iframe.
    pub(crate) title: &'a str,
    pub(crate) height: u32,
    /// The site's origin (`https://aid.example.org`): messages from elsewhere are ignored.
    pub(crate) origin: &'a str,
}

/// The listener pasted with the iframe, `{origin}` filled in. Matches the
/// sender by `contentWindow === event.source`, checks the origin and the
/// message's shape, and bounds the height.
const LISTENER: &str = concat!(
    "<script>(function(o){addEventListener(\"message\",function(e){",
    "var d=e.data,f=document.getElementsByTagName(\"iframe\"),i,h;",
    "if(e.origin!==o||!d||d.type!==\"shudu:height\")return;",
    "h=Math.ceil(+d.height);if(!(h>0&&h<1e5))return;",
    "for(i=0;i<f.length;i++)if(f[i].contentWindow===e.source)f[i].style.height=h+\"px\"",
    "})})({origin})</script>"
);

/// `s` as a JavaScript string literal that is safe inside `<script>`.
fn js_str(s: &str) -> String {
    json_str(s).replace('<', "\\u003c").replace('>', "\\u003e")
}

/// The listener script for `origin`.
pub(crate) fn listener(origin: &str) -> String {
    LISTENER.replace("{origin}", &js_str(origin))
}

/// The iframe snippet: the iframe at its default height, then the listener.
pub(crate) fn iframe_snippet(p: &SnippetParts<'_>) -> String {
    format!(
        "<iframe src=\"{src}?id={id}\" id=\"{id}\" title=\"{title}\" width=\"100%\" height=\"{h}\" \
         style=\"width:100%;max-width:100%;border:0\" loading=\"lazy\"></iframe>\n{script}",
        src = escape_html(p.widget_url),
        id = escape_html(p.id),
        title = escape_html(p.title),
        h = p.height,
        script = listener(p.origin)
    )
}

/// The fallback for platforms that strip iframes: a link to the page around
/// the widget's chart image.
pub(crate) fn fallback_snippet(page_url: &str, svg_url: &str, alt: &str) -> String {
    format!(
        "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" style=\"max-width:100%;height:auto\"></a>",
        escape_html(page_url),
        escape_html(svg_url),
        escape_html(alt)
    )
}

/// What a story widget's text fallback shows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextFallback<'a> {
    /// Absolute URL of the story's page.
    pub(crate) page_url: &'a str,
    pub(crate) title: &'a str,
    /// `lang` of the text (`zh-Hans`).
    pub(crate) lang: &'a str,
    /// (label, value, qualifier) of each key number.
    pub(crate) figures: &'a [(&'a str, &'a str, &'a str)],
    /// The kicker above the title (`数读`).
    pub(crate) credit: &'a str,
}

/// The fallback of a story widget for platforms that strip iframes: its
/// numbers as plain HTML (a quotation, a list and links, which editors and
/// newsletters keep), so that a story needs no image of its own.
pub(crate) fn text_fallback(f: &TextFallback<'_>) -> String {
    let items: Vec<String> = f
        .figures
        .iter()
        .map(|(label, value, meta)| {
            format!(
                "<li>{}: <strong>{}</strong> ({})</li>",
                escape_html(label),
                escape_html(value),
                escape_html(meta)
            )
        })
        .collect();
    let href = escape_html(f.page_url);
    format!(
        "<blockquote lang=\"{lang}\" cite=\"{href}\">\n<p>{credit} · <a href=\"{href}\">{title}</a></p>\n<ul>\n{items}\n</ul>\n</blockquote>",
        lang = escape_html(f.lang),
        credit = escape_html(f.credit),
        title = escape_html(f.title),
        items = items.join("\n")
    )
}

/// The oEmbed response (`type: rich`).
pub(crate) fn oembed_json(html: &str, height: u32, title: &str, provider_name: &str, provider_url: &str) -> String {
    let fields = [
        ("version", json_str("1.0")),
        ("type", json_str("rich")),
        ("title", json_str(title)),
        ("provider_name", json_str(provider_name)),
        ("provider_url", json_str(provider_url)),
        ("width", OEMBED_WIDTH.to_string()),
        ("height", height.to_string()),
        ("html", json_str(html)),
    ];
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("  \"{k}\": {v}")).collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

/// A widget's default height (px) before it reports its own: its content at
/// about 640 px wide, where key numbers sit three to a row (taller rows where
/// values are long words, `wide_values`: English). `sources` story links in
/// the footer; `chart_px` the chart's height.
pub(crate) fn default_height(figures: usize, wide_values: bool, sources: usize, chart_px: u32) -> u32 {
    let rows = figures.div_ceil(3) as u32;
    let row = if wide_values { 140 } else { 115 };
    (150 + rows * row + sources as u32 * 22 + chart_px).clamp(200, 1600)
}

/// The height of an inline chart drawn `width` px wide: from its viewBox.
pub(crate) fn chart_height(svg: &str, width: f64) -> u32 {
    let vb = svg
        .split_once("viewBox=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(vb, _)| {
            vb.split_whitespace()
                .filter_map(|n| n.parse::<f64>().ok())
                .collect::<Vec<_>>()
        });
    match vb.as_deref() {
        Some([_, _, w, h]) if *w > 0.0 => (h * width / w).ceil().clamp(0.0, 4000.0) as u32,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(title: &'a str) -> SnippetParts<'a> {
        SnippetParts {
            widget_url: "https://aid.example.org/stories/a/widget.html",
            id: "shudu-zh-story-a",
            title,
            height: 400,
            origin: "https://aid.example.org",
        }
    }

    #[test]
    fn snippet_is_an_iframe_and_a_small_listener() {
        let s = iframe_snippet(&parts("数读"));
        assert!(s.starts_with(
            "<iframe src=\"https://aid.example.org/stories/a/widget.html?id=shudu-zh-story-a\" id=\"shudu-zh-story-a\""
        ));
        assert!(s.contains("height=\"400\""));
        let script = &s[s.find("<script>").expect("script")..];
        assert!(script.len() < 1024, "{} bytes", script.len());
        assert!(script.contains("e.origin!==o") && script.contains("contentWindow===e.source"));
        assert!(script.contains("(\"https://aid.example.org\")"));
        assert!(script.ends_with("</script>"));
    }

    #[test]
    fn text_is_escaped_for_html_and_js() {
        let s = iframe_snippet(&parts("\"><script>alert(1)</script>"));
        assert!(s.contains("title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
        assert_eq!(listener("</script>").matches("</script>").count(), 1);
        let f = fallback_snippet("https://x/a/", "https://x/a/chart.svg", "a \"b\" <c>");
        assert!(f.contains("alt=\"a &quot;b&quot; &lt;c&gt;\""));
    }

    #[test]
    fn text_fallback_lists_the_numbers_escaped() {
        let f = text_fallback(&TextFallback {
            page_url: "https://x/stories/a/?q=1&r=2",
            title: "<b>援疆</b>",
            lang: "zh-Hans",
            figures: &[("资金", "3.2亿元", "2022年"), ("x<", "1", "y")],
            credit: "数读",
        });
        assert!(f.starts_with("<blockquote lang=\"zh-Hans\" cite=\"https://x/stories/a/?q=1&amp;r=2\">"));
        assert!(f.contains("<a href=\"https://x/stories/a/?q=1&amp;r=2\">&lt;b&gt;援疆&lt;/b&gt;</a>"));
        assert!(f.contains("<li>资金: <strong>3.2亿元</strong> (2022年)</li>"));
        assert!(f.contains("<li>x&lt;: <strong>1</strong> (y)</li>"));
        assert!(!f.contains("<img") && !f.contains("<script"));
    }

    #[test]
    fn oembed_is_valid_json_with_the_snippet() {
        let html = iframe_snippet(&parts("标题 \"q\""));
        let j = oembed_json(&html, 400, "标题 \"q\"", "援疆数读", "https://aid.example.org/");
        let v: serde_json::Value = serde_json::from_str(&j).expect("JSON");
        assert_eq!(v["version"], "1.0");
        assert_eq!(v["type"], "rich");
        assert_eq!(v["html"], html.as_str());
        assert_eq!(v["width"], 640);
        assert_eq!(v["height"], 400);
        assert_eq!(v["title"], "标题 \"q\"");
        assert_eq!(v["provider_url"], "https://aid.example.org/");
    }

    #[test]
    fn default_heights_grow_with_content() {
        assert!(default_height(1, false, 0, 0) < default_height(6, false, 0, 0));
        assert!(default_height(6, true, 0, 0) > default_height(6, false, 0, 0));
        assert!(default_height(3, false, 1, 0) > default_height(3, false, 0, 0));
        assert_eq!(default_height(3, false, 0, 200), default_height(3, false, 0, 0) + 200);
        assert_eq!(default_height(1000, true, 3, 500), 1600);
        assert_eq!(chart_height("<svg class=\"x\" viewBox=\"0 0 360 90\">", 480.0), 120);
        assert_eq!(chart_height("<svg>", 480.0), 0);
    }
}
