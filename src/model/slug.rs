//! Slugs: the ASCII names of items in URLs.
//!
//! A slug given in front matter wins and must match `^[a-z0-9][a-z0-9-]*$`.
//! Otherwise the file stem is used; Han characters in it become pinyin without
//! tones (one reading per character: 长沙 → zhang-sha, which is why a
//! front-matter slug always wins), then the whole is slugified.

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
    slug::slugify(spelled)
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
    fn slug_pattern() {
        assert!(is_valid_slug("a-1"));
        assert!(!is_valid_slug("-a"));
        assert!(!is_valid_slug("A"));
        assert!(!is_valid_slug(""));
        assert!(!is_valid_slug("a/b"));
    }
}
