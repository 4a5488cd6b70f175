//! Chinese typography: two slips that editors make when they type Chinese on
//! an English keyboard layout, or paste from elsewhere:
//!
//! - half-width punctuation `, ; : ! ? ( )` between two Chinese characters
//!   (`援疆,让` should be `援疆，让`);
//! - spaces between two Chinese characters (`援疆 让` should be `援疆让`).
//!
//! Only prose is looked at: fenced and indented code, inline code, raw HTML,
//! autolinks, bare URLs and shortcodes (`{{ … }}`) are skipped.
//!
//! A space is how Chinese headlines separate parallel phrases
//! (`忠诚报国 团结实干`, `西湖水来 天山花开`), and names of events and slogans
//! quoted in running text keep their headline form (`“小小石榴籽 同过一个节”`).
//! So the space rule is not applied to titles and headings ([`Text::Headline`]),
//! nor inside a short quotation (up to [`SHORT_QUOTE`] characters between
//! `“ ”`, `‘ ’`, `「 」`, `『 』` or `《 》`). Punctuation is checked everywhere.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

/// What kind of text is scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Text {
    /// Running text: both rules.
    Prose,
    /// A title or heading: spaces may separate phrases.
    Headline,
}

/// The longest quotation (in characters, marks included) taken as a name or
/// a slogan, whose spaces are kept as written.
pub(crate) const SHORT_QUOTE: usize = 24;

const QUOTES: &[(char, char)] = &[('“', '”'), ('‘', '’'), ('「', '」'), ('『', '』'), ('《', '》')];

/// Whether `cells[i]` lies inside a quotation of at most [`SHORT_QUOTE`] characters.
fn in_short_quote(cells: &[Cell], i: usize) -> bool {
    let lo = i.saturating_sub(SHORT_QUOTE);
    for open_at in (lo..i).rev() {
        let Some(c) = cells[open_at].1 else {
            continue;
        };
        if QUOTES.iter().any(|(_, close)| *close == c) {
            return false;
        }
        if let Some((_, close)) = QUOTES.iter().find(|(open, _)| *open == c) {
            let hi = (open_at + SHORT_QUOTE).min(cells.len());
            return (i + 1..hi).any(|j| cells[j].1 == Some(*close));
        }
    }
    false
}

/// One slip, at a byte offset of the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slip {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// Whether `c` is a Han character (CJK ideograph, 〇).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// Whether `lang` is a Chinese language tag (`zh`, `zh-Hans`, `zh_TW`).
pub(crate) fn is_chinese(lang: &str) -> bool {
    lang.split(['-', '_'])
        .next()
        .is_some_and(|p| p.eq_ignore_ascii_case("zh"))
}

/// The full-width form of a half-width punctuation mark, for the marks the
/// rule covers.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

/// A character of the scanned text, or `None` where the text is masked
/// (URLs, shortcodes): masked characters are never Han, space or punctuation.
type Cell = (usize, Option<char>);

/// The characters of `text` with URLs and shortcodes masked.
fn cells(text: &str) -> Vec<Cell> {
    let mut out = Vec::with_capacity(text.len());
    let mut mask_until = 0usize;
    for (i, c) in text.char_indices() {
        if i < mask_until {
            out.push((i, None));
            continue;
        }
        let rest = &text[i..];
        if rest.starts_with("{{") {
            mask_until = rest.find("}}").map_or(text.len(), |e| i + e + 2);
        } else if ["http://", "https://", "www.", "mailto:"]
            .iter()
            .any(|p| rest.starts_with(p))
        {
            mask_until = rest.find(|c: char| c.is_whitespace()).map_or(text.len(), |e| i + e);
        }
        if i < mask_until {
            out.push((i, None));
        } else {
            out.push((i, Some(c)));
        }
    }
    out
}

/// Up to two Han characters ending just before `cells[end]`, as text.
fn han_before(cells: &[Cell], end: usize) -> String {
    let mut s: Vec<char> = cells[..end]
        .iter()
        .rev()
        .map_while(|(_, c)| c.filter(|c| is_han(*c)))
        .take(2)
        .collect();
    s.reverse();
    s.into_iter().collect()
}

/// Up to two Han characters from `cells[start]` on, as text.
fn han_after(cells: &[Cell], start: usize) -> String {
    cells[start.min(cells.len())..]
        .iter()
        .map_while(|(_, c)| c.filter(|c| is_han(*c)))
        .take(2)
        .collect()
}

fn han_at(cells: &[Cell], i: usize) -> bool {
    cells.get(i).and_then(|(_, c)| *c).is_some_and(is_han)
}

/// The slips of a run of plain text (a title, or prose of a body).
pub(crate) fn scan_text(text: &str, kind: Text) -> Vec<Slip> {
    let cells = cells(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let (offset, Some(c)) = cells[i] else {
            i += 1;
            continue;
        };
        if i == 0 || !han_at(&cells, i - 1) {
            i += 1;
            continue;
        }
        if let Some(wide) = full_width(c) {
            if han_at(&cells, i + 1) {
                let (before, after) = (han_before(&cells, i), han_after(&cells, i + 1));
                out.push(Slip {
                    offset,
                    message: format!(
                        "half-width `{c}` between Chinese characters: use the full-width `{wide}`: `{before}{c}{after}` → `{before}{wide}{after}`"
                    ),
                });
            }
        } else if is_space(c) {
            let end = (i..cells.len())
                .find(|&j| !cells[j].1.is_some_and(is_space))
                .unwrap_or(cells.len());
            if han_at(&cells, end) && kind == Text::Prose && !in_short_quote(&cells, i) {
                let (before, after) = (han_before(&cells, i), han_after(&cells, end));
                let spaces: String = cells[i..end].iter().filter_map(|(_, c)| *c).collect();
                let what = if end - i > 1 { "spaces" } else { "a space" };
                out.push(Slip {
                    offset,
                    message: format!(
                        "{what} between Chinese characters: remove it: `{before}{spaces}{after}` → `{before}{after}`"
                    ),
                });
            }
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

/// Byte ranges of `body` that are prose: text outside code, raw HTML and
/// autolinks, with whether each is in a heading. Adjacent text events are
/// merged, so that a slip split across two events is seen.
pub(crate) fn prose_ranges(body: &str) -> Vec<(Range<usize>, Text)> {
    let mut ranges: Vec<(Range<usize>, Text)> = Vec::new();
    let mut skip = 0usize;
    let mut heading = false;
    // For each open link: whether it is an autolink (its text is the URL).
    let mut links: Vec<bool> = Vec::new();
    for (event, range) in pulldown_cmark::Parser::new_ext(body, crate::markup::markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = true,
            Event::End(TagEnd::Heading(_)) => heading = false,
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => skip += 1,
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                links.push(auto);
                skip += usize::from(auto);
            }
            Event::End(TagEnd::Link) => {
                let auto = links.pop().unwrap_or(false);
                skip = skip.saturating_sub(usize::from(auto));
            }
            Event::Text(_) if skip == 0 => {
                let kind = if heading { Text::Headline } else { Text::Prose };
                match ranges.last_mut() {
                    Some((last, k)) if last.end == range.start && *k == kind => last.end = range.end,
                    _ => ranges.push((range, kind)),
                }
            }
            _ => {}
        }
    }
    ranges
}

/// The slips of a Markdown body; offsets are into `body`.
pub(crate) fn scan_markdown(body: &str) -> Vec<Slip> {
    let mut out = Vec::new();
    for (range, kind) in prose_ranges(body) {
        let Some(text) = body.get(range.clone()) else {
            continue;
        };
        out.extend(scan_text(text, kind).into_iter().map(|s| Slip {
            offset: s.offset + range.start,
            ..s
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(slips: &[Slip]) -> Vec<usize> {
        slips.iter().map(|s| s.offset).collect()
    }

    #[test]
    fn half_width_punctuation_between_han() {
        let s = scan_text("援疆,让阿拉尔", Text::Prose);
        assert_eq!(offsets(&s), vec![6]);
        assert_eq!(
            s[0].message,
            "half-width `,` between Chinese characters: use the full-width `，`: `援疆,让阿` → `援疆，让阿`"
        );
        for (text, wide) in [("好;好", '；'), ("如下:一", '：'), ("好!好", '！'), ("吗?是", '？')] {
            let s = scan_text(text, Text::Prose);
            assert_eq!(s.len(), 1, "{text}");
            assert!(s[0].message.contains(&format!("`{wide}`")), "{}", s[0].message);
        }
        let s = scan_text("阿拉尔(兵团)的", Text::Prose);
        assert_eq!(offsets(&s), vec![9, 16]);
    }

    #[test]
    fn punctuation_next_to_latin_or_digits_is_fine() {
        assert!(scan_text("共5大类,43个", Text::Prose).is_empty());
        assert!(scan_text("CNY 3.2 亿, about", Text::Prose).is_empty());
        assert!(scan_text("援疆，让阿拉尔", Text::Prose).is_empty());
        assert!(scan_text("援疆,", Text::Prose).is_empty());
        assert!(scan_text(",援疆", Text::Prose).is_empty());
        assert!(scan_text("Taizhou (台州)", Text::Prose).is_empty());
    }

    #[test]
    fn spaces_between_han() {
        let s = scan_text("台州智力援疆 阿拉尔", Text::Prose);
        assert_eq!(offsets(&s), vec![18]);
        assert_eq!(
            s[0].message,
            "a space between Chinese characters: remove it: `援疆 阿拉` → `援疆阿拉`"
        );
        let s = scan_text("援疆  让", Text::Prose);
        assert_eq!(s.len(), 1);
        assert!(s[0].message.starts_with("spaces between"), "{}", s[0].message);
        assert!(scan_text("援疆 2022 年", Text::Prose).is_empty());
        assert!(
            scan_text("援疆\u{3000}让", Text::Prose).is_empty(),
            "an ideographic space is deliberate"
        );
    }

    #[test]
    fn headline_spaces_and_short_quotes_are_kept() {
        assert!(scan_text("忠诚报国 团结实干", Text::Headline).is_empty());
        assert_eq!(scan_text("忠诚报国,团结实干", Text::Headline).len(), 1);
        assert!(scan_text("开展“小小石榴籽 同过一个节”活动", Text::Prose).is_empty());
        assert!(scan_text("邀请《喀喇昆仑 天山》剧团", Text::Prose).is_empty());
        assert_eq!(scan_text("开展“小小石榴籽,同过一个节”活动", Text::Prose).len(), 1);
        let long = "他说：“我们这一批援疆干部来到阿拉尔已经三年了 大家都很好”";
        assert_eq!(
            scan_text(long, Text::Prose).len(),
            1,
            "a long quotation is running text"
        );
        assert_eq!(
            scan_text("“甲”和乙 丙", Text::Prose).len(),
            1,
            "after a closed quotation"
        );
    }

    #[test]
    fn urls_and_shortcodes_are_skipped() {
        assert!(scan_text("见https://example.org/援疆,让 这里", Text::Prose).is_empty());
        assert!(scan_text("{{ figure(\"援疆,让\") }}", Text::Prose).is_empty());
        assert_eq!(scan_text("{{ x }}援疆,让", Text::Prose).len(), 1);
    }

    #[test]
    fn markdown_skips_code_html_and_autolinks() {
        let body = "援疆,让\n\n```\n代码,代码\n```\n\n`行内,代码` 和<span title=\"甲,乙\">丙</span>\n\n<https://a.org/甲,乙>\n\n    缩进,代码\n";
        let s = scan_markdown(body);
        assert_eq!(offsets(&s), vec![6], "{s:?}");
    }

    #[test]
    fn markdown_finds_slips_in_links_emphasis_and_headings() {
        let body = "## 标题,一 二\n\n[链接,文字](/a/) 和 *强调;文字*\n";
        let s = scan_markdown(body);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(&body[s[0].offset..s[0].offset + 1], ",");
        assert_eq!(&body[s[1].offset..s[1].offset + 1], ",");
        assert_eq!(&body[s[2].offset..s[2].offset + 1], ";");
    }

    #[test]
    fn chinese_language_tags() {
        assert!(is_chinese("zh"));
        assert!(is_chinese("zh-Hans"));
        assert!(!is_chinese("en"));
    }
}
