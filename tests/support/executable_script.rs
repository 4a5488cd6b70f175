//! Finds HTML that a browser would run as script: a script-capable element,
//! an event-handler attribute, or a `javascript:`-like URL.
//!
//! Shared by the property tests (`tests/properties.rs`) and the fuzz targets
//! (`fuzz/`), which include this file by path. It tokenises tags the way a
//! browser does (HTML's tokenizer, simplified: no foreign content), so text
//! that merely looks dangerous (`&lt;script&gt;`, `onclick` in a sentence) is
//! not reported, while a tag a browser would see is, however it is spelled.

/// Elements that run script, load a document, or change how URLs resolve.
const SCRIPT_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form", "svg",
    "math", "style", "portal", "template", "input", "button", "textarea", "select", "isindex",
];

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "cite",
    "codebase",
    "dynsrc",
    "lowsrc",
    "ping",
    "manifest",
];

/// URL schemes that run script or carry a document.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript", "data", "livescript"];

/// The first piece of executable script in `html`, described, or `None`.
pub(crate) fn find_executable_script(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            // A comment ends at `-->` (or `--!>`); nothing inside it runs.
            i += 4 + comment.find("-->").map(|e| e + 3).unwrap_or(comment.len());
            continue;
        }
        match rest.bytes().next() {
            Some(c) if c.is_ascii_alphabetic() => {
                let (tag, len) = read_tag(rest);
                if let Some(problem) = tag_problem(&tag) {
                    return Some(problem);
                }
                i += 1 + len;
            }
            _ => i += 1,
        }
    }
    None
}

/// A start tag as a browser reads it: lowercased name and attributes
/// (values with character references decoded).
struct StartTag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Reads a tag from just after its `<`; returns it and the bytes it spans.
fn read_tag(s: &str) -> (StartTag, usize) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = s[..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            break;
        }
        let start = i;
        i += 1; // an attribute name may start with `=`
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attr = s[start..i].to_ascii_lowercase();
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let end = s[i + 1..]
                    .bytes()
                    .position(|c| c == quote)
                    .map_or(b.len(), |p| i + 1 + p);
                value = decode_references(&s[i + 1..end]);
                i = (end + 1).min(b.len());
            } else {
                let start = i;
                while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                    i += 1;
                }
                value = decode_references(&s[start..i]);
            }
        }
        attributes.push((attr, value));
    }
    (StartTag { name, attributes }, (i + 1).min(b.len()))
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn tag_problem(tag: &StartTag) -> Option<String> {
    if SCRIPT_ELEMENTS.contains(&tag.name.as_str()) {
        return Some(format!("a <{}> element", tag.name));
    }
    for (attr, value) in &tag.attributes {
        if attr.starts_with("on") || attr == "srcdoc" {
            return Some(format!("attribute `{attr}` on <{}>", tag.name));
        }
        if URL_ATTRIBUTES.contains(&attr.as_str()) {
            if let Some(scheme) = script_scheme(value) {
                return Some(format!("a {scheme}: URL in `{attr}` on <{}>", tag.name));
            }
        }
    }
    None
}

/// The scheme of `url` if it is one that runs script, read the way a
/// browser reads it: surrounding C0 controls and spaces, and tabs and
/// newlines anywhere, are ignored; case does not matter. For `srcset`-like
/// lists, every comma-separated candidate counts.
fn script_scheme(url: &str) -> Option<&'static str> {
    url.split(',').find_map(|candidate| {
        let cleaned: String = candidate
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .to_ascii_lowercase();
        let scheme = cleaned.split(':').next().filter(|_| cleaned.contains(':'))?;
        SCRIPT_SCHEMES.iter().copied().find(|s| *s == scheme)
    })
}

/// Decodes the character references that can hide a scheme or a name:
/// numeric ones and the named ones used for punctuation and whitespace.
fn decode_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (decoded, used) = decode_one(rest);
        match decoded {
            Some(c) => out.push(c),
            None => out.push('&'),
        }
        rest = &rest[used.max(1)..];
    }
    out.push_str(rest);
    out
}

/// Decodes one reference at the start of `s` (which starts with `&`).
fn decode_one(s: &str) -> (Option<char>, usize) {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let len = digits
            .bytes()
            .take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() })
            .count();
        if len == 0 {
            return (None, 1);
        }
        let value = u32::from_str_radix(&digits[..len.min(8)], if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
        let mut used = 1 + 1 + usize::from(hex) + len;
        if digits[len..].starts_with(';') {
            used += 1;
        }
        return (Some(char::from_u32(value).unwrap_or('\u{FFFD}')), used);
    }
    const NAMED: &[(&str, char)] = &[
        ("colon", ':'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("sol", '/'),
        ("nbsp", '\u{a0}'),
    ];
    let len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = body[..len].to_ascii_lowercase();
    match NAMED.iter().find(|(n, _)| *n == name) {
        Some((_, c)) => {
            let semicolon = usize::from(body[len..].starts_with(';'));
            (Some(*c), 1 + len + semicolon)
        }
        None => (None, 1),
    }
}
