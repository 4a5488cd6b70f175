//! The figures of all stories, indexed by key, year and command: the data
//! behind yearly pages, command series, charts and open data.
//!
//! Rules (documented in the README):
//! - a figure belongs to the first command of its story;
//! - one value per command, key and year: when several stories report it, the
//!   newest story's figure counts (older ones stay on their story pages);
//! - figures of one key must share a base unit (元 and 人 under one key is an
//!   error naming both places);
//! - a key's yearly total is the exact sum across commands when its indicator's
//!   `aggregate` is `sum` (the default) and every value could be normalised.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use rust_decimal::Decimal;

use super::figure::{Aggregate, Figure, Indicator};
use super::Story;
use crate::diagnostic::Diagnostics;
use crate::figures::unit::parse_unit;

/// One figure of one story, with its normalised value.
#[derive(Debug, Clone)]
pub(crate) struct FigureRow {
    /// Index of the story in `Site::stories`.
    pub(crate) story: usize,
    /// Index of the figure in the story's `figures`.
    pub(crate) figure: usize,
    /// The command the figure is counted for (the story's first).
    pub(crate) command: String,
    pub(crate) key: Option<String>,
    pub(crate) year: i32,
    /// Value × magnitude in the base unit, when the unit is known.
    pub(crate) normalised: Option<Decimal>,
    /// `normalised` as open data writes it (without trailing zeros), made
    /// once for the open data and every widget that shows the row.
    pub(crate) normalised_text: Option<String>,
    pub(crate) base: Option<String>,
    /// Whether this row is counted for its command and year: it has no key,
    /// or it is the figure its (key, year, command) cell holds (the newest
    /// story's).
    pub(crate) counted: bool,
}

/// All figures, indexed.
#[derive(Debug, Default, Clone)]
pub(crate) struct FiguresIndex {
    /// Every figure, in story order (newest story first) then panel order.
    pub(crate) rows: Vec<FigureRow>,
    /// (key, year) → command → row index: the figure counted for that command.
    pub(crate) cells: BTreeMap<(String, i32), BTreeMap<String, usize>>,
    /// Key → its base unit (from the registry, else from its figures).
    pub(crate) bases: BTreeMap<String, String>,
}

/// Parses each unit a site writes once (a site writes a handful).
struct UnitCache<'a> {
    extra: Vec<&'a str>,
    units: std::collections::HashMap<&'a str, Option<crate::figures::unit::Unit>>,
}

impl<'a> UnitCache<'a> {
    fn new(indicators: &'a IndexMap<String, Indicator>) -> Self {
        UnitCache {
            extra: indicators.values().filter_map(|i| i.unit.as_deref()).collect(),
            units: Default::default(),
        }
    }

    /// `unit` parsed, with the units the indicators name.
    fn parse(&mut self, unit: &'a str) -> Option<crate::figures::unit::Unit> {
        let extra = &self.extra;
        self.units
            .entry(unit)
            .or_insert_with(|| parse_unit(unit, extra))
            .clone()
    }

    /// A figure's normalised value and base unit (see [`normalise`]).
    fn normalise(&mut self, f: &'a Figure) -> (Option<Decimal>, Option<String>) {
        let parsed = f.unit.as_deref().and_then(|u| self.parse(u));
        normalise(f, parsed.as_ref())
    }

    /// Adds the rows of story `si`'s figures to `rows`, not yet counted.
    fn push_rows(&mut self, si: usize, story: &'a Story, rows: &mut Vec<FigureRow>) {
        let command = story.commands.first().cloned().unwrap_or_default();
        for (fi, f) in story.figures.iter().enumerate() {
            let (normalised, base) = self.normalise(f);
            rows.push(FigureRow {
                story: si,
                figure: fi,
                command: command.clone(),
                key: f.key.clone(),
                year: f.year,
                normalised_text: normalised.map(decimal_text),
                normalised,
                base,
                counted: false,
            });
        }
    }
}

impl FiguresIndex {
    /// Builds the index; unit conflicts become errors in `diags`.
    pub(crate) fn build(
        stories: &[Story],
        indicators: &IndexMap<String, Indicator>,
        diags: &mut Diagnostics,
    ) -> FiguresIndex {
        let mut units = UnitCache::new(indicators);
        let mut rows = Vec::new();
        for (si, story) in stories.iter().enumerate() {
            units.push_rows(si, story, &mut rows);
        }
        FiguresIndex::from_rows(rows, stories, indicators, &mut units, diags)
    }

    /// The index after the stories were reordered (`rank[i]`: the new index
    /// of the story that was at `i`; `None`: not reordered) and the stories
    /// in `edited` (new indices) changed: their rows are made again, the
    /// others' kept (values are not normalised again). The same as
    /// [`FiguresIndex::build`] of `stories`, faster.
    pub(crate) fn rebuilt(
        &self,
        rank: Option<&[usize]>,
        edited: &std::collections::BTreeSet<usize>,
        stories: &[Story],
        indicators: &IndexMap<String, Indicator>,
        diags: &mut Diagnostics,
    ) -> FiguresIndex {
        let new_index = |i: usize| rank.and_then(|r| r.get(i).copied()).unwrap_or(i);
        let mut rows: Vec<FigureRow> = self
            .rows
            .iter()
            .filter(|r| !edited.contains(&new_index(r.story)))
            .map(|r| FigureRow {
                story: new_index(r.story),
                counted: false,
                ..r.clone()
            })
            .collect();
        let mut units = UnitCache::new(indicators);
        for &si in edited {
            if let Some(story) = stories.get(si) {
                units.push_rows(si, story, &mut rows);
            }
        }
        rows.sort_unstable_by_key(|r| (r.story, r.figure));
        FiguresIndex::from_rows(rows, stories, indicators, &mut units, diags)
    }

    /// The index of `rows` (in story order, then panel order): cells, what
    /// is counted, base units; unit conflicts become errors in `diags`.
    fn from_rows<'a>(
        rows: Vec<FigureRow>,
        stories: &[Story],
        indicators: &'a IndexMap<String, Indicator>,
        units: &mut UnitCache<'a>,
        diags: &mut Diagnostics,
    ) -> FiguresIndex {
        let mut index = FiguresIndex {
            rows,
            ..FiguresIndex::default()
        };
        // Where each key's base unit was first seen: (base, "path:line").
        let mut first_seen: BTreeMap<String, (String, String)> = BTreeMap::new();
        for ind in indicators.values() {
            if let Some(u) = &ind.unit {
                let base = units.parse(u).map(|p| p.base).unwrap_or_else(|| u.clone());
                first_seen.insert(
                    ind.key.clone(),
                    (base, format!("data/indicators.yaml:{}", ind.pos.line)),
                );
            }
        }
        for row in &index.rows {
            let (Some(key), Some(base)) = (&row.key, &row.base) else {
                continue;
            };
            let Some(f) = stories.get(row.story).and_then(|s| s.figures.get(row.figure)) else {
                continue;
            };
            match first_seen.get(key) {
                Some((b, place)) if b != base => diags.error(
                    &f.path,
                    f.pos.line,
                    f.pos.col,
                    format!("figure `{key}` is counted in `{base}` here but in `{b}` at {place}: figures of one key must share a base unit"),
                ),
                Some(_) => {}
                None => {
                    first_seen.insert(key.clone(), (base.clone(), format!("{}:{}", f.path, f.pos.line)));
                }
            }
        }
        // Stories are newest first: the first figure seen for a cell is the
        // newest, and the one counted. (Cells are gathered by reference,
        // then owned: a site has far fewer cells than figures.)
        let mut cells: std::collections::HashMap<(&str, i32), BTreeMap<&str, usize>> = Default::default();
        let mut counted = vec![true; index.rows.len()];
        for (i, row) in index.rows.iter().enumerate() {
            if let Some(key) = &row.key {
                let cell = cells.entry((key.as_str(), row.year)).or_default();
                match cell.entry(row.command.as_str()) {
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert(i);
                    }
                    std::collections::btree_map::Entry::Occupied(_) => counted[i] = false,
                }
            }
        }
        let cells: BTreeMap<(String, i32), BTreeMap<String, usize>> = cells
            .into_iter()
            .map(|((key, year), cell)| {
                let cell = cell.into_iter().map(|(c, i)| (c.to_string(), i)).collect();
                ((key.to_string(), year), cell)
            })
            .collect();
        index.cells = cells;
        for (row, counted) in index.rows.iter_mut().zip(counted) {
            row.counted = counted;
        }
        index.bases = first_seen.into_iter().map(|(k, (b, _))| (k, b)).collect();
        index
    }

    /// New values for the figures of story `story`, whose figures differ
    /// from those indexed only in their values ([`Figure::same_but_values`]):
    /// rows, cells and bases stay as they are. Returns the rows' normalised
    /// values as they were, to put back with [`FiguresIndex::restore_values`].
    pub(crate) fn update_values(
        &mut self,
        story: usize,
        figures: &[Figure],
        indicators: &IndexMap<String, Indicator>,
    ) -> Vec<(usize, Option<Decimal>, Option<String>)> {
        let mut units = UnitCache::new(indicators);
        let start = self.rows.partition_point(|r| r.story < story);
        let mut old = Vec::with_capacity(figures.len());
        for (k, f) in figures.iter().enumerate() {
            let Some(row) = self
                .rows
                .get_mut(start + k)
                .filter(|r| r.story == story && r.figure == k)
            else {
                break;
            };
            let value = units.normalise(f).0;
            let text = value.map(decimal_text);
            old.push((
                start + k,
                std::mem::replace(&mut row.normalised, value),
                std::mem::replace(&mut row.normalised_text, text),
            ));
        }
        old
    }

    /// Puts back values [`FiguresIndex::update_values`] replaced.
    pub(crate) fn restore_values(&mut self, old: Vec<(usize, Option<Decimal>, Option<String>)>) {
        for (i, value, text) in old {
            self.rows[i].normalised = value;
            self.rows[i].normalised_text = text;
        }
    }

    /// The rows of story `story` (rows are in story order), in panel order.
    pub(crate) fn story_rows(&self, story: usize) -> &[FigureRow] {
        let start = self.rows.partition_point(|r| r.story < story);
        let end = start + self.rows[start..].partition_point(|r| r.story == story);
        &self.rows[start..end]
    }

    /// Years that have keyed figures, newest first.
    pub(crate) fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.cells.keys().map(|(_, y)| *y).collect();
        y.sort_unstable_by(|a, b| b.cmp(a));
        y.dedup();
        y
    }

    /// Keys in registry order, then the rest alphabetically.
    pub(crate) fn keys(&self, indicators: &IndexMap<String, Indicator>) -> Vec<String> {
        let mut keys: Vec<String> = indicators
            .keys()
            .filter(|k| self.bases.contains_key(*k) || self.has_key(k))
            .cloned()
            .collect();
        let mut rest: Vec<String> = self
            .cells
            .keys()
            .map(|(k, _)| k.clone())
            .filter(|k| !indicators.contains_key(k))
            .collect();
        rest.sort();
        rest.dedup();
        keys.extend(rest);
        keys
    }

    fn has_key(&self, key: &str) -> bool {
        self.cells.keys().any(|(k, _)| k == key)
    }

    /// Command → row for one key and year.
    pub(crate) fn cell(&self, key: &str, year: i32) -> Option<&BTreeMap<String, usize>> {
        self.cells.get(&(key.to_string(), year))
    }

    /// The exact total of `key` in `year` across commands, when it adds up.
    pub(crate) fn total(&self, key: &str, year: i32, indicators: &IndexMap<String, Indicator>) -> Option<Decimal> {
        if indicators.get(key).is_some_and(|i| i.aggregate == Aggregate::None) {
            return None;
        }
        let cell = self.cell(key, year)?;
        cell.values()
            .try_fold(Decimal::ZERO, |acc, r| acc.checked_add(self.rows[*r].normalised?))
    }

    /// (year, value) of `key` for one command, oldest first.
    pub(crate) fn series(&self, key: &str, command: &str) -> Vec<(i32, &FigureRow)> {
        let mut out: Vec<(i32, &FigureRow)> = self
            .cells
            .range((key.to_string(), i32::MIN)..=(key.to_string(), i32::MAX))
            .filter_map(|((_, y), cmds)| cmds.get(command).map(|r| (*y, &self.rows[*r])))
            .collect();
        out.sort_by_key(|(y, _)| *y);
        out
    }

    /// Keys a command has figures for.
    pub(crate) fn command_keys(&self, command: &str) -> Vec<String> {
        let mut k: Vec<String> = self
            .cells
            .iter()
            .filter(|(_, cmds)| cmds.contains_key(command))
            .map(|((k, _), _)| k.clone())
            .collect();
        k.dedup();
        k
    }
}

/// A figure's value × magnitude in its base unit (when its unit, `parsed`,
/// is known; a figure without a unit is counted as it is), and the base.
fn normalise(f: &Figure, parsed: Option<&crate::figures::unit::Unit>) -> (Option<Decimal>, Option<String>) {
    match (&f.unit, parsed) {
        (None, _) => (Some(f.number.value), None),
        (Some(_), Some(u)) => (u.normalise(&f.number).ok(), Some(u.base.clone())),
        (Some(_), None) => (None, None),
    }
}

/// A decimal as open data writes it: without trailing zeros.
fn decimal_text(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::number::FigureNumber;
    use crate::model::date::Date;
    use std::collections::BTreeSet;

    fn figure(key: &str, value: &str, unit: &str, year: i32) -> Figure {
        Figure {
            key: Some(key.to_string()),
            label: super::super::figure::Label::Plain(key.to_string()),
            number: FigureNumber::parse(value).expect("number"),
            unit: Some(unit.to_string()),
            year,
            note: None,
            path: format!("content/stories/{key}-{value}.md"),
            pos: Default::default(),
        }
    }

    fn story(key: &str, command: &str, figures: Vec<Figure>) -> Story {
        Story {
            key: key.to_string(),
            versions: Vec::new(),
            primary: 0,
            date: Date::parse("2022-01-01", chrono_tz::Asia::Shanghai).expect("date"),
            updated: None,
            commands: vec![command.to_string()],
            sectors: Vec::new(),
            figures,
            draft: false,
            share_image: false,
        }
    }

    #[test]
    fn a_rebuilt_index_is_the_index_built_anew() {
        let indicators = IndexMap::new();
        let mut diags = Diagnostics::new();
        // a and c report the same cell for taizhou: a, the newest, counts.
        let stories = vec![
            story("a", "taizhou", vec![figure("funds", "3.2186", "亿元", 2022)]),
            story("b", "hangzhou", vec![figure("funds", "907", "万元", 2022)]),
            story(
                "c",
                "taizhou",
                vec![figure("funds", "1", "亿元", 2022), figure("jobs", "10990", "人", 2022)],
            ),
        ];
        let old = FiguresIndex::build(&stories, &indicators, &mut diags);
        assert_eq!(old.cell("funds", 2022).and_then(|c| c.get("taizhou")), Some(&0));

        // c moves to the top (rank: a→1, b→2, c→0) with a new value: it now counts.
        let mut moved = vec![stories[2].clone(), stories[0].clone(), stories[1].clone()];
        moved[0].figures[0] = figure("funds", "2", "亿元", 2022);
        let rank = [1, 2, 0];
        let edited = BTreeSet::from([0]);
        let rebuilt = old.rebuilt(Some(&rank), &edited, &moved, &indicators, &mut diags);
        let anew = FiguresIndex::build(&moved, &indicators, &mut diags);
        assert!(!diags.has_errors());
        assert_eq!(format!("{rebuilt:?}"), format!("{anew:?}"));
        assert_eq!(rebuilt.cell("funds", 2022).and_then(|c| c.get("taizhou")), Some(&0));
        assert_eq!(rebuilt.rows[0].normalised_text.as_deref(), Some("200000000"));
        assert!(!rebuilt.rows[2].counted, "a's figure no longer counts");

        // A unit conflict in an edited story is an error, as in a build.
        moved[0].figures[0] = figure("funds", "2", "人", 2022);
        let _ = old.rebuilt(Some(&rank), &edited, &moved, &indicators, &mut diags);
        assert!(diags.has_errors());
    }
}
