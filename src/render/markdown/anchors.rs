//! Heading anchors: ids generated from heading text, unique per document.

use std::collections::HashSet;

/// Longest generated id, in characters (longer headings are cut).
const MAX_ID_CHARS: usize = 80;

/// Turns heading text into an id: letters and digits kept (lowercased; CJK
/// as-is), runs of whitespace and hyphens become one `-`, punctuation and
/// symbols are dropped. Empty results become `section`.
///
/// `Talent aid` → `talent-aid`; `产业扶持 打造富民兴“疆”新引擎` →
/// `产业扶持-打造富民兴疆新引擎`.
pub(crate) fn slugify(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut chars = 0;
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            let dash = pending_dash && !id.is_empty();
            if chars + 1 + usize::from(dash) > MAX_ID_CHARS {
                break;
            }
            if dash {
                id.push('-');
                chars += 1;
            }
            pending_dash = false;
            if c.is_ascii() {
                id.push(c.to_ascii_lowercase());
            } else {
                id.extend(c.to_lowercase());
            }
            chars += 1;
        } else if c.is_whitespace() || c == '-' {
            pending_dash = true;
        }
    }
    if id.is_empty() {
        id.push_str("section");
    }
    id
}

/// The prefix of the ids a theme gives the page around a body; generated
/// heading ids never take it.
pub(crate) const THEME_ID_PREFIX: &str = "shudu-";

/// The ids used so far in one document.
#[derive(Default)]
pub(crate) struct Anchors {
    used: HashSet<String>,
    /// Author-given ids already written on a heading.
    given: HashSet<String>,
}

impl Anchors {
    /// Marks `id` as taken (ids the renderer itself emits, author-given ids).
    pub(crate) fn reserve(&mut self, id: String) {
        self.used.insert(id);
    }

    /// Whether `id` is taken.
    #[cfg(test)]
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// The id for a heading whose author gave `id` (reserved beforehand): `id`
    /// itself the first time, outside the theme's namespace; else a free
    /// `id-1`, `id-2`, … (two headings `{#a}` must not share an id; found by
    /// fuzzing).
    pub(crate) fn given(&mut self, id: String) -> String {
        if !id.starts_with(THEME_ID_PREFIX) && self.given.insert(id.clone()) {
            return id;
        }
        self.claim(id)
    }

    /// `base` if free, else the first free `base-1`, `base-2`, …; marks it
    /// taken. A `base` in the theme's namespace (`shudu-main`: ids beginning
    /// `shudu-` belong to the page around the body) is never free.
    pub(crate) fn claim(&mut self, base: String) -> String {
        if !base.starts_with(THEME_ID_PREFIX) && !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let mut n = 1usize;
        loop {
            let candidate = format!("{base}-{n}");
            if !self.used.contains(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_id_is_used_once() {
        let mut a = Anchors::default();
        a.reserve("x".into());
        a.reserve("shudu-main".into());
        assert_eq!(a.given("x".into()), "x");
        assert_eq!(a.given("x".into()), "x-1");
        assert_eq!(a.claim("x".into()), "x-2");
        assert_eq!(a.given("shudu-main".into()), "shudu-main-1");
    }

    #[test]
    fn generated_ids_stay_out_of_the_themes_namespace() {
        let mut a = Anchors::default();
        assert_eq!(a.claim(slugify("Main")), "main");
        assert_eq!(a.claim(slugify("Shudu main")), "shudu-main-1");
        assert_eq!(a.claim(slugify("Shudu main")), "shudu-main-2");
    }

    #[test]
    fn english() {
        assert_eq!(slugify("Talent aid"), "talent-aid");
        assert_eq!(slugify("  Hello, World! "), "hello-world");
        assert_eq!(slugify("C++ & Rust -- 2024"), "c-rust-2024");
        assert_eq!(slugify("don't stop"), "dont-stop");
        assert_eq!(slugify("snake_case id"), "snake_case-id");
    }

    #[test]
    fn chinese() {
        assert_eq!(slugify("产业扶持 打造富民兴“疆”新引擎"), "产业扶持-打造富民兴疆新引擎");
        assert_eq!(slugify("2023年：援疆成果"), "2023年援疆成果");
        assert_eq!(slugify("一、总体情况"), "一总体情况");
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert_eq!(slugify(""), "section");
        assert_eq!(slugify("？！…"), "section");
        assert_eq!(slugify("   "), "section");
    }

    #[test]
    fn long_text_is_cut() {
        let long = "word ".repeat(100);
        let id = slugify(&long);
        assert!(id.chars().count() <= MAX_ID_CHARS);
        assert!(!id.ends_with('-'));
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut a = Anchors::default();
        assert_eq!(a.claim("intro".into()), "intro");
        assert_eq!(a.claim("intro".into()), "intro-1");
        assert_eq!(a.claim("intro".into()), "intro-2");
        a.reserve("x-1".into());
        assert_eq!(a.claim("x".into()), "x");
        assert_eq!(a.claim("x".into()), "x-2");
        assert!(a.contains("x-2"));
    }
}
