//! The properties the fuzz targets check, one function per target. Each takes
//! arbitrary text and panics when the property does not hold.
//!
//! The same functions run twice: as bounded proptest properties in
//! `cargo test` (`tests/properties.rs`) and as cargo-fuzz targets
//! (`fuzz/fuzz_targets/`), which include this file by path.

use shudu::figures::{format_figure, format_total, parse_unit, FigureNumber};
use shudu::load::front_matter;
use shudu::model::shortcode;
use shudu::model::slug::{is_valid_slug, slug_from_stem};
use shudu::render::markdown::{render_markdown, MarkdownOptions};

use super::executable_script::find_executable_script;

/// Number of lines of `text` as an editor counts them (at least 1).
fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// Front matter (the fences and the YAML locator): never panics; a split keeps
/// the body as the file's tail and starts it after the fences; every position
/// it reports, for an error or a value, is inside the file.
pub(crate) fn front_matter(text: &str) {
    let lines = line_count(text);
    match front_matter::split(text) {
        Ok(split) => {
            assert!(text.ends_with(split.body), "the body is the file's tail");
            assert!(
                split.body_line >= 3 && split.body_line <= lines + 1,
                "body line {}",
                split.body_line
            );
            let mut stack = vec![&split.front];
            while let Some(node) = stack.pop() {
                assert!(
                    node.pos.line >= 1 && node.pos.line <= lines && node.pos.col >= 1,
                    "a value at {}:{} in a file of {lines} lines",
                    node.pos.line,
                    node.pos.col
                );
                for entry in node.entries().unwrap_or(&[]) {
                    assert!(entry.key_pos.line >= 1 && entry.key_pos.line <= lines);
                    stack.push(&entry.value);
                }
                if let shudu::load::yaml::Value::Seq(items) = &node.value {
                    stack.extend(items);
                }
            }
        }
        Err(e) => assert!(
            e.pos.line >= 1 && e.pos.line <= lines + 1 && e.pos.col >= 1 && !e.message.is_empty(),
            "an error at {}:{} in a file of {lines} lines: {}",
            e.pos.line,
            e.pos.col,
            e.message
        ),
    }
}

/// Markdown to HTML with sanitising: never panics, no executable script in
/// the HTML, heading ids unique and non-empty, a reading time of at least a
/// minute.
pub(crate) fn markdown(source: &str) {
    for lang in ["zh", "en"] {
        let out = render_markdown(
            source,
            &MarkdownOptions {
                lang,
                summary_chars: 120,
            },
        );
        if let Some(script) = find_executable_script(&out.html) {
            panic!(
                "executable script survives: {script}\n--- source:\n{source:?}\n--- html:\n{}",
                out.html
            );
        }
        let mut ids = std::collections::HashSet::new();
        for h in &out.headings {
            assert!(!h.id.is_empty(), "an empty heading id");
            assert!(ids.insert(h.id.as_str()), "heading id `{}` given twice", h.id);
        }
        assert!(out.reading_minutes >= 1);
    }
}

/// The figure number and unit parsers: never panic; a parsed number keeps
/// its text trimmed and reads back to the same value; scaling by a unit and
/// formatting in both languages never panic.
pub(crate) fn figures(text: &str) {
    let (number, unit) = text.split_once('|').unwrap_or((text, ""));
    let extra: Vec<&str> = unit.split('|').skip(1).collect();
    let unit = unit.split('|').next().unwrap_or("");
    let parsed_unit = parse_unit(unit, &extra);
    if let Some(u) = &parsed_unit {
        assert_eq!(u.written, unit.trim(), "a unit keeps its text");
    }
    let Ok(n) = FigureNumber::parse(number) else {
        return;
    };
    assert_eq!(n.text, number.trim(), "a number keeps its text");
    let again = FigureNumber::parse(&n.value.to_string()).expect("a parsed value reads back");
    assert_eq!(again.value, n.value, "`{}` reads back as `{}`", n.value, again.value);
    for lang in ["zh", "en"] {
        let shown = format_figure(lang, &n, Some(unit), &extra);
        assert!(!shown.is_empty());
    }
    if let Some(u) = parsed_unit {
        if let Ok(normalised) = u.normalise(&n) {
            for lang in ["zh", "en"] {
                assert!(!format_total(lang, normalised, &u.base).is_empty());
            }
        }
    }
}

/// Shortcodes: never panic; each found shortcode is a `{{ … }}` range of the
/// body on character boundaries, in order, not overlapping, at a line and
/// column inside the body; errors too are inside the body.
pub(crate) fn shortcodes(body: &str) {
    let (found, errors) = shortcode::find(body);
    let lines = line_count(body);
    let mut last_end = 0;
    for sc in &found {
        let r = sc.range.clone();
        assert!(r.start >= last_end && r.start < r.end && r.end <= body.len(), "{r:?}");
        assert!(body.is_char_boundary(r.start) && body.is_char_boundary(r.end));
        let text = &body[r.clone()];
        assert!(text.starts_with("{{") && text.ends_with("}}"), "{text:?}");
        assert!(sc.line < lines && sc.col >= 1, "{}:{}", sc.line, sc.col);
        let line_text = body.split('\n').nth(sc.line).unwrap_or("");
        assert!(sc.col <= line_text.chars().count(), "column {} past its line", sc.col);
        assert!(!sc.name.is_empty());
        last_end = r.end;
    }
    for (line, col, message) in &errors {
        assert!(
            *line < lines && *col >= 1 && !message.is_empty(),
            "{line}:{col}: {message}"
        );
    }
}

/// Slugs: a slug derived from a file stem is empty or valid, and deriving
/// again changes nothing.
pub(crate) fn slugs(stem: &str) {
    let slug = slug_from_stem(stem);
    assert!(
        slug.is_empty() || is_valid_slug(&slug),
        "{stem:?} gives the invalid slug {slug:?}"
    );
    assert_eq!(
        slug_from_stem(&slug),
        slug,
        "deriving the slug of {stem:?} again changes it"
    );
}
