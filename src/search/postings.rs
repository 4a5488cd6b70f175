//! The term index of one language, built in parallel: which documents hold
//! each term, and with what weight.
//!
//! Documents go in batches of [`BATCH`]. First each document of a batch
//! becomes its own list of terms, in parallel: each term once, with the
//! highest weight it has there, in the order the terms first appear. Then
//! the terms are interned in [`PARTS`] parts in parallel, a term's part
//! being its shard hash ([`shard::fnv1a`]) modulo [`PARTS`]: a part sees the
//! documents in order, so its postings come out sorted. Each term keeps the
//! place it first appeared (document, then position), and a shard writes its
//! terms in that order: the same bytes whatever the number of threads, and
//! the same as interning the documents one after another in one thread.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{shard, tokenize, Doc};

/// Documents tokenised together before their terms are interned: bounds the
/// memory the lists of terms take.
const BATCH: usize = 512;

/// Parts the terms are interned in, in parallel.
const PARTS: usize = 64;

/// One term of one document: a Han character or pair (`len == 0`, `key` the
/// characters packed as `a << 21 | b`), or a word (`key` its offset in the
/// document's `text`, `len` its length in bytes).
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: u64,
    len: u32,
    /// The term's [`shard::fnv1a`].
    hash: u32,
    weight: u8,
}

/// A Han character or pair, packed.
fn han_key(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, u64::from)
}

/// [`shard::fnv1a`] of a Han character or pair, without making the string.
fn han_hash(a: char, b: Option<char>) -> u32 {
    let mut buf = [0u8; 8];
    let n = a.encode_utf8(&mut buf).len();
    let m = b.map_or(0, |b| b.encode_utf8(&mut buf[n..]).len());
    shard::fnv1a_bytes(&buf[..n + m])
}

/// Finds a word among those already seen by a 64-bit hash of its text; the
/// rare word whose hash another word already has is in `collided`.
#[derive(Default)]
struct WordIds {
    first: FxHashMap<u64, u32>,
    collided: Vec<u32>,
}

impl WordIds {
    fn clear(&mut self) {
        self.first.clear();
        self.collided.clear();
    }

    /// The id of `word` (hash `h`) if seen, `text` giving a seen id's text.
    fn get<'s>(&self, h: u64, word: &str, text: impl Fn(u32) -> &'s str) -> Option<u32> {
        let id = *self.first.get(&h)?;
        if text(id) == word {
            return Some(id);
        }
        self.collided.iter().copied().find(|i| text(*i) == word)
    }

    /// Records a new word's id.
    fn insert(&mut self, h: u64, id: u32) {
        match self.first.entry(h) {
            std::collections::hash_map::Entry::Occupied(_) => self.collided.push(id),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(id);
            }
        }
    }
}

/// The terms of one document, each once, in the order they first appear,
/// grouped by part (`order[starts[p]..starts[p + 1]]` are part `p`'s).
#[derive(Default)]
struct DocTerms {
    entries: Vec<Entry>,
    /// The words' text, one after another.
    text: String,
    order: Vec<u32>,
    starts: Vec<u32>,
}

impl DocTerms {
    fn word(&self, e: &Entry) -> &str {
        let at = e.key as usize;
        &self.text[at..at + e.len as usize]
    }
}

/// Maps reused from one document to the next.
#[derive(Default)]
struct Scratch {
    han: FxHashMap<u64, u32>,
    words: WordIds,
}

/// `doc`'s terms: those of its fields, then jieba's `words`, then its facets.
fn doc_terms(doc: &Doc, words: &[(u8, Box<str>)], scratch: &mut Scratch) -> DocTerms {
    scratch.han.clear();
    scratch.words.clear();
    let mut out = DocTerms::default();
    let mut add = |out: &mut DocTerms, t: tokenize::Term<'_>, weight: u8| {
        let next = u32::try_from(out.entries.len()).unwrap_or(u32::MAX);
        let found = match t {
            tokenize::Term::Han(a, b) => {
                let key = han_key(a, b);
                match scratch.han.get(&key) {
                    Some(i) => Some(*i),
                    None => {
                        scratch.han.insert(key, next);
                        out.entries.push(Entry {
                            key,
                            len: 0,
                            hash: han_hash(a, b),
                            weight,
                        });
                        None
                    }
                }
            }
            tokenize::Term::Word(w) => {
                let h = xxhash_rust::xxh3::xxh3_64(w.as_bytes());
                let seen = scratch.words.get(h, w, |i| out.word(&out.entries[i as usize]));
                if seen.is_none() {
                    scratch.words.insert(h, next);
                    out.entries.push(Entry {
                        key: out.text.len() as u64,
                        len: u32::try_from(w.len()).unwrap_or(u32::MAX),
                        hash: shard::fnv1a(w),
                        weight,
                    });
                    out.text.push_str(w);
                }
                seen
            }
        };
        if let Some(i) = found {
            let e = &mut out.entries[i as usize];
            e.weight = e.weight.max(weight);
        }
    };
    for (w, text) in &doc.fields {
        tokenize::terms(text, |t| add(&mut out, t, *w));
    }
    for (w, word) in words {
        add(&mut out, tokenize::Term::Word(word), *w);
    }
    for f in &doc.facets {
        add(&mut out, tokenize::Term::Word(f), 0);
    }
    // Grouped by part, keeping the order within each (a counting sort).
    let mut starts = vec![0u32; PARTS + 1];
    for e in &out.entries {
        starts[part_of(e.hash) + 1] += 1;
    }
    for p in 0..PARTS {
        starts[p + 1] += starts[p];
    }
    let mut fill = starts.clone();
    out.order = vec![0; out.entries.len()];
    for (i, e) in out.entries.iter().enumerate() {
        let slot = &mut fill[part_of(e.hash)];
        out.order[*slot as usize] = i as u32;
        *slot += 1;
    }
    out.starts = starts;
    out
}

fn part_of(hash: u32) -> usize {
    hash as usize & (PARTS - 1)
}

/// The terms of one part: their text, where each first appeared, postings.
#[derive(Default)]
struct Part {
    han: FxHashMap<u64, u32>,
    words: WordIds,
    /// Every term's text, one after another; term `i` ends at `ends[i]`.
    text: String,
    ends: Vec<u32>,
    hashes: Vec<u32>,
    /// Where each term first appeared: document `<< 32 |` position in it.
    first: Vec<u64>,
    /// Per term, `doc << 2 | weight`, doc ascending.
    postings: Vec<Vec<u32>>,
}

impl Part {
    fn term(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] as usize };
        &self.text[start..self.ends[id] as usize]
    }

    /// Adds entry `pos` of document `doc`.
    fn add(&mut self, doc: u32, pos: u32, terms: &DocTerms) {
        let e = &terms.entries[pos as usize];
        let next = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        let (id, new) = if e.len == 0 {
            match self.han.get(&e.key) {
                Some(id) => (*id, false),
                None => {
                    self.han.insert(e.key, next);
                    let a = char::from_u32((e.key >> 21) as u32).unwrap_or('\u{fffd}');
                    self.text.push(a);
                    if let Some(b) = char::from_u32((e.key & 0x1f_ffff) as u32).filter(|b| *b != '\0') {
                        self.text.push(b);
                    }
                    (next, true)
                }
            }
        } else {
            let word = terms.word(e);
            let h = xxhash_rust::xxh3::xxh3_64(word.as_bytes());
            match self.words.get(h, word, |i| self.term(i)) {
                Some(id) => (id, false),
                None => {
                    self.words.insert(h, next);
                    self.text.push_str(word);
                    (next, true)
                }
            }
        };
        if new {
            self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
            self.hashes.push(e.hash);
            self.first.push((u64::from(doc) << 32) | u64::from(pos));
            self.postings.push(Vec::new());
        }
        self.postings[id as usize].push((doc << 2) | u32::from(e.weight));
    }
}

/// The postings of every term of a language's documents.
pub(crate) struct Terms {
    parts: Vec<Part>,
}

/// Indexes `docs`, `words[i]` being jieba's words of `docs[i]`.
pub(crate) fn index(docs: &[Doc], words: &[&[(u8, Box<str>)]]) -> Terms {
    let mut parts: Vec<Part> = (0..PARTS).map(|_| Part::default()).collect();
    for (b, batch) in docs.chunks(BATCH).enumerate() {
        let base = b * BATCH;
        let terms: Vec<DocTerms> = batch
            .par_iter()
            .enumerate()
            .map_init(Scratch::default, |scratch, (i, d)| {
                doc_terms(d, words.get(base + i).copied().unwrap_or_default(), scratch)
            })
            .collect();
        parts.par_iter_mut().enumerate().for_each(|(p, part)| {
            for (i, t) in terms.iter().enumerate() {
                let doc = u32::try_from(base + i).unwrap_or(u32::MAX >> 2);
                for pos in &t.order[t.starts[p] as usize..t.starts[p + 1] as usize] {
                    part.add(doc, *pos, t);
                }
            }
        });
    }
    Terms { parts }
}

impl Terms {
    /// How many shards these terms get ([`shard::shards_for`]).
    pub(crate) fn shard_count(&self, docs: usize) -> usize {
        let bytes = self
            .parts
            .iter()
            .flat_map(|p| (0..p.ends.len()).map(move |i| (p, i)))
            .map(|(p, i)| p.term(i as u32).len() + 4 + shard::encoded_len(&p.postings[i]))
            .sum();
        shard::shards_for(bytes, docs)
    }

    /// The shard files, `shards` of them (a power of two): each shard's
    /// terms in the order they first appeared.
    pub(crate) fn shards_json(&self, shards: usize) -> Vec<Vec<u8>> {
        let mut by_shard: Vec<Vec<(u64, u32, u32)>> = vec![Vec::new(); shards];
        for (p, part) in self.parts.iter().enumerate() {
            for (id, (hash, first)) in part.hashes.iter().zip(&part.first).enumerate() {
                by_shard[*hash as usize & (shards - 1)].push((*first, p as u32, id as u32));
            }
        }
        by_shard
            .into_par_iter()
            .map(|mut terms| {
                terms.sort_unstable_by_key(|t| t.0);
                shard::write_shard(terms.iter().map(|(_, p, id)| {
                    let part = &self.parts[*p as usize];
                    (part.term(*id), &part.postings[*id as usize][..])
                }))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{BODY, LABEL, TITLE};

    /// The index as one thread would intern it, term by term, in strings.
    fn reference(docs: &[Doc], words: &[&[(u8, Box<str>)]]) -> (Vec<String>, Vec<Vec<u32>>) {
        let mut ids: std::collections::HashMap<String, usize> = Default::default();
        let (mut names, mut postings) = (Vec::new(), Vec::<Vec<u32>>::new());
        for (doc, d) in docs.iter().enumerate() {
            let mut seen: Vec<(usize, u8)> = Vec::new();
            let mut add = |t: String, w: u8| {
                let id = *ids.entry(t.clone()).or_insert_with(|| {
                    names.push(t);
                    postings.push(Vec::new());
                    names.len() - 1
                });
                match seen.iter_mut().find(|(i, _)| *i == id) {
                    Some(s) => s.1 = s.1.max(w),
                    None => seen.push((id, w)),
                }
            };
            for (w, text) in &d.fields {
                tokenize::plain_terms(text, |t| add(t.to_string(), *w));
            }
            for (w, word) in words[doc] {
                add(word.to_string(), *w);
            }
            for f in &d.facets {
                add(f.clone(), 0);
            }
            for (id, w) in seen {
                postings[id].push(((doc as u32) << 2) | u32::from(w));
            }
        }
        (names, postings)
    }

    /// Documents enough for three batches, with shared and rare terms,
    /// words that need lowercasing, repeats in several fields.
    fn docs() -> Vec<Doc> {
        let han: Vec<char> = "援疆资金阿拉尔市全年安排医疗教育产业文化旅游".chars().collect();
        (0..BATCH * 2 + 37)
            .map(|i| {
                let body: String = (0..40).map(|j| han[(i * 7 + j * j) % han.len()]).collect();
                Doc {
                    facets: vec![format!("y:{}", 2015 + i % 9), format!("c:cmd{}", i % 5)],
                    fields: vec![
                        (TITLE, format!("Aid {} 援疆 Ärzte", i % 13)),
                        (LABEL, format!("{body} Funds{} aid", i % 31)),
                        (BODY, format!("{body}，MEDICAL teams {} 援疆资金 aid", i % 101)),
                    ],
                    ..Doc::default()
                }
            })
            .collect()
    }

    #[test]
    fn shards_are_the_same_bytes_whatever_the_threads_and_as_one_thread_interning() {
        let docs = docs();
        let jieba: Vec<Vec<(u8, Box<str>)>> = (0..docs.len())
            .map(|i| vec![(BODY, "援疆资金".into()), (TITLE, format!("阿拉尔{}", i % 3).into())])
            .collect();
        let words: Vec<&[(u8, Box<str>)]> = jieba.iter().map(|w| &w[..]).collect();
        let (names, postings) = reference(&docs, &words);
        let n = shard::shard_count(&names, &postings, docs.len());
        let expected = shard::shards_json(&names, &postings, n);
        for threads in [1, 2, 5] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let terms = pool.install(|| index(&docs, &words));
            assert_eq!(terms.shard_count(docs.len()), n, "{threads} threads");
            for shards in [1, n, 64, 256] {
                let want = shard::shards_json(&names, &postings, shards);
                assert_eq!(
                    pool.install(|| terms.shards_json(shards)),
                    want,
                    "{threads} threads, {shards} shards"
                );
            }
            assert_eq!(terms.shards_json(n), expected);
        }
    }

    #[test]
    fn words_whose_hashes_collide_are_told_apart() {
        let text = ["a", "b", "c"];
        let mut ids = WordIds::default();
        ids.insert(7, 0);
        ids.insert(7, 1);
        assert_eq!(ids.get(7, "a", |i| text[i as usize]), Some(0));
        assert_eq!(ids.get(7, "b", |i| text[i as usize]), Some(1));
        assert_eq!(ids.get(7, "c", |i| text[i as usize]), None);
        assert_eq!(ids.get(8, "a", |i| text[i as usize]), None);
    }
}
