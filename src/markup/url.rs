//! Paths and URLs as links write them: percent-decoding, schemes, and the
//! `..` walk of a relative path.

/// Decodes the `%XX` escapes of a URL path (the one decoder of the crate,
/// on the `percent-encoding` crate: links, asset paths, requests to
/// `serve`). A malformed escape (`%zz`, `100%`) is kept as written; `None`
/// when the decoded bytes are not UTF-8.
pub(crate) fn percent_decode_utf8(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// [`percent_decode_utf8`], or `text` as written when it does not decode to UTF-8.
pub(crate) fn percent_decode(text: &str) -> String {
    percent_decode_utf8(text).unwrap_or_else(|| text.to_string())
}

/// The segments of a relative `path` without `.` (and empty ones), each
/// `..` taking back the segment before it; `None` when a `..` climbs above
/// where the path starts.
pub(crate) fn segments_within(path: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts)
}

/// `mailto:`, `https:`, `data:`, `c:`… .
pub(crate) fn has_scheme(href: &str) -> bool {
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Whether `s` is an acceptable slug (a segment of a URL the site makes):
/// `^[a-z0-9][a-z0-9-]*$`.
pub fn is_valid_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// First segments of site paths that the site uses itself: a free page or a
/// language cannot be called so.
pub(crate) const RESERVED_SLUGS: &[&str] = &[
    "stories", "commands", "figures", "sectors", "data", "embed", "page", "static", "css", "js", "fonts", "images",
    "404", "search",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b/%E5%8F%B0"), "/a b/台");
        assert_eq!(percent_decode("/100%/"), "/100%/");
        assert_eq!(percent_decode("/%FF/"), "/%FF/");
        assert_eq!(percent_decode_utf8("/%zz").as_deref(), Some("/%zz"));
        assert_eq!(percent_decode_utf8("/%FF"), None);
    }

    #[test]
    fn schemes_and_segments() {
        assert!(has_scheme("mailto:a@b.c") && has_scheme("c:/a") && has_scheme("web+x:y"));
        assert!(!has_scheme("images/a.jpg") && !has_scheme("1a:b") && !has_scheme(":x"));
        assert_eq!(segments_within("a/./b/../c/"), Some(vec!["a", "c"]));
        assert_eq!(segments_within("a/../../b"), None);
    }
}
