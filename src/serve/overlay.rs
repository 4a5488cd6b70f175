//! The error overlay `serve` puts on every page while the site has errors:
//! the last good pages stay readable underneath.

use crate::diagnostic::Diagnostic;
use crate::render::templates::escape_html;

/// Id of the overlay element (tests and the reload script look for it).
pub(crate) const OVERLAY_ID: &str = "shudu-errors";

/// The overlay's HTML for `errors` (nothing when there are none).
pub(crate) fn overlay_html(errors: &[Diagnostic]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut o = format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;\
         margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#ffe9e7;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
         border-top:4px solid #ff6b5e;box-shadow:0 -4px 16px rgba(0,0,0,.4)\">\
         <p style=\"margin:0 0 .5rem;font-weight:700\">shudu: {} error(s) — showing the last good build</p><ul style=\"margin:0;padding-left:1.2rem\">",
        errors.len()
    );
    for d in errors {
        o.push_str("<li><code style=\"color:#ffb3ab\">");
        o.push_str(&escape_html(&format!("{}:{}:{}", d.path, d.line, d.col)));
        o.push_str("</code> ");
        o.push_str(&escape_html(&d.message));
        o.push_str("</li>");
    }
    o.push_str("</ul></div>");
    o
}

/// `html` with the overlay inserted before `</body>` (or at the end).
pub(crate) fn inject(html: &str, overlay: &str) -> String {
    if overlay.is_empty() {
        return html.to_string();
    }
    match html.rfind("</body>") {
        Some(i) => format!("{}{overlay}{}", &html[..i], &html[i..]),
        None => format!("{html}{overlay}"),
    }
}

/// A page for when no build has succeeded yet.
pub(crate) fn error_page(errors: &[Diagnostic]) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>shudu: errors</title></head><body>\
         <h1>The site has errors</h1><p>Fix them and this page reloads.</p>{}</body></html>",
        overlay_html(errors)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_lists_errors_escaped() {
        let d = Diagnostic::error("content/stories/a.md", 3, 7, "bad <value>");
        let html = inject("<html><body><p>x</p></body></html>", &overlay_html(&[d]));
        assert!(html.contains("content/stories/a.md:3:7"));
        assert!(html.contains("bad &lt;value&gt;"));
        assert!(html.find(OVERLAY_ID) < html.find("</body>"));
        assert_eq!(inject("<p>x</p>", ""), "<p>x</p>");
    }
}
