//! The site's files read again, on demand, for what the model does not
//! keep: the raw text (to show a line, or find the position of a value) and
//! the front matter with its positions. `check` and the diagnostics report
//! use it.

use std::collections::HashMap;
use std::path::Path;

use super::front_matter;
use super::yaml::{Entry, Node, Pos};

/// One content file, read again from disk.
pub(crate) struct SourceFile {
    /// The text, without a byte-order mark.
    pub(crate) text: String,
    /// The front matter, when it parses (it did for `prepare` to succeed).
    pub(crate) front: Option<Node>,
}

impl SourceFile {
    /// The top-level front-matter entry `key`.
    pub(crate) fn entry(&self, key: &str) -> Option<&Entry> {
        self.front.as_ref()?.entries()?.iter().find(|e| e.key == key)
    }

    /// The position of `key`'s value, if the key is present.
    pub(crate) fn value_pos(&self, key: &str) -> Option<Pos> {
        self.entry(key).map(|e| e.value.pos)
    }

    /// The position of the first front-matter key (line 2 in a usual file).
    pub(crate) fn first_key_pos(&self) -> Pos {
        self.front
            .as_ref()
            .and_then(|f| f.entries())
            .and_then(|e| e.first())
            .map_or(Pos { line: 1, col: 1 }, |e| e.key_pos)
    }

    /// Line `n` (1-based) of the file, without its line break.
    pub(crate) fn line(&self, n: usize) -> Option<&str> {
        let l = self.text.split('\n').nth(n.checked_sub(1)?)?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

/// Files read once each, by root-relative path.
#[derive(Default)]
pub(crate) struct Sources {
    root: std::path::PathBuf,
    files: HashMap<String, Option<SourceFile>>,
}

impl Sources {
    pub(crate) fn new(root: &Path) -> Self {
        Sources {
            root: root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// The file at `rel`, or `None` when it cannot be read.
    pub(crate) fn get(&mut self, rel: &str) -> Option<&SourceFile> {
        let root = &self.root;
        self.files
            .entry(rel.to_string())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(root.join(rel)).ok()?;
                let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
                let front = front_matter::split(&text).ok().map(|s| s.front);
                Some(SourceFile { text, front })
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter_positions() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("a.md"),
            "\u{feff}---\ntitle: 援疆\ndate: 2022-01-02\n---\nbody\r\n",
        )
        .expect("write");
        let mut sources = Sources::new(dir.path());
        let f = sources.get("a.md").expect("read");
        assert_eq!(f.value_pos("date"), Some(Pos { line: 3, col: 7 }));
        assert_eq!(f.first_key_pos(), Pos { line: 2, col: 1 });
        assert_eq!(f.line(5), Some("body"));
        assert!(sources.get("missing.md").is_none());
    }
}
