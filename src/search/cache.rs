//! The words jieba found in each document, kept between builds
//! (`.shudu-cache/search/words.txt` under the site root): segmenting is the
//! costly part of indexing, so a document whose indexed text has not changed
//! (same hash) is not segmented again. `load` reads the file, `write` saves
//! it after a build with the entries that build used.
//!
//! The file is text, one document a line: the hash in hex, then each word
//! with its weight digit in front, separated by tabs.

use std::collections::HashMap;
use std::sync::Arc;

/// The words of one document, each with the weight of the field it came from.
pub(crate) type Words = Arc<[(u8, Box<str>)]>;

/// Words by document hash.
#[derive(Debug, Default, Clone)]
pub(crate) struct TermCache {
    pub(crate) entries: HashMap<u64, Words>,
}

impl TermCache {
    /// Reads the cache file's text; a line it cannot read is skipped (the
    /// document is segmented again).
    pub(crate) fn parse(text: &str) -> TermCache {
        let mut entries = HashMap::new();
        for line in text.lines() {
            let mut parts = line.split('\t');
            let Some(Ok(hash)) = parts.next().map(|h| u64::from_str_radix(h, 16)) else {
                continue;
            };
            let words: Option<Vec<(u8, Box<str>)>> = parts
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let mut chars = p.chars();
                    let w = chars.next()?.to_digit(10)?;
                    Some((u8::try_from(w).ok()?, chars.as_str().into()))
                })
                .collect();
            if let Some(words) = words {
                entries.insert(hash, words.into());
            }
        }
        TermCache { entries }
    }

    /// The file's text, lines sorted by hash (the same cache, the same bytes).
    pub(crate) fn to_text(&self) -> String {
        let mut keys: Vec<&u64> = self.entries.keys().collect();
        keys.sort();
        let mut out = String::new();
        for k in keys {
            out.push_str(&format!("{k:016x}"));
            for (w, word) in self.entries[k].iter() {
                out.push('\t');
                out.push_str(&w.to_string());
                out.push_str(word);
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_form_round_trips_and_bad_lines_are_skipped() {
        let mut c = TermCache::default();
        c.entries
            .insert(42, vec![(3, "阿拉尔".into()), (1, "援疆干部".into())].into());
        c.entries.insert(7, Vec::new().into());
        let text = c.to_text();
        assert!(text.starts_with("0000000000000007\n"), "{text}");
        let back = TermCache::parse(&format!("{text}zz\tword\n0000000000000001\tx\n"));
        assert_eq!(back.entries.len(), 2);
        assert_eq!(back.entries[&42], c.entries[&42]);
    }
}
