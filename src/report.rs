//! Diagnostics for people and for tools.
//!
//! [`render_diagnostics`] prints them the way a compiler does — the message,
//! the place, the source line with a caret under the problem — grouped by
//! file and ending with a count. [`diagnostics_json`] gives the same list as
//! JSON for CI tools.
//!
//! ```text
//! error: unknown command `taizou` (did you mean `taizhou`?)
//!   --> content/stories/2022/a.md:4:10
//!    |
//!  4 | command: taizou
//!    |          ^^^^^^
//! ```

use std::fmt::Write as _;
use std::path::Path;

use unicode_width::UnicodeWidthChar;

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::source::Sources;

/// Columns a tab advances in a shown source line.
const TAB_WIDTH: usize = 4;

/// ANSI styles, or nothing when colour is off.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: Severity, text: &str) -> String {
        match s {
            Severity::Error => self.paint("1;31", text),
            Severity::Warning => self.paint("1;33", text),
        }
    }
    fn gutter(&self, text: &str) -> String {
        self.paint("1;34", text)
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// Display width of a character in a shown source line.
fn char_width(c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else {
        c.width().unwrap_or(0)
    }
}

/// Whether `c` continues a token under the caret (a word, a slug, a number, a date).
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The caret line's content for column `col` (1-based, in characters) of
/// `line`: the display width before the column, and the display width to
/// underline (at least 1). The underline spans the first `` `quoted` `` text
/// of `message` written at that column (a URL, a unit), else the token that
/// starts there (up to the next whitespace or punctuation).
pub(crate) fn caret(line: &str, col: usize, message: &str) -> (usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start = col.saturating_sub(1).min(chars.len());
    let indent: usize = chars[..start].iter().map(|&c| char_width(c)).sum();
    let rest: String = chars[start..].iter().collect();
    let quoted = message
        .split('`')
        .skip(1)
        .step_by(2)
        .find(|q| !q.is_empty() && rest.starts_with(q));
    let width = match (quoted, chars.get(start)) {
        (Some(q), _) => q.chars().map(char_width).sum(),
        (None, None) => 1,
        (None, Some(&c)) if !is_token_char(c) => char_width(c),
        (None, Some(_)) => chars[start..]
            .iter()
            .take_while(|&&c| is_token_char(c))
            .map(|&c| char_width(c))
            .sum(),
    };
    (indent, width.max(1))
}

/// The most characters of a source line shown; a longer line is cut around
/// the column, with `…` where it is cut.
const SHOWN_CHARS: usize = 120;
/// How many characters before the column a cut line keeps.
const SHOWN_BEFORE: usize = 40;

/// The part of `line` to show for column `col` (1-based, in characters; 0
/// for none), and the column within it. `byte_of` gives the byte offset of
/// a character: with [`Line::byte_of`], this costs the window, not the line,
/// so a 1 MB line with thousands of problems stays fast.
fn window(line: &str, col: usize, byte_of: impl Fn(usize) -> usize) -> (String, usize) {
    let from = col.saturating_sub(1).saturating_sub(SHOWN_BEFORE);
    let mut chars = line[byte_of(from)..].chars();
    let shown: String = chars.by_ref().take(SHOWN_CHARS).collect();
    let cut_after = chars.next().is_some();
    if from == 0 && !cut_after {
        return (shown, col);
    }
    let mut out = String::with_capacity(shown.len() + 8);
    let mut col = col;
    if from > 0 {
        out.push('…');
        col = col - from + 1;
    }
    out.push_str(&shown);
    if cut_after {
        out.push('…');
    }
    (out, col)
}

/// The source line the last diagnostic pointed into, with where every
/// [`MARK`]-th character starts (made when first asked), so that the many
/// problems of one long line cost the window each, not the line.
struct Line {
    path: String,
    number: usize,
    text: String,
    marks: std::cell::OnceCell<Vec<usize>>,
}

const MARK: usize = 256;

impl Line {
    /// The byte offset of character `c` (the end for one past the last).
    fn byte_of(&self, c: usize) -> usize {
        let marks = self
            .marks
            .get_or_init(|| self.text.char_indices().step_by(MARK).map(|(b, _)| b).collect());
        let Some(&start) = marks.get(c / MARK) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(c % MARK)
            .map_or(self.text.len(), |(b, _)| start + b)
    }
}

/// Line `n` of `path`: the last one again, or read from `files`.
fn source_line<'a>(last: &'a mut Option<Line>, files: &mut Sources, path: &str, n: usize) -> Option<&'a Line> {
    if !last.as_ref().is_some_and(|l| l.path == path && l.number == n) {
        *last = files.get(path).and_then(|f| f.line(n)).map(|text| Line {
            path: path.to_string(),
            number: n,
            text: text.to_string(),
            marks: std::cell::OnceCell::new(),
        });
    }
    last.as_ref()
}

/// One diagnostic, compiler style, with a trailing blank line.
fn render_one(out: &mut String, d: &Diagnostic, files: &mut Sources, last: &mut Option<Line>, style: &Style) {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let number = d.line.to_string();
    let w = number.len();
    // `path:line:col: error: message` first, as the contract (and gcc) writes
    // it, so the line can be grepped and parsed; then the source line.
    // A problem of the whole file is at 1:1 (with no source line shown).
    let place = (!d.path.is_empty()).then(|| {
        let (l, c) = d.shown_pos();
        format!("{}:{l}:{c}", d.shown_path())
    });
    let _ = writeln!(
        out,
        "{}{}{}",
        place.map(|p| style.bold(&format!("{p}: "))).unwrap_or_default(),
        style.severity(d.severity, kind),
        style.bold(&format!(": {}", d.message))
    );
    if let Some(line) = source_line(last, files, &d.path, d.line) {
        let (line, col) = window(&line.text, d.col, |c| line.byte_of(c));
        let line = line.as_str();
        let blank = format!("{}{}", " ".repeat(w + 2), style.gutter("|"));
        let shown = line.replace('\t', &" ".repeat(TAB_WIDTH));
        let _ = writeln!(out, "{blank}");
        let _ = writeln!(
            out,
            "{}",
            format!("{} {shown}", style.gutter(&format!(" {number} |"))).trim_end()
        );
        if col > 0 {
            let (indent, width) = caret(line, col, &d.message);
            let _ = writeln!(
                out,
                "{blank} {}{}",
                " ".repeat(indent),
                style.severity(d.severity, &"^".repeat(width))
            );
        }
    }
    out.push('\n');
}

/// `1 error, 2 warnings`.
pub(crate) fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

/// Renders diagnostics like a compiler: grouped by file (in the order given
/// within a file), each with its source line and a caret, then a summary
/// line. Source lines are read from `root`; ANSI colours only when `color`.
pub fn render_diagnostics(diags: &[Diagnostic], root: &Path, color: bool) -> String {
    let style = Style { color };
    // The lines of the files diagnostics point into, read once each.
    let mut files = Sources::new(root);
    let mut last = None;
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = String::new();
    for d in sorted {
        render_one(&mut out, d, &mut files, &mut last, &style);
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let _ = writeln!(out, "{}", style.bold(&summary(errors, diags.len() - errors)));
    out
}

/// The diagnostics as a JSON array of `{path, line, col, severity, message}`,
/// with the line and column the text shows (1:1 for a whole file).
pub fn diagnostics_json(diags: &[Diagnostic]) -> String {
    let shown: Vec<Diagnostic> = diags.iter().map(Diagnostic::with_shown_pos).collect();
    serde_json::to_string_pretty(&shown).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(path: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
        dir
    }

    #[test]
    fn compiler_style_with_caret_under_the_token() {
        let dir = site_with(
            "content/stories/2022/a.md",
            "---\ntitle: 标题\ndate: 2022-01-01\ncommand: taizou\n---\n",
        );
        let d = Diagnostic::error(
            "content/stories/2022/a.md",
            4,
            10,
            "unknown command `taizou` (did you mean `taizhou`?)",
        );
        let text = render_diagnostics(&[d], dir.path(), false);
        assert_eq!(
            text,
            "content/stories/2022/a.md:4:10: error: unknown command `taizou` (did you mean `taizhou`?)\n   |\n 4 | command: taizou\n   |          ^^^^^^\n\n1 error, 0 warnings\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let long = format!("{}援疆,让{}", "甲".repeat(5000), "乙".repeat(5000));
        let dir = site_with("content/a.md", &format!("---\ntitle: x\n---\n{long}\n"));
        let d = Diagnostic::warning("content/a.md", 4, 5003, "half-width `,`");
        let text = render_diagnostics(&[d], dir.path(), false);
        let lines: Vec<&str> = text.lines().collect();
        let shown = &lines[2][" 4 | ".len()..];
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 2);
        assert!(shown.contains("援疆,让"), "{shown}");
        // The caret is under the comma.
        let above: usize = shown
            .chars()
            .take(SHOWN_BEFORE + 1)
            .map(|c| c.width().unwrap_or(0))
            .sum();
        assert_eq!(lines[3].find('^'), Some(" 4 | ".len() + above), "{text}");
        // Short lines are shown whole.
        let scan = |line: &str| {
            let line = line.to_string();
            move |c: usize| line.char_indices().nth(c).map_or(line.len(), |(b, _)| b)
        };
        assert_eq!(window("short", 2, scan("short")), ("short".to_string(), 2));
        let a = "a".repeat(200);
        assert_eq!(window(&a, 3, scan(&a)).0.chars().last(), Some('…'));
        // Marks find the same characters as a scan.
        let line = Line {
            path: String::new(),
            number: 4,
            text: long.clone(),
            marks: std::cell::OnceCell::new(),
        };
        for c in [0, 1, 255, 256, 257, 5002, 10003, 10004, 99999] {
            assert_eq!(line.byte_of(c), scan(&long)(c), "{c}");
        }
    }

    #[test]
    fn caret_lines_up_under_chinese_text() {
        // `援疆,让`: the comma is column 10 in characters, but display column
        // 12 (each Han character is two columns wide).
        let line = "title: 援疆,让阿拉尔";
        assert_eq!(caret(line, 10, ""), (11, 1));
        // A Chinese word is underlined over its display width.
        assert_eq!(caret(line, 8, ""), (7, 4));
        assert_eq!(caret("a\tb", 3, ""), (5, 1));
        assert_eq!(caret("abc", 99, ""), (3, 1));
        assert_eq!(caret("", 1, ""), (0, 1));
        // Quoted text of the message written at the column is underlined whole.
        let link = "见[旧文](/stories/no-such/)。";
        assert_eq!(caret(link, 7, "broken link `/stories/no-such/`: gone"), (9, 17));
        assert_eq!(caret("unit: 亿美元", 7, "unknown unit `亿美元`"), (6, 6));
        assert_eq!(caret(link, 7, "`x` and `/stories`"), (9, 8));

        let dir = site_with("content/a.md", "---\ntitle: 援疆,让阿拉尔\n---\n");
        let d = Diagnostic::warning("content/a.md", 2, 10, "half-width `,`");
        let text = render_diagnostics(&[d], dir.path(), false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], " 2 | title: 援疆,让阿拉尔");
        assert_eq!(lines[3], "   |            ^");
        let prefix = " 2 | ";
        let above: usize = lines[2][prefix.len()..]
            .chars()
            .take(9)
            .map(|c| c.width().unwrap_or(0))
            .sum();
        assert_eq!(lines[3].find('^'), Some(prefix.len() + above));
    }

    #[test]
    fn no_snippet_without_a_line_or_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let diags = [
            Diagnostic::warning("content/x.md", 0, 0, "whole file"),
            Diagnostic::error("missing.md", 3, 1, "gone"),
        ];
        let text = render_diagnostics(&diags, dir.path(), false);
        assert_eq!(
            text,
            "content/x.md:1:1: warning: whole file\n\nmissing.md:3:1: error: gone\n\n1 error, 1 warning\n"
        );
    }

    #[test]
    fn grouped_by_file_and_coloured_on_request() {
        let dir = site_with("b.md", "x\n");
        let diags = [
            Diagnostic::warning("b.md", 1, 1, "one"),
            Diagnostic::error("a.md", 1, 1, "two"),
            Diagnostic::warning("b.md", 1, 1, "three"),
        ];
        let plain = render_diagnostics(&diags, dir.path(), false);
        let order: Vec<&str> = plain
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .collect();
        assert_eq!(
            order,
            vec![
                "a.md:1:1: error: two",
                "b.md:1:1: warning: one",
                "b.md:1:1: warning: three"
            ]
        );
        assert!(!plain.contains('\x1b'));
        let coloured = render_diagnostics(&diags, dir.path(), true);
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
        assert!(coloured.contains("\x1b[1;33mwarning\x1b[0m"), "{coloured}");
        assert!(
            coloured.contains("\x1b[1;34m |\x1b[0m") || coloured.contains("\x1b[1;34m"),
            "{coloured}"
        );
    }

    #[test]
    fn json_is_an_array_of_plain_objects() {
        let diags = [Diagnostic::warning("a.md", 2, 3, "say \"hi\"")];
        let v: serde_json::Value = serde_json::from_str(&diagnostics_json(&diags)).expect("json");
        assert_eq!(
            v,
            serde_json::json!([{"path": "a.md", "line": 2, "col": 3, "severity": "warning", "message": "say \"hi\""}])
        );
        assert_eq!(diagnostics_json(&[]), "[]");
    }

    #[test]
    fn summary_counts() {
        assert_eq!(summary(0, 0), "0 errors, 0 warnings");
        assert_eq!(summary(1, 1), "1 error, 1 warning");
    }
}
