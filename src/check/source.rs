//! Positions in the site's files as `check` needs them: the files, read
//! again by `load` ([`crate::load::source`]), and the line and column of a
//! byte of a body.

pub(crate) use crate::load::source::Sources;
use crate::load::yaml::Pos;

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
    pub(super) fn new(text: &'a str, first_line: usize) -> Self {
        Locator {
            text,
            first_line,
            at: 0,
            line: 0,
            col: 0,
        }
    }

    /// Like [`position`]; an offset before the last one starts over.
    pub(super) fn pos(&mut self, offset: usize) -> Pos {
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
}
