//! Editorial warnings: what a site can publish, but an editor should know
//! about — missing and stale translations, scheduled stories, figures that
//! cannot be added up, covers without a description.

use super::source::Sources;
use crate::diagnostic::Diagnostics;
use crate::figures::format::BASE_UNITS;
use crate::figures::unit::{parse_unit, MAGNITUDES};
use crate::load::yaml::{Pos, Value};
use crate::model::build::LeftOut;
use crate::model::{Figure, Site};

/// How many paths a list shows before "and N more".
const LIST_CAP: usize = 5;

/// `a, b, c, d, e and 3 more`.
fn capped_list(items: &[&str]) -> String {
    let shown: Vec<String> = items.iter().take(LIST_CAP).map(|p| format!("`{p}`")).collect();
    match items.len().saturating_sub(LIST_CAP) {
        0 => shown.join(", "),
        n => format!("{} and {n} more", shown.join(", ")),
    }
}

/// One warning per command whose stories lack a language, at the command's
/// primary file: how many stories lack each language, and which.
pub(crate) fn untranslated(site: &Site, diags: &mut Diagnostics) {
    let languages: Vec<&str> = site.config.language_codes().collect();
    for command in &site.commands {
        let Some(stories) = site.stories_by_command.get(&command.slug) else {
            continue;
        };
        let mut parts = Vec::new();
        for lang in &languages {
            let missing: Vec<&str> = stories
                .iter()
                .filter_map(|&i| site.stories.get(i))
                .filter(|s| s.version(lang).is_none())
                .map(|s| s.primary().path.as_str())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let verb = if missing.len() == 1 { "has" } else { "have" };
            parts.push(format!(
                "{} of {} {verb} no `{lang}` version: {}",
                missing.len(),
                stories.len(),
                capped_list(&missing)
            ));
        }
        if !parts.is_empty() {
            let noun = if stories.len() == 1 { "story" } else { "stories" };
            diags.warning(
                &command.primary().path,
                1,
                1,
                format!(
                    "{noun} of command `{}` without a translation: {}",
                    command.slug,
                    parts.join("; ")
                ),
            );
        }
    }
}

/// A warning at each stale translation, at its `updated` (or `date`).
pub(crate) fn stale(site: &Site, sources: &mut Sources, diags: &mut Diagnostics) {
    for story in &site.stories {
        let primary = story.primary();
        for v in story.versions.iter().filter(|v| v.fields.stale) {
            let pos = sources
                .get(&v.path)
                .map(|f| {
                    f.value_pos("updated")
                        .or_else(|| f.value_pos("date"))
                        .unwrap_or_else(|| f.first_key_pos())
                })
                .unwrap_or(Pos { line: 1, col: 1 });
            diags.warning(
                &v.path,
                pos.line,
                pos.col,
                format!(
                    "stale translation: `{}` was revised on {}, after this version ({}); bring it up to date and set `updated:`",
                    primary.path,
                    primary.fields.revised.ymd(),
                    v.fields.revised.ymd()
                ),
            );
        }
    }
}

/// A warning at the `date` of each story left out because it is scheduled.
pub(crate) fn scheduled(left_out: &LeftOut, sources: &mut Sources, diags: &mut Diagnostics) {
    for (path, date) in &left_out.scheduled {
        let pos = sources
            .get(path)
            .map(|f| f.value_pos("date").unwrap_or_else(|| f.first_key_pos()))
            .unwrap_or(Pos { line: 1, col: 1 });
        diags.warning(
            path,
            pos.line,
            pos.col,
            format!(
                "scheduled for {}: left out of the build until then (use --future to preview)",
                short_date(date)
            ),
        );
    }
}

/// `2030-01-01T00:00:00+08:00` → `2030-01-01`; other times stay as they are.
fn short_date(rfc3339: &str) -> &str {
    match rfc3339.get(10..19) {
        Some("T00:00:00") => &rfc3339[..10],
        _ => rfc3339,
    }
}

/// Warnings for figures whose unit is unknown (at the unit) or that have no key.
pub(crate) fn figures(site: &Site, sources: &mut Sources, diags: &mut Diagnostics) {
    let extra: Vec<&str> = site.indicators.values().filter_map(|i| i.unit.as_deref()).collect();
    for story in &site.stories {
        for f in &story.figures {
            if let Some(unit) = f.unit.as_deref().filter(|u| parse_unit(u, &extra).is_none()) {
                let pos = unit_pos(f, sources).unwrap_or(f.pos);
                diags.warning(
                    &f.path,
                    pos.line,
                    pos.col,
                    format!(
                        "unknown unit `{unit}`: it will be shown as written, and the figure is not converted or added up; {}",
                        known_units(&extra)
                    ),
                );
            }
            if f.key.is_none() {
                diags.warning(
                    &f.path,
                    f.pos.line,
                    f.pos.col,
                    "figure without a `key`: figures without a key are not added up or charted",
                );
            }
        }
    }
}

/// The list of units a figure may use, for the unknown-unit warning.
fn known_units(extra: &[&str]) -> String {
    let bases: Vec<&str> = BASE_UNITS.iter().map(|b| b.zh).collect();
    let magnitudes: Vec<&str> = MAGNITUDES.iter().map(|m| m.prefix).collect();
    let mut s = format!(
        "known base units are {} (after an optional {})",
        bases.join(" "),
        magnitudes.join(" ")
    );
    let mut declared: Vec<&str> = extra
        .iter()
        .copied()
        .filter(|e| !bases.contains(e) && !e.trim().is_empty())
        .collect();
    declared.sort_unstable();
    declared.dedup();
    if !declared.is_empty() {
        s.push_str(&format!(", and {} from data/indicators.yaml", declared.join(" ")));
    }
    s
}

/// The position of a figure's `unit` value, found in its file's front matter.
fn unit_pos(f: &Figure, sources: &mut Sources) -> Option<Pos> {
    let file = sources.get(&f.path)?;
    let Value::Seq(items) = &file.entry("figures")?.value.value else {
        return None;
    };
    let item = items.iter().find(|i| i.pos == f.pos)?;
    item.entries()?.iter().find(|e| e.key == "unit").map(|e| e.value.pos)
}

/// Warnings for a story cover that has no description in some language: an
/// empty `cover_alt`, or a translation without one (its readers get the
/// primary language's). A missing `cover_alt` in the primary file is an error
/// of the build itself.
pub(crate) fn covers(site: &Site, sources: &mut Sources, diags: &mut Diagnostics) {
    for story in &site.stories {
        let primary = story.primary();
        for (i, v) in story.versions.iter().enumerate() {
            if v.fields.cover.is_none() {
                continue;
            }
            let Some(file) = sources.get(&v.path) else {
                continue;
            };
            match file.entry("cover_alt") {
                Some(e) if e.value.scalar_text().is_none_or(|t| t.trim().is_empty()) => {
                    let pos = e.value.pos;
                    diags.warning(
                        &v.path,
                        pos.line,
                        pos.col,
                        "`cover_alt` is empty: describe the cover image for readers who cannot see it",
                    );
                }
                None if i != story.primary => {
                    let pos = file.first_key_pos();
                    diags.warning(
                        &v.path,
                        pos.line,
                        pos.col,
                        format!(
                            "the cover has no `cover_alt` in `{}`: readers of this version get the description of `{}`",
                            v.lang, primary.path
                        ),
                    );
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_capped() {
        assert_eq!(capped_list(&["a", "b"]), "`a`, `b`");
        let many = ["a", "b", "c", "d", "e", "f", "g"];
        assert_eq!(capped_list(&many), "`a`, `b`, `c`, `d`, `e` and 2 more");
    }

    #[test]
    fn midnight_dates_are_shortened() {
        assert_eq!(short_date("2030-01-01T00:00:00+08:00"), "2030-01-01");
        assert_eq!(short_date("2030-01-01T09:30:00+08:00"), "2030-01-01T09:30:00+08:00");
        assert_eq!(short_date("x"), "x");
    }

    #[test]
    fn unit_list_names_declared_units() {
        let s = known_units(&["棵", "元"]);
        assert!(s.starts_with("known base units are 元 人"), "{s}");
        assert!(s.ends_with(", and 棵 from data/indicators.yaml"), "{s}");
    }
}
