//! Diagnostics: what went wrong (or might be wrong), where.
//!
//! Every layer reports problems in the site's files as [`Diagnostic`]s that carry
//! the path (relative to the site root), the 1-based line and column, and a
//! message. A run collects all of them, so that an editor sees every problem at
//! once, and the binary prints them as `path:line:col: error: message`.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot go on: nothing is written.
    Error,
    /// Worth fixing, but the site still builds.
    Warning,
}

/// One problem in one file, at one position.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators (`content/stories/a.md`).
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// Whether it stops the build.
    pub severity: Severity,
    /// What is wrong, in English (plain text, not HTML).
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn error(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            col,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub(crate) fn warning(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, col, message)
        }
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The line and column shown for the problem: 1 for an unknown line or
    /// column (a problem of the whole file is at 1:1), so that every
    /// diagnostic with a path reads `path:line:col: message`.
    pub(crate) fn shown_pos(&self) -> (usize, usize) {
        (self.line.max(1), self.col.max(1))
    }

    /// The path as printed in `path:line:col`: a line break, tab or other
    /// control character in a file name is escaped (`a\nb.md`), so that
    /// one diagnostic stays one line.
    pub(crate) fn shown_path(&self) -> std::borrow::Cow<'_, str> {
        if !self.path.chars().any(char::is_control) {
            return std::borrow::Cow::Borrowed(&self.path);
        }
        std::borrow::Cow::Owned(
            self.path
                .chars()
                .map(|c| {
                    if c.is_control() {
                        c.escape_default().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect(),
        )
    }

    /// This diagnostic with [`Self::shown_pos`] as its line and column when it
    /// has a path (for tools, which should not have to know about 0).
    pub(crate) fn with_shown_pos(&self) -> Diagnostic {
        let (line, col) = if self.path.is_empty() {
            (self.line, self.col)
        } else {
            self.shown_pos()
        };
        Diagnostic {
            line,
            col,
            ..self.clone()
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (line, col) = self.shown_pos();
        write!(f, "{}:{line}:{col}: {kind}: {}", self.shown_path(), self.message)
    }
}

/// A growing list of diagnostics for one run.
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new() -> Self {
        Self::default()
    }
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub(crate) fn error(&mut self, path: &str, line: usize, col: usize, message: impl Into<String>) {
        self.push(Diagnostic::error(path, line, col, message));
    }
    pub(crate) fn warning(&mut self, path: &str, line: usize, col: usize, message: impl Into<String>) {
        self.push(Diagnostic::warning(path, line, col, message));
    }
    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }
    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// All diagnostics, sorted by path, line, column and message, so that output is stable.
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message).cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
    /// All diagnostics in the order they were found (to merge the
    /// diagnostics of work done in parallel, in the order of its input).
    pub(crate) fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// The closest candidate to `word` by edit distance, for "did you mean" hints.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    let word_len = word.chars().count();
    for c in candidates {
        let c_len = c.chars().count();
        let limit = (c_len.max(word_len) / 3).max(1);
        // The distance is at least the difference in length.
        if c_len.abs_diff(word_len) > limit {
            continue;
        }
        let d = edit_distance(word, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance where swapping two neighbours counts as one edit (`titel` → `title`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_paths_are_escaped() {
        let d = Diagnostic::error("content/a\nb\t.md", 2, 3, "bad");
        assert_eq!(d.to_string(), "content/a\\nb\\t.md:2:3: error: bad");
        assert_eq!(
            Diagnostic::error("content/援疆.md", 1, 1, "x").shown_path(),
            "content/援疆.md"
        );
    }

    #[test]
    fn display_is_path_line_col() {
        let d = Diagnostic::error("content/a.md", 3, 7, "unknown sector `x`");
        assert_eq!(d.to_string(), "content/a.md:3:7: error: unknown sector `x`");
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(did_you_mean("titel", ["title", "date", "summary"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title", "date"]), None);
    }
}
