//! Text to index terms, and a query to the terms it looks up.
//!
//! Chinese has no spaces, so a run of Han characters is indexed three ways:
//! every character (a one-character query), every pair of neighbours (any
//! longer query is the pairs it is made of, so 援疆资金 inside
//! 全年安排援疆资金3.2186亿元 is found), and the words of three characters or
//! more that jieba finds (they rank an exact word higher). Everything else
//! is words of letters and digits, lowercased. `search.js` tokenises a
//! query with the same rules ([`query_terms`]).

use std::sync::OnceLock;

/// Whether `c` is a Han character (CJK unified ideographs and extensions).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// A piece of text: a run of Han characters, or a lowercased word.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Run<'a> {
    Han(&'a str),
    Word(String),
}

/// A piece of text as [`scan`] gives it: a run of Han characters (borrowed
/// from the text), or a word, lowercased (borrowed from the scanner's buffer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'t, 'w> {
    Han(&'t str),
    Word(&'w str),
}

/// Gives `emit` the pieces of `text`, in order; punctuation and spaces
/// separate them. `word` is the buffer words are lowercased into (reused,
/// so that a word costs no allocation).
pub(crate) fn scan<'t>(text: &'t str, word: &mut String, mut emit: impl FnMut(Piece<'t, '_>)) {
    word.clear();
    let mut han_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            if let Some(s) = han_start.take() {
                emit(Piece::Han(&text[s..i]));
            }
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else if !word.is_empty() {
                emit(Piece::Word(word));
                word.clear();
            }
            continue;
        }
        if is_han(c) {
            if !word.is_empty() {
                emit(Piece::Word(word));
                word.clear();
            }
            han_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = han_start.take() {
            emit(Piece::Han(&text[s..i]));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            emit(Piece::Word(word));
            word.clear();
        }
    }
    if let Some(s) = han_start {
        emit(Piece::Han(&text[s..]));
    }
    if !word.is_empty() {
        emit(Piece::Word(word));
        word.clear();
    }
}

/// The runs of `text`, in order, owned ([`scan`] without a buffer).
pub(crate) fn runs(text: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut word = String::new();
    scan(text, &mut word, |p| match p {
        Piece::Han(h) => out.push(Run::Han(h)),
        Piece::Word(w) => out.push(Run::Word(w.to_string())),
    });
    out
}

/// A cheap term (no dictionary): one Han character, a pair of neighbours,
/// or a lowercased word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term<'a> {
    Han(char, Option<char>),
    Word(&'a str),
}

impl Term<'_> {
    /// The term as the index writes it (the tests' reference).
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        match *self {
            Term::Han(a, b) => std::iter::once(a).chain(b).collect(),
            Term::Word(w) => w.to_string(),
        }
    }
}

/// The cheap terms of `text`: each Han character and each pair of
/// neighbours, and each word; given to `emit` in order, repeats included.
pub(crate) fn terms(text: &str, mut emit: impl FnMut(Term<'_>)) {
    let mut word = String::new();
    scan(text, &mut word, |piece| match piece {
        Piece::Word(w) => emit(Term::Word(w)),
        Piece::Han(h) => {
            let mut prev: Option<char> = None;
            for c in h.chars() {
                emit(Term::Han(c, None));
                if let Some(p) = prev {
                    emit(Term::Han(p, Some(c)));
                }
                prev = Some(c);
            }
        }
    });
}

/// [`terms`] as strings.
#[cfg(test)]
pub(crate) fn plain_terms(text: &str, mut emit: impl FnMut(&str)) {
    terms(text, |t| emit(&t.text()));
}

/// jieba with its built-in dictionary, loaded on first use (once per process).
fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// The words of three Han characters or more that jieba finds in `text`
/// (shorter ones are already pairs or characters), without HMM guessing.
pub(crate) fn segmented_words<'t>(text: &'t str, mut emit: impl FnMut(&'t str)) {
    let mut word = String::new();
    scan(text, &mut word, |piece| {
        if let Piece::Han(h) = piece {
            if h.chars().nth(2).is_none() {
                return;
            }
            for t in jieba().cut(h, false) {
                if t.word.chars().nth(2).is_some() {
                    emit(t.word);
                }
            }
        }
    });
}

/// What a query looks up: every term in `required` must be in a page;
/// `boost` terms (whole Han runs of three characters or more, as jieba
/// may have indexed them) raise a page that has them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms a page must have, each once: Han characters and pairs,
    /// lowercased words.
    pub required: Vec<String>,
    pub(crate) boost: Vec<String>,
}

/// The terms of a query (the rules `search.js` follows): a one-character
/// Han run is that character, a longer one its pairs (and itself as a
/// boost); words are lowercased. Repeats are dropped.
pub fn query_terms(q: &str) -> Query {
    let mut query = Query::default();
    let add = |list: &mut Vec<String>, t: String| {
        if !list.contains(&t) {
            list.push(t);
        }
    };
    for run in runs(q) {
        match run {
            Run::Word(w) => add(&mut query.required, w),
            Run::Han(h) => {
                let chars: Vec<char> = h.chars().collect();
                if chars.len() == 1 {
                    add(&mut query.required, h.to_string());
                } else {
                    for pair in chars.windows(2) {
                        add(&mut query.required, pair.iter().collect());
                    }
                    if chars.len() >= 3 {
                        add(&mut query.boost, h.to_string());
                    }
                }
            }
        }
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        plain_terms(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn han_runs_give_characters_and_pairs_and_words_are_lowercased() {
        assert_eq!(plain("援疆 Aid-2022"), ["援", "疆", "援疆", "aid", "2022"]);
        let terms = plain("全年安排援疆资金3.2186亿元");
        for t in ["援疆", "疆资", "资金", "3", "2186", "亿元"] {
            assert!(terms.iter().any(|x| x == t), "{t} in {terms:?}");
        }
    }

    #[test]
    fn jieba_finds_long_words_only() {
        let mut words = Vec::new();
        segmented_words("阿拉尔市的援疆干部", |w| words.push(w.to_string()));
        assert!(words.iter().all(|w| w.chars().count() >= 3), "{words:?}");
        assert!(words.iter().any(|w| w == "阿拉尔" || w == "阿拉尔市"), "{words:?}");
    }

    #[test]
    fn a_query_is_its_pairs_with_the_whole_run_as_a_boost() {
        let q = query_terms("援疆资金");
        assert_eq!(q.required, ["援疆", "疆资", "资金"]);
        assert_eq!(q.boost, ["援疆资金"]);
        assert_eq!(query_terms("疆").required, ["疆"]);
        let q = query_terms("Aid  FUNDS, aid");
        assert_eq!(q.required, ["aid", "funds"]);
        assert!(q.boost.is_empty());
        assert_eq!(query_terms("  ,，").required, Vec::<String>::new());
    }

    #[test]
    fn every_query_term_of_a_text_is_among_its_index_terms() {
        let text = "阿拉尔市全年安排援疆资金 Medical teams";
        let terms = plain(text);
        for q in ["阿拉尔", "援疆资金", "medical", "TEAMS", "疆"] {
            for t in query_terms(q).required {
                assert!(terms.contains(&t), "{t} of {q}");
            }
        }
    }
}
