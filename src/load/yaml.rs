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
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

/// A YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value (a mapping or a list holds nodes in turn).
    pub value: Value,
    /// Where the value starts in the file.
    pub pos: Pos,
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub(crate) key: String,
    /// Where the key starts in the file.
    pub key_pos: Pos,
    /// The value, with its own position.
    pub value: Node,
}

/// A YAML value. Numbers keep their text as written (`3.2186`, `10990`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string (quoted or not).
    String(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, its entries in the order written.
    Map(Vec<Entry>),
}

impl Value {
    /// A short name of the value's type, for messages ("expected a string, found a list").
    pub(crate) fn kind(&self) -> &'static str {
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
    pub(crate) fn scalar_text(&self) -> Option<String> {
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
    /// Where in the file.
    pub pos: Pos,
    /// What is wrong, in English (`invalid YAML: …`).
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.message)
    }
}

/// Parses `text`, whose first line is line `first_line` of its file.
/// An empty document is an empty mapping.
pub(crate) fn parse(text: &str, first_line: usize) -> Result<Node, YamlError> {
    let first_line = first_line.max(1);
    let raw: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e.location().map(|l| line_col(text, l.index())).unwrap_or((1, 1));
            let message = clean_message(&e.to_string());
            let (line, col, message) = explain(text, line, col.max(1), message);
            return Err(YamlError {
                pos: Pos {
                    line: line + first_line - 1,
                    col,
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

/// A syntax error said where the writer can act on it: a tab in the
/// indentation is called a tab, at the tab; a duplicate key is reported at
/// its second occurrence (serde_yaml gives the mapping's start). `line` and
/// `col` are 1-based within `text`.
fn explain(text: &str, line: usize, col: usize, message: String) -> (usize, usize, String) {
    let lines: Vec<&str> = text.lines().collect();
    // serde_yaml may put the path of the mapping first (`a: duplicate …`).
    let duplicate = message
        .find("duplicate entry with key \"")
        .and_then(|i| message[i + 26..].strip_suffix('"'));
    if let Some(key) = duplicate {
        let indent = col - 1;
        let second = lines
            .iter()
            .enumerate()
            .skip(line.saturating_sub(1))
            .filter(|(_, l)| {
                // `indent` counts characters; find its byte offset in `l`.
                let at = l.char_indices().nth(indent).map_or(l.len(), |(i, _)| i);
                let (lead, rest) = l.split_at(at);
                lead.chars().all(|c| c == ' ' || c == '-')
                    && [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")]
                        .iter()
                        .any(|k| rest.starts_with(k.as_str()))
            })
            .nth(1);
        if let Some((i, _)) = second {
            return (i + 1, col, format!("duplicate key `{key}` (it is already given above)"));
        }
        return (line, col, message);
    }
    // A tab in the indentation of the error's line or of the line before.
    for l in [line, line.saturating_sub(1)] {
        let Some(text) = l.checked_sub(1).and_then(|i| lines.get(i)) else {
            continue;
        };
        let indent = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
        if let Some(t) = indent.find('\t') {
            return (
                l,
                t + 1,
                "a tab in the indentation: YAML indents with spaces only".to_string(),
            );
        }
    }
    (line, col, message)
}

/// The 1-based line and column (in characters) of byte `index` of `text`,
/// counting lines by `\n` as everything else does. serde_yaml's own line
/// counts a lone `\r` as a line break too, which pointed past the end of a
/// file with stray carriage returns (found by fuzzing).
fn line_col(text: &str, index: usize) -> (usize, usize) {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    let before = &text[..index];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
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
/// scalar in document order. The parsed value says what comes next (a
/// mapping, a list, a scalar); the text says in which style: a collection
/// that opens with `{` or `[` is flow style and is walked to its closing
/// bracket, item by item, whatever contains it (a block list of flow
/// mappings is the common case). Where a position cannot be found, the
/// parent's position is used.
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

    fn byte(&self, i: usize) -> Option<u8> {
        self.src.as_bytes().get(i).copied()
    }

    /// The offset of the next character after `from` that is not a blank, a
    /// line break or a comment.
    fn skip_blank(&self, from: usize) -> usize {
        let bytes = self.src.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\r' | b'\n') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        i.min(self.src.len())
    }

    /// Skips blanks and comments, then any node properties (`&anchor`,
    /// `!tag`), to where the node's own text starts.
    fn skip_to_node(&mut self) -> usize {
        let mut i = self.skip_blank(self.cursor);
        while matches!(self.byte(i), Some(b'&' | b'!')) {
            let rest = &self.src[i..];
            let len = rest.find([' ', '\t', '\r', '\n', ',', ']', '}']).unwrap_or(rest.len());
            i = self.skip_blank(i + len);
        }
        self.cursor = i;
        i
    }

    /// Moves the cursor past `mark` if it comes next (after blanks and comments).
    fn eat(&mut self, mark: u8) -> bool {
        let i = self.skip_blank(self.cursor);
        if self.byte(i) == Some(mark) {
            self.cursor = i + 1;
            true
        } else {
            false
        }
    }

    /// Whether the text at `i` is a block list item's `-`.
    fn is_dash(&self, i: usize) -> bool {
        self.byte(i) == Some(b'-') && matches!(self.byte(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
    }

    /// A node whose text is not walked (an alias's copy): every position is `pos`.
    fn fixed(raw: serde_yaml::Value, pos: Pos) -> Node {
        use serde_yaml::Value as Y;
        let value = match raw {
            Y::Tagged(t) => return Self::fixed(t.value, pos),
            Y::Mapping(m) => Value::Map(
                m.into_iter()
                    .map(|(k, v)| Entry {
                        key: key_text(&k),
                        key_pos: pos,
                        value: Self::fixed(v, pos),
                    })
                    .collect(),
            ),
            Y::Sequence(s) => Value::Seq(s.into_iter().map(|v| Self::fixed(v, pos)).collect()),
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(b),
            Y::Number(n) => Value::Number(n.to_string()),
            Y::String(s) => Value::String(s),
        };
        Node { value, pos }
    }

    /// Locates `raw`, whose text starts at the cursor; `in_flow` when it is
    /// inside a flow collection (where `,` `]` `}` end a scalar).
    fn node(&mut self, raw: serde_yaml::Value, in_flow: bool) -> Node {
        use serde_yaml::Value as Y;
        if let Y::Tagged(t) = raw {
            return self.node(t.value, in_flow);
        }
        let start = self.skip_to_node();
        let pos = self.pos_at(start);
        if self.byte(start) == Some(b'*') {
            // An alias: its value is a copy of the anchored node.
            self.cursor = self.plain_end(start, in_flow).0;
            return Self::fixed(raw, pos);
        }
        match raw {
            Y::Mapping(m) => {
                let flow = self.byte(start) == Some(b'{');
                if flow {
                    self.cursor = start + 1;
                }
                let mut entries = Vec::with_capacity(m.len());
                for (k, v) in m {
                    let key = key_text(&k);
                    let key_pos = match self.find_key(&key, flow) {
                        Some(off) => self.pos_at(off),
                        None => pos,
                    };
                    let mut value = self.node_or_empty(v, flow, key_pos);
                    if value.pos == Pos::default() {
                        value.pos = key_pos;
                    }
                    entries.push(Entry { key, key_pos, value });
                    if flow {
                        self.eat(b',');
                    }
                }
                if flow {
                    self.eat(b'}');
                }
                Node {
                    value: Value::Map(entries),
                    pos,
                }
            }
            Y::Sequence(s) => {
                let flow = self.byte(start) == Some(b'[');
                if flow {
                    self.cursor = start + 1;
                }
                let mut items = Vec::with_capacity(s.len());
                for v in s {
                    if !flow {
                        let i = self.skip_blank(self.cursor);
                        if self.is_dash(i) {
                            self.cursor = i + 1;
                        }
                    }
                    let item_pos = self.pos_at(self.skip_blank(self.cursor));
                    items.push(self.node_or_empty(v, flow, item_pos));
                    if flow {
                        self.eat(b',');
                    }
                }
                if flow {
                    self.eat(b']');
                }
                Node {
                    value: Value::Seq(items),
                    pos,
                }
            }
            scalar => {
                let (end, token) = self.scalar_end(start, in_flow);
                let token = self.src.get(start..token).unwrap_or("").trim();
                self.cursor = end;
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

    /// Like [`Self::node`], but an empty value (`key:` with nothing after it
    /// on its line, `{a: , b: 1}`, `- ` alone) is a null at `at`, and the
    /// cursor stays.
    fn node_or_empty(&mut self, raw: serde_yaml::Value, in_flow: bool, at: Pos) -> Node {
        if raw.is_null() && self.empty_here(in_flow) {
            return Node {
                value: Value::Null,
                pos: at,
            };
        }
        self.node(raw, in_flow)
    }

    /// Whether no value is written between the cursor and the end of its line
    /// (block style) or the next `,` `]` `}` (flow style).
    fn empty_here(&self, in_flow: bool) -> bool {
        let bytes = self.src.as_bytes();
        let mut i = self.cursor;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
            i += 1;
        }
        match bytes.get(i) {
            None => true,
            Some(b'\n' | b'#') => !in_flow || matches!(bytes.get(self.skip_blank(i)), None | Some(b',' | b']' | b'}')),
            Some(b',' | b']' | b'}') => in_flow,
            Some(_) => false,
        }
    }

    /// Where the scalar starting at `start` ends (where the cursor goes) and
    /// where its text on its first line ends (for the number's text): a
    /// closing quote; the lines of a block scalar (`|`, `>`); the end of the
    /// line or a comment (block style) or the next `,` `]` `}` (flow style).
    fn scalar_end(&self, start: usize, in_flow: bool) -> (usize, usize) {
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
                    return (start + i + 1, start + i + 1);
                }
                i += 1;
            }
            return (self.src.len(), self.src.len());
        }
        if matches!(bytes.first(), Some(b'|' | b'>')) {
            let header = start + rest.find('\n').unwrap_or(rest.len());
            return (self.block_scalar_end(header), header);
        }
        self.plain_end(start, in_flow)
    }

    /// The end of the content lines of a block scalar whose header line ends
    /// at `header`: the lines indented at least as much as its first non-blank
    /// line, and blank lines among them.
    fn block_scalar_end(&self, header: usize) -> usize {
        let mut end = header;
        let mut indent: Option<usize> = None;
        let mut at = header;
        while at < self.src.len() {
            let line_start = at + 1;
            if line_start > self.src.len() {
                break;
            }
            let line_end = self.src[line_start..]
                .find('\n')
                .map_or(self.src.len(), |n| line_start + n);
            let line = &self.src[line_start..line_end];
            let lead = line.len() - line.trim_start_matches(' ').len();
            if line.trim().is_empty() {
                at = line_end;
                continue;
            }
            let need = *indent.get_or_insert(lead);
            if lead < need || lead == 0 {
                break;
            }
            end = line_end;
            at = line_end;
        }
        end
    }

    /// The end of a plain scalar: the end of the line or a comment (block
    /// style); the next `,` `]` `}` outside a comment (flow style, where a
    /// plain scalar may go on over lines). Returns (end, end of its first line).
    fn plain_end(&self, start: usize, in_flow: bool) -> (usize, usize) {
        let bytes = self.src.as_bytes();
        let mut i = start;
        let mut first_line_end = None;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' if !in_flow => break,
                b'\n' => {
                    first_line_end.get_or_insert(i);
                    i += 1;
                }
                b'#' if i > start && matches!(bytes[i - 1], b' ' | b'\t') => {
                    first_line_end.get_or_insert(i);
                    if !in_flow {
                        break;
                    }
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b',' | b']' | b'}' if in_flow => break,
                _ => i += 1,
            }
        }
        let end = if in_flow { i } else { first_line_end.unwrap_or(i) };
        (end, first_line_end.unwrap_or(i).min(end))
    }

    /// Finds the next occurrence of `key` followed by `:` from the cursor, and
    /// moves the cursor past the colon. In a flow mapping the key comes next.
    fn find_key(&mut self, key: &str, in_flow: bool) -> Option<usize> {
        let mut from = self.cursor;
        if in_flow {
            // `? key` (explicit key) is allowed; anything else must be the key.
            from = self.skip_blank(from);
            if self.byte(from) == Some(b'?') {
                from = self.skip_blank(from + 1);
            }
        }
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
    fn tabs_and_duplicate_keys_are_explained_where_they_are() {
        let err = parse("title: x\ndate: 1\n\tsectors: [a]\n", 2).expect_err("a tab");
        assert_eq!(err.pos, Pos { line: 4, col: 1 });
        assert_eq!(
            err.message,
            "invalid YAML: a tab in the indentation: YAML indents with spaces only"
        );
        let err = parse("figures:\n  - a: 1\n  \t b: 2\n", 1).expect_err("a tab");
        assert!(err.message.contains("a tab"), "{}", err.message);
        assert_eq!(err.pos.line, 3);
        let err = parse("title: x\ndate: 1\ntitle: y\n", 2).expect_err("a duplicate");
        assert_eq!(err.pos, Pos { line: 4, col: 1 });
        assert_eq!(
            err.message,
            "invalid YAML: duplicate key `title` (it is already given above)"
        );
        let err = parse("a:\n  b: 1\n  c: 2\n  b: 3\n", 1).expect_err("a nested duplicate");
        assert_eq!(err.pos, Pos { line: 4, col: 3 });
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

    /// Every scalar of `node` in document order: (line, col, text).
    fn scalars(node: &Node, out: &mut Vec<(usize, usize, String)>) {
        match &node.value {
            Value::Map(entries) => {
                for e in entries {
                    scalars(&e.value, out);
                }
            }
            Value::Seq(items) => {
                for i in items {
                    scalars(i, out);
                }
            }
            Value::Null => out.push((node.pos.line, node.pos.col, "~".into())),
            _ => out.push((node.pos.line, node.pos.col, node.scalar_text().unwrap_or_default())),
        }
    }

    fn located(text: &str, first_line: usize) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        scalars(&parse(text, first_line).expect("parses"), &mut out);
        out
    }

    fn expect(want: &[(usize, usize, &str)]) -> Vec<(usize, usize, String)> {
        want.iter().map(|(l, c, t)| (*l, *c, t.to_string())).collect()
    }

    #[test]
    fn block_list_of_flow_mappings_is_located_item_by_item() {
        let text = "title: t\nfigures:\n  - {label: a, value: 1}      # one\n  - {label: b, value: 2.50}\n  - {label: c, value: 3.50}\n  - {label: d, value: \"4\"}    # four\n  - {label: e, value: 0x1F}\n  - {label: f, value: 0x1F}\n";
        assert_eq!(
            located(text, 2),
            expect(&[
                (2, 8, "t"),
                (4, 13, "a"),
                (4, 23, "1"),
                (5, 13, "b"),
                (5, 23, "2.50"),
                (6, 13, "c"),
                (6, 23, "3.50"),
                (7, 13, "d"),
                (7, 23, "4"),
                (8, 13, "e"),
                (8, 23, "0x1F"),
                (9, 13, "f"),
                (9, 23, "0x1F"),
            ])
        );
        let n = parse(text, 2).expect("parses");
        let Value::Seq(items) = &map(&n)[1].value.value else {
            panic!("list")
        };
        assert_eq!(items[3].pos, Pos { line: 7, col: 5 });
        assert_eq!(map(&items[3])[1].key_pos, Pos { line: 7, col: 16 });
    }

    #[test]
    fn block_mappings_in_a_block_list_with_comments() {
        let text = "# head\nfigures:   # the figures\n  - key: a   # the key\n    value: 1.50\n\n  # between\n  - key: b\n    value: 2.50  # trailing\n    label: {zh: 资金, en: \"Funds, #1 {x}\"}\n";
        assert_eq!(
            located(text, 1),
            expect(&[
                (3, 10, "a"),
                (4, 12, "1.50"),
                (7, 10, "b"),
                (8, 12, "2.50"),
                (9, 17, "资金"),
                (9, 25, "Funds, #1 {x}"),
            ])
        );
    }

    #[test]
    fn nested_and_multi_line_flow_collections() {
        let text = "a:\n  - [1.0, {x: 2.0, y: [3.0, \"4,}\"]}]\n  - {p: {q: 5.0}, r: 6.0}\nlabel: {\n  zh: 资金,   # comment, with } and ]\n  en: 'It''s, }',\n  n: 7.00\n}\nb:\n  c:\n    d: [8.0,\n        9.0]\n  e: 10.0\n";
        assert_eq!(
            located(text, 1),
            expect(&[
                (2, 6, "1.0"),
                (2, 15, "2.0"),
                (2, 24, "3.0"),
                (2, 29, "4,}"),
                (3, 13, "5.0"),
                (3, 22, "6.0"),
                (5, 7, "资金"),
                (6, 7, "It's, }"),
                (7, 6, "7.00"),
                (11, 9, "8.0"),
                (12, 9, "9.0"),
                (13, 6, "10.0"),
            ])
        );
    }

    #[test]
    fn empty_values_block_scalars_and_quotes_keep_later_positions() {
        let text = "a:\nb: |\n  line one\n  c: not a key\n\n  more\nd: \"x # y\"   # z\ne: {f: , g: 1.10}\nh: >-\n  folded\ni: 2.20\n";
        assert_eq!(
            located(text, 1),
            expect(&[
                (1, 1, "~"),
                (2, 4, "line one\nc: not a key\n\nmore\n"),
                (7, 4, "x # y"),
                (8, 5, "~"),
                (8, 13, "1.10"),
                (9, 4, "folded"),
                (11, 4, "2.20"),
            ])
        );
    }

    #[test]
    fn anchors_aliases_and_tags_do_not_move_later_positions() {
        let text = "a: &n 1.50\nb: *n\nc: !!str 2.50\nd: 3.50\n";
        assert_eq!(
            located(text, 1),
            expect(&[(1, 7, "1.50"), (2, 4, "1.5"), (3, 10, "2.50"), (4, 4, "3.50")])
        );
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
