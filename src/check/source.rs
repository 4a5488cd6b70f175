//! Positions in the site's files as `check` needs them: the files, read
//! again by `load` ([`crate::load::source`]), and the line and column of a
//! byte of a body.

pub(crate) use crate::load::source::Sources;
use crate::load::yaml::Pos;

/// The 1-based line and character column of byte `offset` in `text`, whose
/// first line is line `first_line` of its file and starts at column 1.
pub(crate) fn position(text: &str, offset: usize, first_line: usize) -> Pos {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line: first_line + before.matches('\n').count(),
        col: before[line_start..].chars().count() + 1,
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
}
