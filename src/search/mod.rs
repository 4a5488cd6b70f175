//! Search: a static index per language, built from what readers see, queried
//! in the browser by the theme's `js/search.js` (no server, no other host).
//!
//! `build_index` turns a language's documents (`Doc`: stories, commands,
//! yearly figures pages, free pages) into files beside its search page
//! (`/search/`, `/en/search/`):
//!
//! - `t<n>.json`, the shards of the term index ([`shard`]): a query
//!   downloads only the shards of its terms;
//! - `d<n>.json`, documents in chunks of `CHUNK`: `[url, title, date,
//!   command, excerpt]`, downloaded for the results shown;
//! - `b<n>.json`, the body text of documents in chunks of `BODY_CHUNK`
//!   (at most `BODY_CHARS` characters each), downloaded only for a
//!   result whose excerpt lacks the hit, to show the hit in the body.
//!
//! Terms are made by [`tokenize`]; jieba's words are kept between builds in
//! a `cache::TermCache`, so an unchanged document is not segmented again.
//! Filters (command, sector, year) are terms too (`c:<slug>`, `s:<term>`,
//! `y:<year>`), which no text produces (text terms never hold `:`).

pub(crate) mod cache;
pub(crate) mod postings;
pub mod shard;
pub(crate) mod text;
pub mod tokenize;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

pub(crate) use cache::{TermCache, Words};

/// Documents per `d<n>.json` file.
pub(crate) const CHUNK: usize = 16;

/// Characters of excerpt text kept per document.
pub(crate) const EXCERPT_CHARS: usize = 240;

/// Documents per `b<n>.json` file (`search.js` has the same number): few,
/// since a result whose excerpt lacks the hit downloads its body's file.
pub(crate) const BODY_CHUNK: usize = 4;

/// Characters of body text kept per document in `b<n>.json`.
pub(crate) const BODY_CHARS: usize = 4000;

/// Weight of a term found in a title.
pub(crate) const TITLE: u8 = 3;
/// Weight of a term found in a summary, figure label, command or sector name.
pub(crate) const LABEL: u8 = 2;
/// Weight of a term found in body text.
pub(crate) const BODY: u8 = 1;

/// One page as the index sees it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    /// The page's link (with the base URL's path).
    pub(crate) url: String,
    pub(crate) title: String,
    /// The date as the page's language writes it, or empty.
    pub(crate) date: String,
    /// The command (or commands) shown with the result, or empty.
    pub(crate) command: String,
    /// Text the result's excerpt is cut from (summary, figure labels).
    pub(crate) excerpt: String,
    /// Filter terms: `c:<command slug>`, `s:<sector term>`, `y:<year>`.
    pub(crate) facets: Vec<String>,
    /// Indexed text, each with its weight ([`TITLE`], [`LABEL`], [`BODY`]).
    pub(crate) fields: Vec<(u8, String)>,
}

impl Doc {
    /// The hash of what is indexed of this document: its cache key.
    pub(crate) fn key(&self) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(b"shudu-search-1\0");
        for (w, text) in &self.fields {
            h.update(&[*w]);
            h.update(text.as_bytes());
            h.update(b"\0");
        }
        h.digest()
    }

    /// The body text excerpts around a hit are cut from: the first
    /// [`BODY`] field, at most [`BODY_CHARS`] characters.
    fn body(&self) -> &str {
        let text = self
            .fields
            .iter()
            .find(|(w, _)| *w == BODY)
            .map_or("", |(_, t)| t.as_str());
        match text.char_indices().nth(BODY_CHARS) {
            Some((i, _)) => &text[..i],
            None => text,
        }
    }
}

/// One language's index, ready to write.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// File name (beside the search page) and bytes.
    pub(crate) files: Vec<(String, Vec<u8>)>,
    pub(crate) shards: usize,
    pub(crate) docs: usize,
    /// A hash of the files, added to their URLs so that a browser never
    /// mixes shards of two builds.
    pub(crate) version: String,
    /// Documents segmented by this build (the others came from the cache).
    pub(crate) segmented: usize,
    /// The words of every document, for the next build's cache.
    pub(crate) words: HashMap<u64, Words>,
}

/// The words jieba finds in `doc`'s fields, with their weights.
fn segment(doc: &Doc) -> Words {
    let mut words: Vec<(u8, Box<str>)> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for (w, text) in &doc.fields {
        tokenize::segmented_words(text, |word| {
            if seen.insert(word) {
                words.push((*w, word.into()));
            }
        });
    }
    words.into()
}

/// Builds the index of `docs` (their order is their id: ties in ranking
/// go to the earlier), taking jieba's words from `cache` where it has them.
pub(crate) fn build_index(docs: &[Doc], cache: &TermCache) -> Index {
    let keyed: Vec<(u64, Words, bool)> = docs
        .par_iter()
        .map(|d| {
            let key = d.key();
            match cache.entries.get(&key) {
                Some(w) => (key, Arc::clone(w), false),
                None => (key, segment(d), true),
            }
        })
        .collect();
    let segmented = keyed.iter().filter(|(_, _, fresh)| *fresh).count();
    let words: Vec<&[(u8, Box<str>)]> = keyed.iter().map(|(_, w, _)| &w[..]).collect();
    let terms = postings::index(docs, &words);
    drop(words);
    let shards = terms.shard_count(docs.len());
    let mut files: Vec<(String, Vec<u8>)> = terms
        .shards_json(shards)
        .into_iter()
        .enumerate()
        .map(|(i, s)| (format!("t{i}.json"), s))
        .collect();
    drop(terms);
    for (i, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<[&str; 5]> = chunk
            .iter()
            .map(|d| [&*d.url, &*d.title, &*d.date, &*d.command, &*d.excerpt])
            .collect();
        let json = serde_json::to_vec(&rows).unwrap_or_default();
        files.push((format!("d{i}.json"), json));
    }
    for (i, chunk) in docs.chunks(BODY_CHUNK).enumerate() {
        let bodies: Vec<&str> = chunk.iter().map(Doc::body).collect();
        let json = serde_json::to_vec(&bodies).unwrap_or_default();
        files.push((format!("b{i}.json"), json));
    }
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (name, bytes) in &files {
        h.update(name.as_bytes());
        h.update(bytes);
    }
    Index {
        files,
        shards,
        docs: docs.len(),
        version: format!("{:08x}", h.digest() as u32),
        segmented,
        words: keyed.into_iter().map(|(k, w, _)| (k, w)).collect(),
    }
}

/// `text` cut to [`EXCERPT_CHARS`] characters.
pub(crate) fn clip(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> Doc {
        Doc {
            url: format!("/{title}/"),
            title: title.into(),
            facets: vec!["y:2022".into()],
            fields: vec![(TITLE, title.into()), (BODY, body.into())],
            ..Doc::default()
        }
    }

    fn postings_of(index: &Index, term: &str) -> Vec<(u32, u8)> {
        let shard = &index.files[shard::shard_of(term, index.shards)].1;
        let v: serde_json::Value = serde_json::from_slice(shard).expect("json");
        v[term]
            .as_str()
            .map(|s| shard::decode_postings(s).expect("postings"))
            .unwrap_or_default()
    }

    #[test]
    fn an_index_finds_words_inside_runs_and_reuses_its_cache() {
        let docs = vec![
            doc("阿拉尔", "全年安排援疆资金3.2186亿元"),
            doc("Aid", "Medical teams in Aral"),
            doc("援疆资金", ""),
        ];
        let index = build_index(&docs, &TermCache::default());
        assert_eq!(index.segmented, 3);
        // 疆资: doc 0 in its body (weight 1), doc 2 in its title (weight 3).
        assert_eq!(postings_of(&index, "疆资"), [(0, 1), (2, 3)]);
        assert_eq!(postings_of(&index, "medical"), [(1, 1)]);
        assert_eq!(postings_of(&index, "y:2022"), [(0, 0), (1, 0), (2, 0)]);
        assert_eq!(index.files.iter().filter(|(n, _)| n.starts_with('d')).count(), 1);
        let bodies = &index.files.iter().find(|(n, _)| n == "b0.json").expect("b0.json").1;
        assert_eq!(
            serde_json::from_slice::<Vec<String>>(bodies).expect("json"),
            ["全年安排援疆资金3.2186亿元", "Medical teams in Aral", ""]
        );
        let again = build_index(
            &docs,
            &TermCache {
                entries: index.words.clone(),
            },
        );
        assert_eq!(again.segmented, 0, "an unchanged document is not segmented again");
        assert_eq!(again.files, index.files);
        assert_eq!(again.version, index.version);
        let mut edited = docs.clone();
        edited[1].fields[1].1.push_str(" again");
        let third = build_index(&edited, &TermCache { entries: index.words });
        assert_eq!(third.segmented, 1, "only the edited document");
    }

    #[test]
    fn clip_cuts_long_excerpts() {
        assert_eq!(clip("短"), "短");
        assert_eq!(clip(&"字".repeat(300)).chars().count(), EXCERPT_CHARS + 1);
    }
}
