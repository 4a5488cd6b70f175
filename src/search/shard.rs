//! Which shard file holds a term, and the shards as JSON.
//!
//! A term's shard is its FNV-1a hash (32 bits, over its UTF-8 bytes) modulo
//! the number of shards, a power of two; `search.js` computes the same. A
//! shard is a JSON object, term → postings as a string of base64url
//! characters (no JSON escaping needed), in the shorter of two forms:
//!
//! - **deltas:** each posting is `(doc − previous doc) × 4 + weight`, doc
//!   ids ascending, written as a varint of 5-bit groups, lowest first, one
//!   character each (its value is the group, plus 32 when more follow);
//! - **bitmap** (for a term many documents have, none with weight 0), after a `!`: one
//!   character per three documents from document 0, each document's weight
//!   in two bits (0: absent), the first document in the lowest bits.
//!
//! A term in nearly every document then costs a third of a byte a
//! document, a rare one about two bytes a posting ([`decode_postings`]
//! reads them back).

/// Bytes a shard should hold at most, about: the first query downloads the
/// shards of its terms.
pub(crate) const TARGET_SHARD_BYTES: usize = 16_000;

/// The most shards one language's index has.
pub(crate) const MAX_SHARDS: usize = 1024;

/// FNV-1a, 32 bits.
pub(crate) fn fnv1a(term: &str) -> u32 {
    fnv1a_bytes(term.as_bytes())
}

/// FNV-1a, 32 bits, of bytes.
pub(crate) fn fnv1a_bytes(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The shard of `term` among `shards` (a power of two).
pub fn shard_of(term: &str, shards: usize) -> usize {
    (fnv1a(term) as usize) & (shards - 1)
}

/// How many shards an index of these postings gets ([`shards_for`]).
#[cfg(test)]
pub(crate) fn shard_count(terms: &[String], postings: &[Vec<u32>], docs: usize) -> usize {
    let bytes: usize = terms
        .iter()
        .zip(postings)
        .map(|(t, p)| t.len() + 4 + encoded_len(p))
        .sum();
    shards_for(bytes, docs)
}

/// How many shards an index of about `bytes` gets: a power of two, so that
/// a shard holds about [`TARGET_SHARD_BYTES`], at most [`MAX_SHARDS`] and at
/// most one per eight documents (the files count against hosting limits).
/// `bytes` counts each term's length + 4, and its postings' [`encoded_len`].
pub(crate) fn shards_for(bytes: usize, docs: usize) -> usize {
    let wanted = bytes.div_ceil(TARGET_SHARD_BYTES).next_power_of_two();
    let by_docs = (docs / 8).max(1);
    let cap = if by_docs.is_power_of_two() {
        by_docs
    } else {
        by_docs.next_power_of_two() / 2
    };
    wanted.min(cap).clamp(1, MAX_SHARDS)
}

/// The shards of `terms` with their `postings`, each shard's terms in the
/// order of `terms`.
#[cfg(test)]
pub(crate) fn shards_json(terms: &[String], postings: &[Vec<u32>], shards: usize) -> Vec<Vec<u8>> {
    let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); shards];
    for (i, term) in terms.iter().enumerate() {
        by_shard[shard_of(term, shards)].push(i);
    }
    by_shard
        .into_iter()
        .map(|ids| write_shard(ids.iter().map(|id| (terms[*id].as_str(), &postings[*id][..]))))
        .collect()
}

/// One shard: a JSON object of `terms` in the order given, each with its
/// postings (`doc << 2 | weight`, doc ascending), encoded.
pub(crate) fn write_shard<'a>(terms: impl Iterator<Item = (&'a str, &'a [u32])>) -> Vec<u8> {
    let mut out = Vec::with_capacity(TARGET_SHARD_BYTES);
    out.push(b'{');
    for (i, (term, postings)) in terms.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if serde_json::to_writer(&mut out, term).is_err() {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(b":\"");
        push_postings(&mut out, postings);
        out.push(b'"');
    }
    out.push(b'}');
    out
}

/// The characters of the encoding, by value (base64url).
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Marks the bitmap form.
const BITMAP: u8 = b'!';

/// Characters of `postings` as deltas.
fn deltas_len(postings: &[u32]) -> usize {
    let mut prev = 0;
    postings
        .iter()
        .map(|p| {
            let v = p.wrapping_sub(prev << 2);
            prev = p >> 2;
            (32 - v.leading_zeros()).div_ceil(5).max(1) as usize
        })
        .sum()
}

/// Characters of `postings` as a bitmap (with its mark); `usize::MAX`
/// when a posting has weight 0 (filters: `c:`, `s:`, `y:` terms), which a
/// bitmap cannot tell from absence.
fn bitmap_len(postings: &[u32]) -> usize {
    if postings.iter().any(|p| p & 3 == 0) {
        return usize::MAX;
    }
    postings.last().map_or(1, |p| 1 + ((p >> 2) as usize + 1).div_ceil(3))
}

/// Characters the postings take in a shard (the shorter form).
pub(crate) fn encoded_len(postings: &[u32]) -> usize {
    deltas_len(postings).min(bitmap_len(postings))
}

/// Writes `postings` (`doc << 2 | weight`, doc ascending, weight 1–3) in
/// the shorter form.
fn push_postings(out: &mut Vec<u8>, postings: &[u32]) {
    if bitmap_len(postings) < deltas_len(postings) {
        out.push(BITMAP);
        let mut cell = 0usize;
        let mut bits = 0u8;
        for p in postings {
            let (doc, weight) = ((p >> 2) as usize, (p & 3) as u8);
            while cell < doc / 3 {
                out.push(DIGITS[bits as usize]);
                bits = 0;
                cell += 1;
            }
            bits |= weight << (2 * (doc % 3));
        }
        out.push(DIGITS[bits as usize]);
        return;
    }
    let mut prev = 0u32;
    for p in postings {
        let mut v = p.wrapping_sub(prev << 2);
        prev = p >> 2;
        loop {
            let group = (v & 31) as usize;
            v >>= 5;
            if v == 0 {
                out.push(DIGITS[group]);
                break;
            }
            out.push(DIGITS[group | 32]);
        }
    }
}

/// The postings of one term as a shard holds them: `(doc, weight)`, doc
/// ascending (what `search.js` decodes). `None` when `text` is not an
/// encoding of postings.
pub fn decode_postings(text: &str) -> Option<Vec<(u32, u8)>> {
    let value = |c: u8| DIGITS.iter().position(|d| *d == c).map(|v| v as u32);
    let mut out = Vec::new();
    if let Some(cells) = text.as_bytes().strip_prefix(&[BITMAP]) {
        for (cell, c) in cells.iter().enumerate() {
            let bits = value(*c)?;
            for k in 0..3 {
                let weight = (bits >> (2 * k)) & 3;
                if weight > 0 {
                    out.push((u32::try_from(cell * 3).ok()? + k, weight as u8));
                }
            }
        }
        return Some(out);
    }
    let (mut doc, mut v, mut shift) = (0u32, 0u32, 0u32);
    for c in text.bytes() {
        let group = value(c)?;
        v |= (group & 31).checked_shl(shift)?;
        if group & 32 != 0 {
            shift += 5;
            continue;
        }
        doc = doc.checked_add(v >> 2)?;
        out.push((doc, (v & 3) as u8));
        (v, shift) = (0, 0);
    }
    (shift == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_vectors() {
        assert_eq!(fnv1a(""), 0x811c9dc5);
        assert_eq!(fnv1a("a"), 0xe40c292c);
        assert_eq!(fnv1a("foobar"), 0xbf9cf968);
    }

    #[test]
    fn every_term_is_in_its_shard_with_delta_encoded_postings() {
        let terms = ["援疆".to_string(), "aid".to_string()];
        let postings = [vec![(1 << 2) | 3, (4 << 2) | 1], vec![2]];
        let shards = shards_json(&terms, &postings, 4);
        assert_eq!(shards.len(), 4);
        let s: serde_json::Value = serde_json::from_slice(&shards[shard_of("援疆", 4)]).expect("json");
        // Deltas 7 (doc 1, weight 3) and 13 (doc 4, weight 1), a character each.
        assert_eq!(s["援疆"], "HN");
        let s: serde_json::Value = serde_json::from_slice(&shards[shard_of("aid", 4)]).expect("json");
        assert_eq!(s["aid"], "C");
    }

    /// `doc << 2 | weight` postings from `(doc, weight)`.
    fn packed(docs: &[(u32, u8)]) -> Vec<u32> {
        docs.iter().map(|(d, w)| (d << 2) | u32::from(*w)).collect()
    }

    fn encode(postings: &[u32]) -> String {
        let mut out = Vec::new();
        push_postings(&mut out, postings);
        String::from_utf8(out).expect("ascii")
    }

    #[test]
    fn postings_decode_to_what_was_encoded_in_either_form() {
        let sparse = [(3, 1), (40, 2), (41, 3), (5000, 1), (1_000_000, 2)];
        let dense: Vec<(u32, u8)> = (0..300)
            .filter(|d| d % 7 != 0)
            .map(|d| (d, (d % 3 + 1) as u8))
            .collect();
        let filter = [(0, 0), (1, 0), (2, 0)];
        for docs in [&sparse[..], &dense[..], &filter[..], &[(0, 1)][..], &[][..]] {
            let text = encode(&packed(docs));
            assert_eq!(text.len(), encoded_len(&packed(docs)), "{text}");
            assert_eq!(decode_postings(&text).as_deref(), Some(docs), "{text}");
        }
        assert!(!encode(&packed(&sparse)).starts_with('!'));
        assert!(encode(&packed(&dense)).starts_with('!'), "a dense term as a bitmap");
        // A term in every one of 3,000 documents: a character per three.
        let all: Vec<(u32, u8)> = (0..3000).map(|d| (d, 1)).collect();
        assert_eq!(encode(&packed(&all)).len(), 1001);
    }

    #[test]
    fn broken_postings_are_refused() {
        assert_eq!(decode_postings("g"), None, "a group that says more follow, at the end");
        assert_eq!(decode_postings("A*"), None, "not a digit");
        assert_eq!(decode_postings("!*"), None);
    }

    #[test]
    fn shard_counts_are_powers_of_two_bounded_by_documents() {
        let terms: Vec<String> = (0..20_000).map(|i| format!("term{i}")).collect();
        let postings = vec![vec![0; 10]; terms.len()];
        let n = shard_count(&terms, &postings, 100_000);
        assert!(n.is_power_of_two() && n > 8, "{n}");
        assert_eq!(
            shard_count(&terms, &postings, 20),
            2,
            "at most one shard per eight documents"
        );
        assert_eq!(shard_count(&[], &[], 0), 1);
    }
}
