//! The one font share images are drawn with, built into the binary (see
//! `fonts/README.md`): no system font is ever looked up, so the same input
//! gives the same pixels everywhere.

use std::sync::{Arc, OnceLock};

use skrifa::{FontRef, MetadataProvider};

/// Noto Sans CJK SC Regular, subset to GB 2312 and the sample portal's characters.
pub(crate) const FONT: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular-subset.otf");

/// The font's family name, as SVG text names it.
pub(crate) const FAMILY: &str = "Noto Sans CJK SC";

/// A short hash of the font, part of every share image's cache key: a
/// remade font draws every image again.
pub(crate) fn version() -> u64 {
    static HASH: OnceLock<u64> = OnceLock::new();
    *HASH.get_or_init(|| xxhash_rust::xxh3::xxh3_64(FONT))
}

/// The font database usvg lays text out with: the bundled font only, as
/// every generic family too.
pub(crate) fn database() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.set_serif_family(FAMILY);
        db.set_sans_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// The first character of `text` the font has no glyph for (white space and
/// controls aside: they draw nothing).
pub(crate) fn missing_glyph(text: &str) -> Option<char> {
    let font = FontRef::new(FONT).ok()?;
    let charmap = font.charmap();
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .find(|c| charmap.map(*c).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_has_chinese_english_and_figures_punctuation() {
        assert_eq!(
            missing_glyph("援疆资金 3.2186亿元，Aid funds: CNY 321.86 million · 2022年（%）"),
            None
        );
        assert_eq!(missing_glyph("阿拉尔 阿克苏 富蕴"), None);
    }

    #[test]
    fn a_rare_character_or_an_emoji_is_missing() {
        assert_eq!(missing_glyph("资金𠀀"), Some('𠀀'));
        assert_eq!(missing_glyph("📈 增长"), Some('📈'));
    }

    #[test]
    fn the_database_holds_the_bundled_font_only() {
        let db = database();
        assert_eq!(db.len(), 1);
        assert!(db.faces().all(|f| f.families.iter().any(|(n, _)| n == FAMILY)));
    }
}
