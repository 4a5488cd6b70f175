//! The one escaper of the crate, for every piece of text written into HTML,
//! XML or SVG: templates (tera's escape function), the Markdown renderer,
//! charts, widget snippets and the `serve` overlay.
//!
//! Three sets, one implementation:
//! - [`Escape::Text`], for element content the crate writes itself: `& < >`;
//! - [`Escape::Html`], safe in element content and in quoted attribute
//!   values: `& < > " '` (not `/`, which tera's own default escapes, making
//!   every URL unreadable);
//! - [`Escape::Xml`], as `Html`, and the characters XML 1.0 forbids (C0
//!   controls other than tab, line feed and carriage return; U+FFFE,
//!   U+FFFF) are dropped, so that a standalone SVG always parses.

/// Which characters are escaped (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    Text,
    Html,
    Xml,
}

/// What becomes of one byte: kept, replaced by an entity, or dropped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    Keep,
    Entity(&'static str),
    /// Dropped (a forbidden control).
    Drop,
    /// The lead byte of U+FFFE and U+FFFF (EF BF BE/BF), to look at closely.
    MaybeNonCharacter,
}

const fn table(set: Escape) -> [Byte; 256] {
    let mut t = [Byte::Keep; 256];
    t[b'&' as usize] = Byte::Entity("&amp;");
    t[b'<' as usize] = Byte::Entity("&lt;");
    t[b'>' as usize] = Byte::Entity("&gt;");
    if matches!(set, Escape::Html | Escape::Xml) {
        t[b'"' as usize] = Byte::Entity("&quot;");
        t[b'\'' as usize] = Byte::Entity("&#39;");
    }
    if matches!(set, Escape::Xml) {
        let mut b = 0;
        while b < 0x20 {
            if b != b'\t' as usize && b != b'\n' as usize && b != b'\r' as usize {
                t[b] = Byte::Drop;
            }
            b += 1;
        }
        t[0xEF] = Byte::MaybeNonCharacter;
    }
    t
}

const TEXT: [Byte; 256] = table(Escape::Text);
const HTML: [Byte; 256] = table(Escape::Html);
const XML: [Byte; 256] = table(Escape::Xml);

/// Appends `input` to `out` with the characters of `set` escaped.
pub(crate) fn push_escaped(out: &mut String, input: &str, set: Escape) {
    out.reserve(input.len());
    let done: Result<(), std::convert::Infallible> = escape_runs(input, set, |run| {
        out.push_str(run);
        Ok(())
    });
    let Ok(()) = done;
}

/// Writes `input` escaped for HTML ([`Escape::Html`]) to `out` (tera's escape function).
pub(crate) fn write_html(out: &mut dyn std::io::Write, input: &str) -> std::io::Result<()> {
    escape_runs(input, Escape::Html, |run| out.write_all(run.as_bytes()))
}

/// Hands `input`, with the characters of `set` escaped, to `emit` as runs of text.
fn escape_runs<E>(input: &str, set: Escape, mut emit: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let table = match set {
        Escape::Text => &TEXT,
        Escape::Html => &HTML,
        Escape::Xml => &XML,
    };
    // Byte by byte: every byte the tables act on is ASCII or the lead byte
    // of a three-byte character, so every cut is on a character boundary.
    let bytes = input.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(|b| table[usize::from(*b)] != Byte::Keep) {
        let at = i + k;
        let (replacement, len) = match table[usize::from(bytes[at])] {
            Byte::Entity(e) => (e, 1),
            Byte::Drop => ("", 1),
            Byte::MaybeNonCharacter
                if bytes.get(at + 1) == Some(&0xBF) && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)) =>
            {
                ("", 3)
            }
            _ => {
                i = at + 1;
                continue;
            }
        };
        if plain < at {
            emit(&input[plain..at])?;
        }
        if !replacement.is_empty() {
            emit(replacement)?;
        }
        plain = at + len;
        i = plain;
    }
    if plain < input.len() {
        emit(&input[plain..])?;
    }
    Ok(())
}

/// `input` escaped for HTML ([`Escape::Html`]).
pub(crate) fn html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    push_escaped(&mut out, input, Escape::Html);
    out
}

/// Appends `input` escaped for HTML ([`Escape::Html`]).
pub(crate) fn push_html(out: &mut String, input: &str) {
    push_escaped(out, input, Escape::Html);
}

/// Appends `input` escaped as element content ([`Escape::Text`]).
pub(crate) fn push_text(out: &mut String, input: &str) {
    push_escaped(out, input, Escape::Text);
}

/// `input` escaped for XML ([`Escape::Xml`]).
pub(crate) fn xml(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    push_escaped(&mut out, input, Escape::Xml);
    out
}

/// Appends `input` escaped for XML ([`Escape::Xml`]).
pub(crate) fn push_xml(out: &mut String, input: &str) {
    push_escaped(out, input, Escape::Xml);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_set_escapes_its_characters() {
        let input = "a<b>&\"'/ 援疆\u{1}\t\u{FFFE}\u{FFFF}\u{FFFD}\u{EFFF}";
        let mut text = String::new();
        push_text(&mut text, input);
        assert_eq!(text, "a&lt;b&gt;&amp;\"'/ 援疆\u{1}\t\u{FFFE}\u{FFFF}\u{FFFD}\u{EFFF}");
        assert_eq!(
            html(input),
            "a&lt;b&gt;&amp;&quot;&#39;/ 援疆\u{1}\t\u{FFFE}\u{FFFF}\u{FFFD}\u{EFFF}"
        );
        assert_eq!(xml(input), "a&lt;b&gt;&amp;&quot;&#39;/ 援疆\t\u{FFFD}\u{EFFF}");
        assert_eq!(xml("\u{0}\u{1F}\r\n"), "\r\n");
        assert_eq!(html(""), "");
        assert_eq!(html("&&"), "&amp;&amp;");
    }
}
