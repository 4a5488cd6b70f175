//! The one module that knows the YAML library.
//!
//! It parses YAML text into a small tree of [`Node`]s that carry their position
//! in the file, so that later stages can report `path:line:col` for a value
//! (an unknown sector, a value that is not a number) without knowing YAML.
//! serde_yaml (archived) lives only here: swapping it for a maintained fork
//! touches this file alone.

use std::fmt;

/// A 1-based position in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// A YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// A YAML value. Numbers keep their text as written (`3.2186`, `10990`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

impl Value {
    /// A short name of the value's type, for messages ("expected a string, found a list").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The entries of a mapping, or `None`.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(e) => Some(e),
            _ => None,
        }
    }
    /// Scalar text: strings as they are, numbers and booleans as written.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) | Value::Number(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// A YAML syntax error at an absolute position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.message)
    }
}

/// Parses `text`, whose first line is line `first_line` of its file.
/// An empty document is an empty mapping.
pub fn parse(text: &str, first_line: usize) -> Result<Node, YamlError> {
    let first_line = first_line.max(1);
    let raw: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
            let message = clean_message(&e.to_string());
            return Err(YamlError {
                pos: Pos {
                    line: line + first_line - 1,
                    col: col.max(1),
                },
                message: format!("invalid YAML: {message}"),
            });
        }
    };
    let raw = match raw {
        serde_yaml::Value::Null => serde_yaml::Value::Mapping(Default::default()),
        other => other,
    };
    let mut locator = Locator::new(text, first_line);
    Ok(locator.node(raw, false))
}

/// serde_yaml appends " at line X column Y" with positions relative to the
/// snippet; we report our own absolute position instead.
fn clean_message(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Walks the parsed value and the source text together, finding each key and
/// scalar in document order. Block and flow styles are both handled; where a
/// position cannot be found, the parent's position is used.
struct Locator<'a> {
    src: &'a str,
    cursor: usize,
    first_line: usize,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    fn new(src: &'a str, first_line: usize) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Locator {
            src,
            cursor: 0,
            first_line,
            line_starts,
        }
    }

    fn pos_at(&self, offset: usize) -> Pos {
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts[line_idx];
        let col = self.src.get(start..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        Pos {
            line: line_idx + self.first_line,
            col,
        }
    }

    /// Skips blanks, comments and structural marks (`- `, `[`, `{`, `,`) to the next token.
    fn skip_to_token(&mut self) -> usize {
        let bytes = self.src.as_bytes();
        let mut i = self.cursor;
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b'{' => i += 1,
                b'-' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\n' | b'\r' | b'\t')) => i += 1,
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        i.min(self.src.len())
    }

    fn node(&mut self, raw: serde_yaml::Value, in_flow: bool) -> Node {
        use serde_yaml::Value as Y;
        match raw {
            Y::Tagged(t) => self.node(t.value, in_flow),
            Y::Mapping(m) => {
                let start = self.skip_to_token();
                let flow = in_flow || self.src[..start].trim_end_matches([' ', '\t']).ends_with('{');
                let pos = self.pos_at(start);
                let mut entries = Vec::with_capacity(m.len());
                for (k, v) in m {
                    let key = key_text(&k);
                    let key_pos = match self.find_key(&key) {
                        Some(off) => self.pos_at(off),
                        None => pos,
                    };
                    let mut value = self.node(v, flow);
                    if value.pos == Pos::default() {
                        value.pos = key_pos;
                    }
                    entries.push(Entry { key, key_pos, value });
                }
                Node {
                    value: Value::Map(entries),
                    pos,
                }
            }
            Y::Sequence(s) => {
                let start = self.skip_to_token();
                let flow = in_flow || self.src[..start].trim_end_matches([' ', '\t']).ends_with('[');
                let pos = self.pos_at(start);
                let items = s.into_iter().map(|v| self.node(v, flow)).collect();
                Node {
                    value: Value::Seq(items),
                    pos,
                }
            }
            scalar => {
                let start = self.skip_to_token();
                let pos = self.pos_at(start);
                let token_end = self.scalar_end(start, in_flow);
                let token = self.src.get(start..token_end).unwrap_or("").trim();
                self.cursor = token_end;
                let value = match scalar {
                    Y::Null => Value::Null,
                    Y::Bool(b) => Value::Bool(b),
                    Y::Number(n) => Value::Number(number_text(&n, token)),
                    Y::String(s) => Value::String(s),
                    _ => Value::Null,
                };
                Node { value, pos }
            }
        }
    }

    /// Where the scalar starting at `start` ends: a closing quote, or the end of
    /// the line (block style) or the next `,` `]` `}` (flow style).
    fn scalar_end(&self, start: usize, in_flow: bool) -> usize {
        let rest = &self.src[start..];
        let bytes = rest.as_bytes();
        if let Some(&q) = bytes.first().filter(|b| **b == b'"' || **b == b'\'') {
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if bytes[i] == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return start + i + 1;
                }
                i += 1;
            }
            return self.src.len();
        }
        if matches!(bytes.first(), Some(b'|' | b'>')) {
            // A block scalar: it runs over the following more-indented lines; the next key search copes.
            return start + rest.find('\n').unwrap_or(rest.len());
        }
        let stop = |b: u8| b == b'\n' || (in_flow && (b == b',' || b == b']' || b == b'}'));
        let mut end = bytes.iter().position(|&b| stop(b)).unwrap_or(bytes.len());
        if let Some(c) = rest[..end].find(" #") {
            end = c;
        }
        start + end
    }

    /// Finds the next occurrence of `key` followed by `:` from the cursor, and
    /// moves the cursor past the colon.
    fn find_key(&mut self, key: &str) -> Option<usize> {
        let mut from = self.cursor;
        while let Some(rel) = self.src.get(from..)?.find(key) {
            let at = from + rel;
            let before = self.src[..at].chars().next_back();
            let quoted = matches!(before, Some('"' | '\''));
            let key_start = if quoted { at - 1 } else { at };
            let ok_before = match self.src[..key_start].chars().next_back() {
                None => true,
                Some(c) => matches!(c, ' ' | '\t' | '\n' | '{' | ',' | '-' | '?'),
            };
            let mut after = at + key.len();
            if quoted && self.src[after..].starts_with(['"', '\'']) {
                after += 1;
            }
            let tail = self.src[after..].trim_start_matches([' ', '\t']);
            if ok_before && tail.starts_with(':') {
                let colon = self.src.len() - tail.len();
                self.cursor = colon + 1;
                return Some(key_start);
            }
            from = at + key.len().max(1);
        }
        None
    }
}

fn key_text(k: &serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".into(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
    }
}

/// The number's text as written when the source token is that number
/// (`3.20` stays `3.20`), else the shortest text that round-trips.
fn number_text(n: &serde_yaml::Number, token: &str) -> String {
    let token = token.trim_end_matches([',', ']', '}']).trim();
    if let Ok(again) = serde_yaml::from_str::<serde_yaml::Number>(token) {
        if &again == n {
            return token.trim_start_matches('+').to_string();
        }
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[Entry] {
        node.entries().expect("a mapping")
    }

    #[test]
    fn positions_are_absolute_lines() {
        let text = "title: 台州\ndate: 2022-04-15\nfigures:\n  - key: aid_funds\n    value: 3.20\n";
        let n = parse(text, 2).expect("parses");
        let e = map(&n);
        assert_eq!(e[0].key, "title");
        assert_eq!(e[0].key_pos, Pos { line: 2, col: 1 });
        assert_eq!(e[1].key_pos, Pos { line: 3, col: 1 });
        let Value::Seq(items) = &e[2].value.value else {
            panic!("list")
        };
        let f = map(&items[0]);
        assert_eq!(f[0].key_pos, Pos { line: 5, col: 5 });
        assert_eq!(f[1].value.value, Value::Number("3.20".into()));
        assert_eq!(f[1].value.pos, Pos { line: 6, col: 12 });
    }

    #[test]
    fn flow_style_is_located() {
        let text = "label: {zh: 援疆资金, en: Aid funds}\nsectors: [education, medical]\n";
        let n = parse(text, 1).expect("parses");
        let e = map(&n);
        let Value::Seq(items) = &e[1].value.value else {
            panic!("list")
        };
        assert_eq!(items[1].pos, Pos { line: 2, col: 22 });
        let label = map(&e[0].value);
        assert_eq!(label[1].key_pos, Pos { line: 1, col: 19 });
    }

    #[test]
    fn value_text_does_not_confuse_later_keys() {
        let text = "title: \"note: a\"\nnote: real\n";
        let n = parse(text, 1).expect("parses");
        assert_eq!(map(&n)[1].key_pos.line, 2);
    }

    #[test]
    fn syntax_error_is_reported_at_file_line() {
        let err = parse("title: a\ndate: [2022\n", 2).expect_err("invalid");
        assert!(err.pos.line >= 3, "{err:?}");
        assert!(err.message.starts_with("invalid YAML"));
    }

    #[test]
    fn empty_document_is_empty_map() {
        assert_eq!(parse("", 1).expect("parses").entries().map(<[_]>::len), Some(0));
    }
}
