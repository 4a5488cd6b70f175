//! One walk over a body's Markdown events: links and images through the
//! URL policy, headings given unique ids, code blocks highlighted, and what
//! is derived from the text on the way (headings, reading count, the
//! summary's text).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::anchors::{self, Anchors};
use super::summary::ReadingCount;
use super::{cjk, highlight, sanitize, Heading};

/// The events of a heading up to its end (taken from `events`, the end
/// left out; links through [`filter_link`]), and its plain text, trimmed.
fn heading_content<'e>(
    events: &mut impl Iterator<Item = Event<'e>>,
    link_kept: &mut Vec<bool>,
) -> (Vec<Event<'e>>, String) {
    let mut inner = Vec::new();
    let mut text = String::new();
    for e in events.by_ref() {
        if matches!(e, Event::End(TagEnd::Heading(_))) {
            break;
        }
        if let Event::Text(t) | Event::Code(t) = &e {
            text.push_str(t);
        }
        // Links in headings pass the URL policy too (a `javascript:` link in
        // a heading reached the page; found by fuzzing).
        inner.extend(filter_link(e, link_kept));
    }
    (inner, text.trim().to_string())
}

/// A code block of `kind` (its text taken from `events`, up to its end),
/// highlighted, as one HTML event.
fn code_block<'e>(kind: &CodeBlockKind, events: &mut impl Iterator<Item = Event<'e>>) -> Event<'e> {
    let lang = match kind {
        CodeBlockKind::Fenced(info) => highlight::language_token(info),
        CodeBlockKind::Indented => None,
    };
    let mut code = String::new();
    for e in events.by_ref() {
        match e {
            Event::End(TagEnd::CodeBlock) => break,
            Event::Text(t) => code.push_str(&t),
            _ => {}
        }
    }
    let mut block = String::new();
    highlight::push_code_block(&mut block, lang.as_deref(), &code);
    Event::Html(CowStr::from(block))
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Whether the summary text so far ends so that the next paragraph follows
/// without a space (CJK text).
fn ends_wide(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| cjk::joins_without_space(Some(c), Some('中'), true))
}

/// Drops the start and end of a link or image whose URL the policy refuses
/// (`javascript:`…), keeping its text; `kept` tracks, for each open link or
/// image, whether its start was kept. Other events pass.
fn filter_link<'e>(event: Event<'e>, kept: &mut Vec<bool>) -> Option<Event<'e>> {
    match &event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            let keep = sanitize::url_allowed(dest_url);
            kept.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => kept.pop().unwrap_or(true).then_some(event),
        _ => Some(event),
    }
}

/// The state of one walk over a body's events: the events kept, and what
/// is derived from the text on the way (headings, reading count, summary).
pub(super) struct Walk<'e> {
    /// The events to write.
    pub(super) out: Vec<Event<'e>>,
    anchors: Anchors,
    pub(super) headings: Vec<Heading>,
    pub(super) count: ReadingCount,
    pub(super) text_chars: usize,
    /// The text of the first paragraphs, for the summary.
    pub(super) summary_text: String,
    /// How many characters the summary takes at most (three times its target).
    summary_budget: usize,
    paragraph_depth: usize,
    /// For each open link or image: whether its start was kept.
    link_kept: Vec<bool>,
    /// Raw HTML whose content readers never see (`<script>`…): text inside
    /// it counts for nothing derived.
    raw: crate::model::raw_html::RawText,
    pub(super) has_code: bool,
}

impl<'e> Walk<'e> {
    pub(super) fn new(anchors: Anchors, summary_chars: usize, events: usize) -> Self {
        Walk {
            out: Vec::with_capacity(events),
            anchors,
            headings: Vec::new(),
            count: ReadingCount::default(),
            text_chars: 0,
            summary_text: String::new(),
            summary_budget: summary_chars.saturating_mul(3).max(1),
            paragraph_depth: 0,
            link_kept: Vec::new(),
            raw: crate::model::raw_html::RawText::default(),
            has_code: false,
        }
    }

    /// Takes `event` (and, for headings and code blocks, the events up to
    /// their end from `rest`).
    pub(super) fn event(&mut self, event: Event<'e>, rest: &mut impl Iterator<Item = Event<'e>>) {
        match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => self.heading(level, id, classes, rest),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.has_code = true;
                self.out.push(code_block(&kind, rest));
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Link | TagEnd::Image) => {
                self.out.extend(filter_link(event, &mut self.link_kept));
            }
            Event::Start(Tag::Paragraph) => {
                self.paragraph_depth += 1;
                if !self.summary_text.is_empty()
                    && self.summary_text.chars().count() < self.summary_budget
                    && !ends_wide(&self.summary_text)
                {
                    self.summary_text.push(' ');
                }
                self.out.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
                self.out.push(event);
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                self.raw.feed(h, 0);
                self.out.push(event);
            }
            Event::Text(_) | Event::Code(_) if self.raw.hides_text() => self.out.push(event),
            Event::Text(ref t) | Event::Code(ref t) => {
                self.count.add(t);
                self.text_chars += t.chars().count();
                if self.paragraph_depth > 0 && self.summary_text.len() < self.summary_budget * 4 {
                    self.summary_text.push_str(t);
                }
                self.out.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.paragraph_depth > 0 && !self.summary_text.is_empty() {
                    self.summary_text.push(' ');
                }
                self.out.push(event);
            }
            other => self.out.push(other),
        }
    }

    /// A heading, its content taken from `rest`: given its unique id, and
    /// listed for the table of contents.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'e>>,
        classes: Vec<CowStr<'e>>,
        rest: &mut impl Iterator<Item = Event<'e>>,
    ) {
        let (inner, text) = heading_content(rest, &mut self.link_kept);
        self.count.add(&text);
        self.text_chars += text.chars().count();
        let id = match id {
            Some(given) => self.anchors.given(given.to_string()),
            None => self.anchors.claim(anchors::slugify(&text)),
        };
        self.headings.push(Heading {
            level: level_number(level),
            id: id.clone(),
            text,
        });
        // `{key=value}` attributes are dropped: pulldown-cmark writes
        // them as they are (`{onclick=…}`), and a body without raw
        // HTML is not sanitised.
        self.out.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs: Vec::new(),
        }));
        self.out.extend(inner);
        self.out.push(Event::End(TagEnd::Heading(level)));
    }
}
