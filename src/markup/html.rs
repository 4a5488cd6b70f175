//! Links in HTML and XML: the `href` and `src` attributes of tags.

/// `href` and `src` attribute values of the tags of an HTML or XML text, and
/// sitemap `<loc>` texts, with the byte offset of each value, entities
/// decoded. Text, comments and the content of `script` and `style` are
/// skipped (an embed code shown in a `<textarea>` is text, not a link).
pub fn attr_links(html: &str) -> Vec<(usize, String)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i = rest.find("]]>").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if rest.starts_with("<loc>") {
            let from = start + "<loc>".len();
            if let Some(len) = html[from..].find("</loc>") {
                let raw = &html[from..from + len];
                let lead = raw.len() - raw.trim_start().len();
                out.push((from + lead, decode_entities(raw.trim())));
            }
            i = from;
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_')))
            .unwrap_or(rest.len() - 1);
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let name = &rest[1..1 + name_len];
        let mut j = start + 1 + name_len;
        // Attributes, up to the end of the tag.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() {
                break;
            }
            if bytes[j] == b'>' {
                j += 1;
                break;
            }
            let attr_start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !matches!(bytes[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let attr = &html[attr_start..j];
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                if j == attr_start {
                    j += 1; // a stray character: step over it
                }
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value_start, value_end, next) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => match html[j + 1..].find(q as char) {
                    Some(len) => (j + 1, j + 1 + len, j + 2 + len),
                    None => (j + 1, html.len(), html.len()),
                },
                _ => {
                    let len = html[j..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(html.len() - j);
                    (j, j + len, j + len)
                }
            };
            if attr.eq_ignore_ascii_case("href") || attr.eq_ignore_ascii_case("src") {
                out.push((value_start, decode_entities(&html[value_start..value_end])));
            }
            j = next;
        }
        i = j;
        // Raw text elements: their content is not markup.
        if let Some(raw) = ["script", "style", "textarea"]
            .into_iter()
            .find(|r| name.eq_ignore_ascii_case(r))
        {
            i = find_close_tag(html, i, raw);
        }
    }
    out
}

/// The offset of the first `</name` (any case) at or after `from`, else the end.
fn find_close_tag(html: &str, from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(rel) = html[i..].find("</") {
        let at = i + rel;
        let after = at + 2;
        if html
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return at;
        }
        i = after;
    }
    html.len()
}

/// Decodes the character references that appear in attribute values.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&e| e <= 10).and_then(|e| {
            let c = match &rest[1..e] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                n if n.starts_with("#x") || n.starts_with("#X") => {
                    u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32)
                }
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attribute_links_with_offsets() {
        let html = "<a href=\"/a/?x=1&amp;y=2\">a</a><img  src='/i.png'><p data-href=\"/no/\">href=\"/no\"</p>\
            <loc> https://x/ </loc><a href=/b/><textarea>&lt;iframe src=&quot;/no/&quot;&gt; <a href=\"/no\"></textarea>\
            <script>if(a<b)x.src=\"/no\";var s='<a href=\"/no\">'</script><!-- <a href=\"/no\"> --><A HREF='/c/'>";
        let links = attr_links(html);
        let values: Vec<&str> = links.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, vec!["/a/?x=1&y=2", "/i.png", "https://x/", "/b/", "/c/"]);
        assert_eq!(&html[links[1].0..links[1].0 + 6], "/i.png");
        assert_eq!(decode_entities("&#x2F;a&#47;b&bogus;"), "/a/b&bogus;");
    }
}
