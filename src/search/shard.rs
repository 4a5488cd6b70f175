//! Which shard file holds a term, and the shards as JSON.
//!
//! A term's shard is its FNV-1a hash (32 bits, over its UTF-8 bytes) modulo
//! the number of shards, a power of two; `search.js` computes the same. A
//! shard is a JSON object, term → postings: each posting is
//! `(doc − previous doc) × 4 + weight`, doc ids ascending.

/// Bytes a shard should hold at most, about: the first query downloads the
/// shards of its terms.
pub(crate) const TARGET_SHARD_BYTES: usize = 40_000;

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
    let bytes: usize = terms.iter().zip(postings).map(|(t, p)| t.len() + 4 + 3 * p.len()).sum();
    shards_for(bytes, docs)
}

/// How many shards an index of about `bytes` gets: a power of two, so that
/// a shard holds about [`TARGET_SHARD_BYTES`], at most [`MAX_SHARDS`] and at
/// most one per eight documents (the files count against hosting limits).
/// `bytes` counts each term's length + 4, and 3 a posting.
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
/// postings (`doc << 2 | weight`, doc ascending) delta-encoded.
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
        out.extend_from_slice(b":[");
        let mut prev = 0u32;
        for (j, p) in postings.iter().enumerate() {
            let (doc, weight) = (p >> 2, p & 3);
            if j > 0 {
                out.push(b',');
            }
            push_number(&mut out, (doc - prev) * 4 + weight);
            prev = doc;
        }
        out.push(b']');
    }
    out.push(b'}');
    out
}

/// `n` in decimal.
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
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
        assert_eq!(s["援疆"], serde_json::json!([7, 13]));
        let s: serde_json::Value = serde_json::from_slice(&shards[shard_of("aid", 4)]).expect("json");
        assert_eq!(s["aid"], serde_json::json!([2]));
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
