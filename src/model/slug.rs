//! Slugs: the ASCII names of items in URLs.
//!
//! A slug given in front matter wins and must match `^[a-z0-9][a-z0-9-]*$`.
//! Otherwise the file stem is used; Han characters in it become pinyin without
//! tones (one reading per character: 长沙 → zhang-sha, which is why a
//! front-matter slug always wins), then the whole is slugified.
//!
//! A slug is at most `MAX_SLUG_LEN` characters: it names a folder of the
//! output, and file systems refuse long names. A slug made from a file name
//! is cut at the last `-` that keeps it within the limit; a front-matter slug
//! over the limit is an error.

/// The longest slug, in characters (slugs are ASCII: bytes too).
pub(crate) const MAX_SLUG_LEN: usize = 80;

use pinyin::ToPinyin;

pub use crate::markup::url::is_valid_slug;

/// The slug of a file stem: pinyin for Han characters, then [`slug::slugify`].
/// Returns an empty string when nothing usable is left.
pub fn slug_from_stem(stem: &str) -> String {
    let mut spelled = String::with_capacity(stem.len() * 2);
    for c in stem.chars() {
        match c.to_pinyin() {
            Some(p) => {
                spelled.push(' ');
                spelled.push_str(p.plain());
                spelled.push(' ');
            }
            None => spelled.push(c),
        }
    }
    shorten(slug::slugify(spelled))
}

/// `slug` cut to [`MAX_SLUG_LEN`] at a word boundary (a `-`), or hard at
/// the limit when its first word alone is longer.
fn shorten(slug: String) -> String {
    if slug.len() <= MAX_SLUG_LEN {
        return slug;
    }
    // Slugified text is ASCII, so byte offsets are character offsets.
    let head = &slug[..=MAX_SLUG_LEN];
    let cut = match head.rfind('-') {
        Some(i) if i > 0 => i,
        _ => MAX_SLUG_LEN,
    };
    slug[..cut].trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_stems_become_pinyin() {
        assert_eq!(slug_from_stem("台州智力援疆"), "tai-zhou-zhi-li-yuan-jiang");
        assert_eq!(slug_from_stem("长沙"), "zhang-sha");
        assert_eq!(slug_from_stem("2022年数读"), "2022-nian-shu-du");
    }

    #[test]
    fn ascii_stems_are_slugified() {
        assert_eq!(slug_from_stem("Alar Talent_Aid"), "alar-talent-aid");
        assert_eq!(slug_from_stem("alar-talent"), "alar-talent");
        assert_eq!(slug_from_stem("！！"), "");
    }

    #[test]
    fn long_stems_are_cut_at_a_word_boundary() {
        let slug = slug_from_stem(&"台州智力援疆".repeat(20));
        assert_eq!(slug.len(), 80, "{slug}");
        assert!(slug.ends_with("-yuan-jiang"), "{slug}");
        assert_eq!(slug_from_stem(&"a".repeat(300)), "a".repeat(MAX_SLUG_LEN));
        let exact = format!("{}-b", "a".repeat(MAX_SLUG_LEN - 2));
        assert_eq!(slug_from_stem(&exact), exact);
        assert_eq!(slug_from_stem(&format!("{exact}c")), "a".repeat(MAX_SLUG_LEN - 2));
    }

    #[test]
    fn slug_pattern() {
        assert!(is_valid_slug("a-1"));
        assert!(!is_valid_slug("-a"));
        assert!(!is_valid_slug("A"));
        assert!(!is_valid_slug(""));
        assert!(!is_valid_slug("a/b"));
    }
}
