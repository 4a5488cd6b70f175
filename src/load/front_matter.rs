//! Splitting a Markdown file into its YAML front matter and its body.

use super::yaml::{self, Node, YamlError};

/// A Markdown file split in two.
#[derive(Debug)]
pub struct Split<'a> {
    /// The front matter, parsed; positions are in the whole file.
    pub front: Node,
    /// The front matter as written, between the fences.
    pub(crate) front_text: &'a str,
    /// The Markdown after the closing fence (the rest of the file).
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// A fingerprint of front matter text, to tell an edit of a file's body
/// alone from one that touches its front matter.
pub(crate) fn fingerprint(front_text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    front_text.hash(&mut h);
    h.finish()
}

/// Splits `text` at its `---` fences and parses the front matter; errors carry
/// the position in the whole file.
pub fn split(text: &str) -> Result<Split<'_>, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(YamlError {
            pos: yaml::Pos { line: 1, col: 1 },
            message: "missing front matter: the file must start with a `---` line".into(),
        });
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map(|i| offset + i + 1).unwrap_or(text.len());
        let l = text[offset..end].trim_end();
        if l == "---" || l == "..." {
            let front = yaml::parse(&text[first_end..offset], 2)?;
            return Ok(Split {
                front,
                front_text: &text[first_end..offset],
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(YamlError {
        pos: yaml::Pos { line: 1, col: 1 },
        message: "front matter is not closed: add a `---` line after it".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: a\n---\nbody\n").expect("splits");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(s.front.entries().map(<[_]>::len), Some(1));
    }

    #[test]
    fn yaml_error_line_is_file_line() {
        let e = split("---\ntitle: a\ndate: [\n---\n").expect_err("bad yaml");
        assert!(e.pos.line >= 3, "{e:?}");
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        assert!(split("# hi").is_err());
        assert!(split("---\ntitle: a\n").is_err());
    }
}
