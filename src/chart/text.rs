//! Text helpers for charts: XML escaping, a width estimate without fonts, and
//! fitting labels into a width (wrap, then truncate with `…`).
//!
//! Widths are estimates in viewBox units: CJK and other wide characters count
//! as 1 em, Latin letters and digits about half an em (a little generous, so a
//! label that is estimated to fit does fit in the usual sans-serif fonts).

use unicode_width::UnicodeWidthChar;

/// Chinese: `zh`, `zh-Hans`, `zh_CN`…, in any case. Everything else is English.
pub(crate) fn is_zh(lang: &str) -> bool {
    lang.trim()
        .split(['-', '_'])
        .next()
        .is_some_and(|primary| primary.eq_ignore_ascii_case("zh"))
}

/// Escaping for XML text and attribute values (`&<>"'`), dropping the
/// characters XML 1.0 forbids, so the output always parses.
pub(crate) use crate::markup::escape::{push_xml as push_esc, xml as esc};

/// Whitespace (including newlines and tabs) collapsed to single spaces, trimmed.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Estimated advance of one character, in em: on the wide side of common
/// sans-serif fonts, so that what is estimated to fit does fit.
fn char_em(c: char) -> f64 {
    match c {
        '…' | '—' => 1.0,
        ' ' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.32,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' | '"' => 0.42,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.92,
        '<' | '>' | '=' | '+' | '~' | '&' | '#' | '$' => 0.84,
        'A'..='Z' => 0.72,
        '0'..='9' => 0.62,
        _ => match c.width() {
            Some(0) | None => 0.0,
            Some(1) => 0.6,
            Some(_) => 1.0,
        },
    }
}

/// Estimated width of `s` at font size `fs`.
pub(crate) fn text_width(s: &str, fs: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * fs
}

/// `s` if it fits in `max_w`, else its longest prefix that fits with `…`
/// appended. The flag tells whether it was cut.
pub(crate) fn fit_line(s: &str, max_w: f64, fs: f64) -> (String, bool) {
    if text_width(s, fs) <= max_w {
        return (s.to_string(), false);
    }
    let ellipsis = char_em('…') * fs;
    let mut w = 0.0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let cw = char_em(c) * fs;
        if w + cw + ellipsis > max_w {
            break;
        }
        w += cw;
        end = i + c.len_utf8();
    }
    let mut cut = s[..end].trim_end().to_string();
    cut.push('…');
    (cut, true)
}

/// `s` broken into at most `max_lines` lines of `max_w`: at a space when one is
/// near (Latin), else between characters (CJK); the last line is truncated with
/// `…` if the text does not fit. The flag tells whether anything was cut.
pub(crate) fn wrap_lines(s: &str, max_w: f64, fs: f64, max_lines: usize) -> (Vec<String>, bool) {
    let max_lines = max_lines.max(1);
    let mut lines = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        if lines.len() + 1 >= max_lines || text_width(rest, fs) <= max_w {
            let (line, cut) = fit_line(rest, max_w, fs);
            lines.push(line);
            return (lines, cut);
        }
        let (head, tail) = rest.split_at(break_at(rest, max_w, fs));
        lines.push(head.trim_end().to_string());
        rest = tail.trim_start();
    }
    (lines, false)
}

/// Byte index (> 0 for a non-empty `s`) where a line of `max_w` should end.
fn break_at(s: &str, max_w: f64, fs: f64) -> usize {
    let mut w = 0.0;
    let mut over = s.len();
    for (i, c) in s.char_indices() {
        w += char_em(c) * fs;
        if w > max_w {
            over = i;
            break;
        }
    }
    if over == 0 {
        // Not even one character fits: take it anyway, so there is progress.
        return s.chars().next().map_or(s.len(), char::len_utf8);
    }
    if s[over..].starts_with(' ') {
        return over;
    }
    let head = &s[..over];
    match head.rfind(' ') {
        Some(sp) if sp > 0 && text_width(&head[..sp], fs) >= max_w * 0.4 => sp,
        _ => over,
    }
}

/// The href if it is safe to emit as a link (no `javascript:`, `vbscript:` or
/// `data:` URL, not empty).
pub(crate) fn safe_href(href: &str) -> Option<&str> {
    let href = href.trim();
    let squashed: String = href
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .flat_map(char::to_lowercase)
        .collect();
    let bad = ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| squashed.starts_with(scheme));
    (!href.is_empty() && !bad).then_some(href)
}

/// An id restricted to `[A-Za-z0-9_-]` (anything else becomes `-`); `chart`
/// when empty.
pub(crate) fn clean_id(id: &str) -> String {
    let id: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.is_empty() {
        "chart".to_string()
    } else {
        id
    }
}

/// A coordinate with one decimal, `.0` dropped, never `-0` or `NaN`.
///
/// Tenths are rounded half away from zero, in integers: charts write
/// thousands of coordinates, and float formatting at a fixed precision is
/// many times slower.
pub(crate) fn num(x: f64) -> String {
    use std::fmt::Write;
    let tenths = (x * 10.0).round();
    if !tenths.is_finite() || tenths.abs() >= 1e17 {
        return if x.is_finite() {
            format!("{x:.0}")
        } else {
            "0".to_string()
        };
    }
    let tenths = tenths as i64;
    let mut s = String::with_capacity(8);
    if tenths < 0 {
        s.push('-');
    }
    let abs = tenths.unsigned_abs();
    let _ = write!(s, "{}", abs / 10);
    if !abs.is_multiple_of(10) {
        s.push('.');
        s.push(char::from(b'0' + (abs % 10) as u8));
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_five_and_drops_forbidden_controls() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(esc("a\u{0}b\u{1b}c\u{FFFF}"), "abc");
        assert_eq!(esc("台州\n"), "台州\n");
    }

    #[test]
    fn one_line_collapses_whitespace() {
        assert_eq!(one_line("  a \n\t b  "), "a b");
        assert_eq!(one_line(""), "");
    }

    #[test]
    fn cjk_counts_one_em_latin_about_half() {
        assert_eq!(text_width("援疆指挥部", 10.0), 50.0);
        let latin = text_width("Hangzhou", 10.0);
        assert!(latin > 35.0 && latin < 56.0, "{latin}");
        assert_eq!(text_width("", 14.0), 0.0);
    }

    #[test]
    fn fit_line_truncates_with_ellipsis() {
        assert_eq!(fit_line("杭州", 100.0, 14.0), ("杭州".to_string(), false));
        let (cut, was_cut) = fit_line("浙江省援疆指挥部阿克苏前方指挥部", 70.0, 14.0);
        assert!(was_cut);
        assert_eq!(cut, "浙江省援…");
        assert!(text_width(&cut, 14.0) <= 70.0);
        // Nothing fits: just the ellipsis, no panic.
        assert_eq!(fit_line("abc", 1.0, 14.0).0, "…");
    }

    #[test]
    fn wrap_prefers_spaces_in_latin_and_cuts_cjk_anywhere() {
        let (lines, cut) = wrap_lines("Xinjiang Production and Construction Corps", 150.0, 14.0, 2);
        assert_eq!(lines[0], "Xinjiang Production");
        assert!(cut);
        assert!(lines[1].ends_with('…'));
        let (lines, cut) = wrap_lines("浙江省援疆指挥部阿克苏前方", 112.0, 14.0, 2);
        assert_eq!(lines, ["浙江省援疆指挥部", "阿克苏前方"]);
        assert!(!cut);
        let (lines, _) = wrap_lines("", 98.0, 14.0, 2);
        assert!(lines.is_empty());
        // Zero width still terminates.
        let (lines, cut) = wrap_lines("abc def", 0.0, 14.0, 3);
        assert!(lines.len() <= 3 && cut);
    }

    #[test]
    fn hrefs_and_ids() {
        assert_eq!(safe_href(" /zh/figures/2022/ "), Some("/zh/figures/2022/"));
        assert_eq!(safe_href("java\tscript:alert(1)"), None);
        assert_eq!(safe_href("JavaScript:x"), None);
        assert_eq!(safe_href("data:text/html,x"), None);
        assert_eq!(safe_href(""), None);
        assert_eq!(clean_id("aid-funds-2022"), "aid-funds-2022");
        assert_eq!(clean_id("a b\"<"), "a-b--");
        assert_eq!(clean_id(""), "chart");
    }

    #[test]
    fn numbers_are_fixed_precision() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(0.96), "1");
        assert_eq!(num(1234567.89), "1234567.9");
        assert_eq!(num(1e20), "100000000000000000000");
    }
}
