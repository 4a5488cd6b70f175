//! Summaries and reading time that understand Chinese: a summary is cut at a
//! sentence end (。！？, or `. ! ?` before a space in other scripts) near the
//! target length; reading time counts CJK characters (about 400 a minute)
//! and other words (about 200 a minute) separately.

use super::cjk::is_cjk_char;

/// CJK characters read per minute.
const CJK_CHARS_PER_MINUTE: usize = 400;
/// Words of alphabetic scripts read per minute.
const WORDS_PER_MINUTE: usize = 200;

/// Closing marks that stay with the sentence they end (`。”`, `！）`).
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '》' | '】')
}

/// Char offsets just after each sentence end in `chars`.
fn sentence_ends(chars: &[char]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let full = matches!(c, '。' | '！' | '？' | '…');
        let half = matches!(c, '.' | '!' | '?');
        if full || half {
            let mut end = i + 1;
            while end < chars.len() && (is_closing(chars[end]) || chars[end] == c) {
                end += 1;
            }
            // A half-width stop ends a sentence only before a space or at the end
            // (not in 3.2186 or example.org).
            if full || end == chars.len() || chars[end].is_whitespace() {
                ends.push(end);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    ends
}

/// A summary of `text` of about `target` characters: the whole text when it
/// is short enough; else up to the sentence end nearest `target` (within
/// 1.5 × `target`); else `target` characters and an ellipsis.
pub(crate) fn summarize(text: &str, target: usize) -> String {
    let text = text.trim();
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= target {
        return text.to_string();
    }
    let limit = target + target / 2;
    let best = sentence_ends(&chars)
        .into_iter()
        .filter(|&end| end <= limit)
        .min_by_key(|&end| (end.abs_diff(target), end));
    match best {
        Some(end) => chars[..end].iter().collect::<String>().trim_end().to_string(),
        None => {
            let mut cut: String = chars[..target].iter().collect();
            // Do not end a word in the middle in alphabetic text.
            if chars[target].is_alphanumeric() && !is_cjk_char(chars[target]) {
                if let Some(space) = cut.rfind(char::is_whitespace) {
                    cut.truncate(space);
                }
            }
            let mut cut = cut.trim_end().to_string();
            cut.push('…');
            cut
        }
    }
}

/// Counts of what a reader reads: CJK characters and words of other scripts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReadingCount {
    pub(crate) cjk_chars: usize,
    pub(crate) words: usize,
}

impl ReadingCount {
    /// Adds the characters and words of `text`.
    pub(crate) fn add(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            if c.is_ascii() {
                // Most characters of either language: decided without tables.
                if c.is_ascii_alphanumeric() {
                    if !in_word {
                        self.words += 1;
                    }
                    in_word = true;
                } else if !matches!(c, '\'' | '-' | '.' | ',') {
                    in_word = false;
                }
            } else if is_cjk_char(c) {
                self.cjk_chars += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    self.words += 1;
                }
                in_word = true;
            } else if c.is_whitespace() || !matches!(c, '\'' | '’' | '-' | '.' | ',') {
                in_word = false;
            }
        }
    }

    /// Minutes to read, rounded up, at least 1.
    pub(crate) fn minutes(&self) -> u32 {
        let per_mille = self.cjk_chars * 1000 / CJK_CHARS_PER_MINUTE + self.words * 1000 / WORDS_PER_MINUTE;
        u32::try_from(per_mille.div_ceil(1000)).unwrap_or(u32::MAX).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_whole() {
        assert_eq!(summarize("援疆。", 120), "援疆。");
    }

    #[test]
    fn chinese_cut_at_sentence_end_near_target() {
        let s1 = "甲".repeat(50) + "。";
        let s2 = "乙".repeat(65) + "！";
        let s3 = "丙".repeat(80) + "？";
        let text = format!("{s1}{s2}{s3}");
        // Ends at 51, 117 and 198: 117 is nearest 120.
        assert_eq!(summarize(&text, 120), format!("{s1}{s2}"));
    }

    #[test]
    fn closing_quote_stays_with_sentence() {
        let text = format!("他说：“{}。”{}", "好".repeat(110), "后".repeat(100));
        let s = summarize(&text, 120);
        assert!(s.ends_with("。”"), "{s}");
    }

    #[test]
    fn decimal_point_is_not_a_sentence_end() {
        let text = format!("{} 3.2186 {}", "word ".repeat(22), "more ".repeat(40));
        let s = summarize(&text, 120);
        assert!(s.ends_with('…'), "{s}");
        assert!(!s.ends_with("3.…"));
    }

    #[test]
    fn english_cut_at_sentence_end() {
        let text = format!("{}. {}. {}", "a".repeat(100), "b".repeat(30), "c".repeat(200));
        assert_eq!(
            summarize(&text, 120),
            format!("{}. {}.", "a".repeat(100), "b".repeat(30))
        );
    }

    #[test]
    fn no_sentence_end_cuts_with_ellipsis() {
        let s = summarize(&"援".repeat(300), 120);
        assert_eq!(s.chars().count(), 121);
        assert!(s.ends_with('…'));
        let s = summarize(&"word ".repeat(100), 120);
        assert!(s.ends_with("word…"), "{s}");
    }

    #[test]
    fn reading_time() {
        let mut c = ReadingCount::default();
        c.add(&"援".repeat(800));
        assert_eq!(c.minutes(), 2);
        let mut c = ReadingCount::default();
        c.add(&"aid ".repeat(201));
        assert_eq!(c.words, 201);
        assert_eq!(c.minutes(), 2);
        let mut c = ReadingCount::default();
        c.add("台州 Taizhou's aid, 3.2186 亿元");
        assert_eq!(c.cjk_chars, 4);
        assert_eq!(c.words, 3);
        assert_eq!(ReadingCount::default().minutes(), 1);
    }
}
