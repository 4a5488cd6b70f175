//! East Asian text rules: the CSS Text 3 segment-break transformation (a
//! soft line break between two wide characters disappears instead of
//! becoming a space) and the character classes the summary and reading-time
//! code share.

use pulldown_cmark::{Event, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

/// U+200B ZERO WIDTH SPACE: a soft break right beside it is always removed.
const ZWSP: char = '\u{200B}';

/// Whether `lang` (a BCP 47 tag such as `zh`, `zh-Hans`, `ja`) names an East
/// Asian language, in which East Asian Ambiguous punctuation (“ ” ‘ ’ · …)
/// is set full-width.
pub(crate) fn is_east_asian_lang(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    ["zh", "ja", "ko", "yue", "cmn", "wuu", "hak", "nan", "lzh", "gan", "hsn"]
        .iter()
        .any(|l| primary.eq_ignore_ascii_case(l))
}

/// Hangul, which separates words with spaces, so a break beside it is kept.
pub(crate) fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{302E}'..='\u{302F}'
        | '\u{3131}'..='\u{318F}'
        | '\u{3200}'..='\u{321E}'
        | '\u{3260}'..='\u{327E}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{FFA0}'..='\u{FFDC}')
}

/// East Asian Width F, W or H (Fullwidth, Wide, Halfwidth).
fn is_strictly_wide(c: char) -> bool {
    c.width() == Some(2) || matches!(c, '\u{FF61}'..='\u{FFDC}' | '\u{FFE8}'..='\u{FFEE}' | '\u{20A9}')
}

/// East Asian Width A (Ambiguous) punctuation and symbols such as “ ” ‘ ’ — ·
/// (letters, e.g. Greek and Cyrillic, are left out: they are never set wide
/// next to Latin text).
fn is_ambiguous_symbol(c: char) -> bool {
    c.width_cjk() == Some(2) && c.width() == Some(1) && !c.is_alphanumeric()
}

/// The segment-break rule: whether a soft line break between `before` and
/// `after` (the nearest visible characters on each side, if any) is removed
/// rather than turned into a space.
///
/// Removed when a zero-width space is right beside the break, or when both
/// sides are wide (F/W/H) and neither is Hangul. Ambiguous punctuation
/// (curly quotes…) counts as wide in an East Asian document (`east_asian`),
/// or when the character on the other side is itself wide.
pub(crate) fn joins_without_space(before: Option<char>, after: Option<char>, east_asian: bool) -> bool {
    let (Some(b), Some(a)) = (before, after) else {
        return before == Some(ZWSP) || after == Some(ZWSP);
    };
    if b == ZWSP || a == ZWSP {
        return true;
    }
    if is_hangul(b) || is_hangul(a) {
        return false;
    }
    let (bw, aw) = (is_strictly_wide(b), is_strictly_wide(a));
    let b_wide = bw || (is_ambiguous_symbol(b) && (east_asian || aw));
    let a_wide = aw || (is_ambiguous_symbol(a) && (east_asian || bw));
    b_wide && a_wide
}

/// Whether a start or end tag is inline markup that is transparent for the
/// segment-break rule (the characters inside it are still neighbours).
fn is_transparent_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Superscript | Tag::Subscript
    )
}

fn is_transparent_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// What a scan meets: a visible character, something to look through, or
/// something that stops the scan (a block boundary, an image, a break).
enum Step {
    Char(char),
    Skip,
    Stop,
}

fn step(event: &Event, backwards: bool) -> Step {
    let edge = |s: &str| {
        let c = if backwards {
            s.chars().next_back()
        } else {
            s.chars().next()
        };
        c.map_or(Step::Skip, Step::Char)
    };
    match event {
        Event::Text(s) | Event::Code(s) => edge(s),
        Event::InlineHtml(_) | Event::FootnoteReference(_) => Step::Skip,
        Event::Start(tag) if is_transparent_tag(tag) => Step::Skip,
        Event::End(tag) if is_transparent_end(tag) => Step::Skip,
        _ => Step::Stop,
    }
}

/// The nearest visible character before `events[index]`.
fn char_before(events: &[Event], index: usize) -> Option<char> {
    for event in events[..index].iter().rev() {
        match step(event, true) {
            Step::Char(c) => return Some(c),
            Step::Skip => {}
            Step::Stop => return None,
        }
    }
    None
}

/// The nearest visible character after `events[index]`.
fn char_after(events: &[Event], index: usize) -> Option<char> {
    for event in events.iter().skip(index + 1) {
        match step(event, false) {
            Step::Char(c) => return Some(c),
            Step::Skip => {}
            Step::Stop => return None,
        }
    }
    None
}

/// Removes every soft break that [`joins_without_space`] says disappears;
/// the others stay (rendered as a newline, i.e. a space).
pub(crate) fn remove_soft_breaks(events: &mut Vec<Event>, east_asian: bool) {
    let removable: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            matches!(e, Event::SoftBreak)
                && joins_without_space(char_before(events, *i), char_after(events, *i), east_asian)
        })
        .map(|(i, _)| i)
        .collect();
    if removable.is_empty() {
        return;
    }
    let mut next = removable.iter().peekable();
    let mut index = 0;
    events.retain(|_| {
        let drop = next.peek() == Some(&&index);
        if drop {
            next.next();
        }
        index += 1;
        !drop
    });
}

/// A CJK character for reading time: Han ideographs, kana, Hangul syllables
/// and jamo (punctuation is not counted).
pub(crate) fn is_cjk_char(c: char) -> bool {
    // The common case first: the unified ideographs.
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || matches!(c,
        '\u{3005}' | '\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303B}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309D}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9D}'
        | '\u{20000}'..='\u{3FFFF}')
        || (is_hangul(c) && c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Parser};

    fn render(src: &str, east_asian: bool) -> String {
        let mut events: Vec<Event> = Parser::new(src).collect();
        remove_soft_breaks(&mut events, east_asian);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn han_han_joins() {
        assert_eq!(render("援疆\n干部", true), "<p>援疆干部</p>\n");
        assert_eq!(render("援疆\n干部", false), "<p>援疆干部</p>\n");
    }

    #[test]
    fn latin_keeps_separator() {
        assert_eq!(render("aid\ncommand", false), "<p>aid\ncommand</p>\n");
        assert_eq!(render("aid\ncommand", true), "<p>aid\ncommand</p>\n");
    }

    #[test]
    fn han_latin_keeps_separator() {
        assert_eq!(render("援疆\nAid", true), "<p>援疆\nAid</p>\n");
        assert_eq!(render("Aid\n援疆", true), "<p>Aid\n援疆</p>\n");
    }

    #[test]
    fn fullwidth_punctuation_joins() {
        assert_eq!(render("台州，\n阿拉尔", true), "<p>台州，阿拉尔</p>\n");
        assert_eq!(render("完成。\n下一步", false), "<p>完成。下一步</p>\n");
    }

    #[test]
    fn curly_quotes_join_in_chinese_or_beside_han() {
        assert_eq!(render("兴“疆”\n新引擎", false), "<p>兴“疆”新引擎</p>\n");
        assert_eq!(render("“援疆”\n“兴疆”", true), "<p>“援疆”“兴疆”</p>\n");
        // English text with curly quotes keeps its space.
        assert_eq!(render("“Hi.”\n“Bye.”", false), "<p>“Hi.”\n“Bye.”</p>\n");
    }

    #[test]
    fn hangul_keeps_separator() {
        assert_eq!(render("한국어\n문장", true), "<p>한국어\n문장</p>\n");
        assert_eq!(render("援疆\n한국", true), "<p>援疆\n한국</p>\n");
    }

    #[test]
    fn zero_width_space_removes_break() {
        assert_eq!(render("word\u{200B}\nnext", false), "<p>word\u{200B}next</p>\n");
        assert_eq!(render("word\n\u{200B}next", false), "<p>word\u{200B}next</p>\n");
    }

    #[test]
    fn neighbours_across_inline_markup() {
        assert_eq!(render("**加粗**\n文字", true), "<p><strong>加粗</strong>文字</p>\n");
        assert_eq!(render("文字\n*强调*", true), "<p>文字<em>强调</em></p>\n");
        assert_eq!(
            render("[链接](/a)\n`代码`", true),
            "<p><a href=\"/a\">链接</a><code>代码</code></p>\n"
        );
        assert_eq!(render("**bold**\ntext", false), "<p><strong>bold</strong>\ntext</p>\n");
    }

    #[test]
    fn several_breaks_in_one_paragraph() {
        assert_eq!(render("一\n二\nthree\n四", true), "<p>一二\nthree\n四</p>\n");
    }

    #[test]
    fn break_beside_image_is_kept() {
        assert_eq!(
            render("![图](/a.png)\n文字", true),
            "<p><img src=\"/a.png\" alt=\"图\" />\n文字</p>\n"
        );
    }

    #[test]
    fn halfwidth_katakana_is_wide_class() {
        assert!(joins_without_space(Some('ｶ'), Some('ﾅ'), false));
        assert!(!joins_without_space(Some('a'), Some('ﾅ'), false));
    }

    #[test]
    fn missing_neighbour_keeps_break() {
        assert!(!joins_without_space(None, Some('中'), true));
        assert!(joins_without_space(None, Some(ZWSP), false));
    }

    #[test]
    fn east_asian_languages() {
        assert!(is_east_asian_lang("zh"));
        assert!(is_east_asian_lang("zh-Hans"));
        assert!(is_east_asian_lang("JA"));
        assert!(!is_east_asian_lang("en"));
        assert!(!is_east_asian_lang(""));
        assert!(!is_east_asian_lang("ug"));
    }

    #[test]
    fn cjk_chars() {
        assert!(is_cjk_char('援'));
        assert!(is_cjk_char('か'));
        assert!(is_cjk_char('한'));
        assert!(!is_cjk_char('，'));
        assert!(!is_cjk_char('a'));
    }
}
