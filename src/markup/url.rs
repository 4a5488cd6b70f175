//! Paths and URLs as links write them: percent-decoding, schemes, and the
//! `..` walk of a relative path.

/// Decodes `%XX` escapes (as UTF-8); a malformed escape is kept as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The segments of a relative `path` without `.` (and empty ones), each
/// `..` taking back the segment before it; `None` when a `..` climbs above
/// where the path starts.
pub fn segments_within(path: &str) -> Option<Vec<&str>> {
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
pub fn has_scheme(href: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b/%E5%8F%B0"), "/a b/台");
        assert_eq!(percent_decode("/100%/"), "/100%/");
    }

    #[test]
    fn schemes_and_segments() {
        assert!(has_scheme("mailto:a@b.c") && has_scheme("c:/a") && has_scheme("web+x:y"));
        assert!(!has_scheme("images/a.jpg") && !has_scheme("1a:b") && !has_scheme(":x"));
        assert_eq!(segments_within("a/./b/../c/"), Some(vec!["a", "c"]));
        assert_eq!(segments_within("a/../../b"), None);
    }
}
