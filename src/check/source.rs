//! The site's files as `check` reads them again: the raw text (for positions
//! of values the model does not keep) and the front matter with its positions.

use std::collections::HashMap;
use std::path::Path;

use crate::load::front_matter;
use crate::load::yaml::{Entry, Node, Pos};

/// One content file, read again from disk.
pub(crate) struct SourceFile {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The front matter, when it parses (it did for `prepare` to succeed).
    pub front: Option<Node>,
}

impl SourceFile {
    /// The top-level front-matter entry `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.front.as_ref()?.entries()?.iter().find(|e| e.key == key)
    }

    /// The position of `key`'s value, if the key is present.
    pub fn value_pos(&self, key: &str) -> Option<Pos> {
        self.entry(key).map(|e| e.value.pos)
    }

    /// The position of the first front-matter key (line 2 in a usual file).
    pub fn first_key_pos(&self) -> Pos {
        self.front
            .as_ref()
            .and_then(|f| f.entries())
            .and_then(|e| e.first())
            .map_or(Pos { line: 1, col: 1 }, |e| e.key_pos)
    }

    /// Line `n` (1-based) of the file, without its line break.
    pub fn line(&self, n: usize) -> Option<&str> {
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
    pub fn new(root: &Path) -> Self {
        Sources {
            root: root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// The file at `rel`, or `None` when it cannot be read.
    pub fn get(&mut self, rel: &str) -> Option<&SourceFile> {
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

/// The 1-based line and character column of byte `offset` in `text`, whose
/// first line is line `first_line` of its file and starts at column 1 (what
/// [`Locator`] computes, counted from the start: its reference).
#[cfg(test)]
fn position(text: &str, offset: usize, first_line: usize) -> Pos {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line: first_line + before.matches('\n').count(),
        col: before[line_start..].chars().count() + 1,
    }
}

/// Positions of many offsets of one text, in one pass when they come in
/// ascending order (as links and slips do): [`position`] for each would
/// count from the start every time, quadratic on a long body or line.
pub(crate) struct Locator<'a> {
    text: &'a str,
    first_line: usize,
    /// The offset reached, its line (0-based within the text), and its
    /// column in characters (0-based).
    at: usize,
    line: usize,
    col: usize,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, first_line: usize) -> Self {
        Locator {
            text,
            first_line,
            at: 0,
            line: 0,
            col: 0,
        }
    }

    /// Like [`position`]; an offset before the last one starts over.
    pub fn pos(&mut self, offset: usize) -> Pos {
        let offset = floor_char_boundary(self.text, offset);
        if offset < self.at {
            (self.at, self.line, self.col) = (0, 0, 0);
        }
        let seg = &self.text[self.at..offset];
        match seg.rfind('\n') {
            Some(nl) => {
                self.line += seg.matches('\n').count();
                self.col = seg[nl + 1..].chars().count();
            }
            None => self.col += seg.chars().count(),
        }
        self.at = offset;
        Pos {
            line: self.first_line + self.line,
            col: self.col + 1,
        }
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let body = "第一行\n援疆,让\n";
        let comma = body.find(',').expect("comma");
        assert_eq!(position(body, comma, 7), Pos { line: 8, col: 3 });
        assert_eq!(position(body, 0, 7), Pos { line: 7, col: 1 });
        assert_eq!(position(body, body.len() + 10, 1), Pos { line: 3, col: 1 });
    }

    proptest::proptest! {
        #[test]
        fn the_locator_agrees_with_position(
            text in "[a-z\n援疆,]{0,60}",
            mut offsets in proptest::collection::vec(0usize..80, 0..12),
            sorted in proptest::bool::ANY,
        ) {
            if sorted {
                offsets.sort_unstable();
            }
            let mut locator = Locator::new(&text, 5);
            for o in offsets {
                proptest::prop_assert_eq!(locator.pos(o), position(&text, o, 5), "offset {}", o);
            }
        }
    }

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
