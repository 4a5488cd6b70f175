//! Writing front matter: quoted values, and optional fields commented out with
//! a short explanation, the comments aligned.

use unicode_width::UnicodeWidthStr;

/// `s` as a YAML double-quoted scalar, which reads back as exactly `s`
/// whatever it holds (`:` `#` quotes, backslashes, line breaks).
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Comments start at this column at most, so that one long line does not push
/// every other comment far to the right.
const MAX_COMMENT_COLUMN: usize = 40;

/// A front matter under construction.
#[derive(Default)]
pub(crate) struct FrontMatter {
    /// The text of each line, and its trailing comment.
    lines: Vec<(String, Option<String>)>,
}

impl FrontMatter {
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// `key: value`, the value written as given (already quoted where needed).
    pub(super) fn field(&mut self, key: &str, value: &str) -> &mut Self {
        self.lines.push((format!("{key}: {value}"), None));
        self
    }

    /// A whole-line comment.
    pub(super) fn note(&mut self, text: &str) -> &mut Self {
        self.lines.push((format!("# {text}"), None));
        self
    }

    /// An optional field, commented out: `# key: example    # comment`.
    pub(super) fn optional(&mut self, key: &str, example: &str, comment: &str) -> &mut Self {
        let line = if example.is_empty() {
            format!("# {key}:")
        } else {
            format!("# {key}: {example}")
        };
        self.lines.push((line, Some(comment.to_string())));
        self
    }

    /// A commented-out line written as given (`#     value: 3.2`), with a comment when not empty.
    pub(super) fn commented(&mut self, text: &str, comment: &str) -> &mut Self {
        let comment = (!comment.is_empty()).then(|| comment.to_string());
        self.lines.push((format!("# {text}"), comment));
        self
    }

    /// The whole file: front matter between `---` lines, then `body`.
    pub(super) fn finish(&self, body: &str) -> String {
        let column = self
            .lines
            .iter()
            .filter(|(_, c)| c.is_some())
            .map(|(l, _)| l.width() + 2)
            .filter(|w| *w <= MAX_COMMENT_COLUMN)
            .max()
            .unwrap_or(0);
        let mut out = String::from("---\n");
        for (line, comment) in &self.lines {
            out.push_str(line);
            if let Some(comment) = comment {
                let pad = column.saturating_sub(line.width()).max(2);
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str("# ");
                out.push_str(comment);
            }
            out.push('\n');
        }
        out.push_str("---\n");
        out.push_str(body);
        if !body.is_empty() && !body.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{parse, Value};

    #[test]
    fn quoted_titles_read_back_exactly() {
        let nasty = [
            "台州智力援疆: 阿拉尔 #1",
            "He said \"yes\"",
            "back\\slash",
            "- a list? no",
            "@at &anchor *alias !tag % | > { } [ ] , ?",
            "line\nbreak\ttab",
            "'single' quotes",
            "  spaces  ",
            "true",
            "3.2186",
            "null",
            "bell\u{7}",
            "sep\u{2028}x",
        ];
        for s in nasty {
            let text = format!("title: {}\nnext: 1\n", quote(s));
            let node = parse(&text, 1).unwrap_or_else(|e| panic!("{s:?}: {e}"));
            let entries = node.entries().expect("mapping");
            assert_eq!(entries[0].value.value, Value::String(s.to_string()), "{s:?}");
            assert_eq!(entries[1].key_pos.line, 2, "{s:?}");
        }
    }

    #[test]
    fn comments_are_aligned() {
        let text = FrontMatter::new()
            .field("title", "\"a\"")
            .optional("source", "阿拉尔日报", "the publication")
            .optional("draft", "true", "built only with --drafts")
            .finish("Body.");
        assert_eq!(
            text,
            "---\ntitle: \"a\"\n# source: 阿拉尔日报  # the publication\n# draft: true         # built only with --drafts\n---\nBody.\n"
        );
        let inner = text.trim_start_matches("---\n");
        let front = &inner[..inner.find("---\n").expect("fence")];
        let node = parse(front, 2).expect("yaml");
        assert_eq!(node.entries().map(<[_]>::len), Some(1));
    }
}
