//! The text a reader sees in rendered HTML: tags dropped, a few entities
//! decoded, block boundaries as spaces (so no pair of characters spans two
//! paragraphs), inline tags joined (`<b>援疆</b>资金` stays 援疆资金), every
//! run of white space one space (the text is also shown, in excerpts).

/// Tags whose content is not read as text.
const SKIPPED: [&str; 4] = ["script", "style", "svg", "template"];

/// Tags that end a run of text.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "td",
    "th",
    "tr",
    "table",
    "figure",
    "figcaption",
    "section",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "hr",
];

/// The plain text of `html`.
pub(crate) fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skipping: Option<&str> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            push_text(&mut out, &rest[..lt]);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match skipping {
            Some(s) if closing && s == name => skipping = None,
            Some(_) => {}
            None => {
                if let Some(s) = SKIPPED.iter().find(|s| **s == name) {
                    if !closing && !tag.ends_with('/') {
                        skipping = Some(s);
                    }
                } else if BLOCKS.contains(&name.as_str()) && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }
    if skipping.is_none() {
        push_text(&mut out, rest);
    }
    out.trim().to_string()
}

fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        push_collapsed(out, &rest[..amp]);
        let after = &rest[amp..];
        // The entity's name, between `&` and `;` (decoding, not escaping:
        // the escaper is markup::escape).
        let name = after.find(';').filter(|e| *e <= 10).map(|e| &after[1..e]);
        let decoded = match name {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("#39") | Some("#x27") | Some("apos") => Some('\''),
            Some("nbsp") => Some(' '),
            _ => None,
        };
        match (name, decoded) {
            (Some(n), Some(c)) => {
                push_collapsed(out, c.encode_utf8(&mut [0; 4]));
                rest = &after[n.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    push_collapsed(out, rest);
}

/// `text` with each run of white space as one space (none at the start).
fn push_collapsed(out: &mut String, text: &str) {
    let mut pieces = text.split(char::is_whitespace);
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for piece in pieces {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(piece);
    }
}

#[cfg(test)]
mod tests {
    use super::html_text;

    #[test]
    fn tags_go_blocks_separate_inline_joins_and_entities_decode() {
        assert_eq!(html_text("<p>援疆<b>资金</b></p><p>阿拉尔</p>"), "援疆资金 阿拉尔");
        assert_eq!(html_text("<p>A &amp; B&lt;3 &copy;</p>"), "A & B<3 &copy;");
        assert_eq!(
            html_text("<p>x</p><svg><title>chart</title></svg><style>p{}</style>y"),
            "x y"
        );
        assert_eq!(html_text("broken <a"), "broken");
        assert_eq!(html_text("<p>a\n  b</p>\n<p> c&nbsp; d</p>"), "a b c d");
    }
}
