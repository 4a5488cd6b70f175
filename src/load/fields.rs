//! Typed reading of a YAML mapping, field by field, with every problem
//! recorded as a diagnostic at the field's position — so that one file can
//! report a missing title *and* a bad date in the same run.

use super::yaml::{Entry, Node, Pos, Value};
use crate::diagnostic::{did_you_mean, Diagnostics};

/// Reads the fields of one mapping; remembers which were read so that the rest
/// can be reported as unknown.
pub(crate) struct Fields<'a> {
    path: &'a str,
    entries: &'a [Entry],
    used: Vec<bool>,
    /// Position of the mapping itself (for "missing field" errors).
    pub(crate) pos: Pos,
}

impl<'a> Fields<'a> {
    /// A reader over `node`, which must be a mapping (else an error is recorded and no field is found).
    pub(crate) fn new(path: &'a str, node: &'a Node, what: &str, diags: &mut Diagnostics) -> Self {
        let entries: &[Entry] = match &node.value {
            Value::Map(e) => e,
            Value::Null => &[],
            other => {
                diags.error(
                    path,
                    node.pos.line,
                    node.pos.col,
                    format!("{what} must be a mapping of `key: value` pairs, found {}", other.kind()),
                );
                &[]
            }
        };
        Fields {
            path,
            entries,
            used: vec![false; entries.len()],
            pos: node.pos,
        }
    }

    pub(crate) fn path(&self) -> &'a str {
        self.path
    }

    /// The raw node of `key`, marked as used.
    pub(crate) fn node(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        self.used[i] = true;
        let n = &self.entries[i].value;
        (n.value != Value::Null).then_some(n)
    }

    /// The position of `key`, or of the mapping when absent.
    pub(crate) fn key_pos(&self, key: &str) -> Pos {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.key_pos)
            .unwrap_or(self.pos)
    }

    /// A text field. Numbers and booleans are taken as their text (`title: 2022`).
    pub(crate) fn string(&mut self, key: &str, diags: &mut Diagnostics) -> Option<(String, Pos)> {
        let node = self.node(key)?;
        match &node.value {
            Value::String(s) => Some((s.clone(), node.pos)),
            Value::Number(s) => Some((s.clone(), node.pos)),
            Value::Bool(b) => Some((b.to_string(), node.pos)),
            other => {
                self.wrong_type(node, key, "a string", other, diags);
                None
            }
        }
    }

    /// A required text field: missing or empty is an error.
    pub(crate) fn required_string(&mut self, key: &str, diags: &mut Diagnostics) -> Option<(String, Pos)> {
        match self.string(key, diags) {
            Some((s, p)) if !s.trim().is_empty() => Some((s, p)),
            Some((_, p)) => {
                diags.error(self.path, p.line, p.col, format!("`{key}` must not be empty"));
                None
            }
            None if self.has(key) && self.node(key).is_some() => None, // wrong type, already reported
            None => {
                diags.error(
                    self.path,
                    self.pos.line,
                    self.pos.col,
                    format!("missing required field `{key}`"),
                );
                None
            }
        }
    }

    /// A boolean field.
    pub(crate) fn bool(&mut self, key: &str, diags: &mut Diagnostics) -> Option<bool> {
        let node = self.node(key)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(node, key, "true or false", other, diags);
                None
            }
        }
    }

    /// A non-negative integer field.
    pub(crate) fn integer(&mut self, key: &str, diags: &mut Diagnostics) -> Option<(i64, Pos)> {
        let node = self.node(key)?;
        if let Value::Number(s) = &node.value {
            if let Ok(n) = s.parse::<i64>() {
                return Some((n, node.pos));
            }
        }
        self.wrong_type(node, key, "a whole number", &node.value, diags);
        None
    }

    /// A list of strings; a single string is a list of one.
    pub(crate) fn string_list(&mut self, key: &str, diags: &mut Diagnostics) -> Option<Vec<(String, Pos)>> {
        let node = self.node(key)?;
        match &node.value {
            Value::String(s) => Some(vec![(s.clone(), node.pos)]),
            Value::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item.scalar_text() {
                        Some(s) => out.push((s, item.pos)),
                        None => self.wrong_type(item, key, "a string", &item.value, diags),
                    }
                }
                Some(out)
            }
            other => {
                self.wrong_type(node, key, "a string or a list of strings", other, diags);
                None
            }
        }
    }

    fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key == key)
    }

    fn wrong_type(&self, node: &Node, key: &str, expected: &str, found: &Value, diags: &mut Diagnostics) {
        diags.error(
            self.path,
            node.pos.line,
            node.pos.col,
            format!("`{key}` must be {expected}, found {}", found.kind()),
        );
    }

    /// Keys that were never read, with their positions.
    pub(crate) fn unknown(&self) -> impl Iterator<Item = &'a Entry> + '_ {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(_, u)| !**u)
            .map(|(e, _)| e)
    }

    /// Reports keys that were never read, with a did-you-mean among `known`,
    /// as errors (`as_error`) or warnings.
    pub(crate) fn report_unknown(&self, what: &str, known: &[&str], as_error: bool, diags: &mut Diagnostics) {
        for e in self.unknown() {
            let hint = did_you_mean(&e.key, known.iter().copied())
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            let msg = format!("unknown {what} key `{}`{hint}", e.key);
            if as_error {
                diags.error(self.path, e.key_pos.line, e.key_pos.col, msg);
            } else {
                diags.warning(self.path, e.key_pos.line, e.key_pos.col, msg);
            }
        }
    }
}
