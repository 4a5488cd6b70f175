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
pub struct FigureRow {
    /// Index of the story in `Site::stories`.
    pub story: usize,
    /// Index of the figure in the story's `figures`.
    pub figure: usize,
    /// The command the figure is counted for (the story's first).
    pub command: String,
    pub key: Option<String>,
    pub year: i32,
    /// Value × magnitude in the base unit, when the unit is known.
    pub normalised: Option<Decimal>,
    /// `normalised` as open data writes it (without trailing zeros), made
    /// once for the open data and every widget that shows the row.
    pub normalised_text: Option<String>,
    pub base: Option<String>,
    /// Whether this row is counted for its command and year: it has no key,
    /// or it is the figure its (key, year, command) cell holds (the newest
    /// story's).
    pub counted: bool,
}

/// All figures, indexed.
#[derive(Debug, Default, Clone)]
pub struct FiguresIndex {
    /// Every figure, in story order (newest story first) then panel order.
    pub rows: Vec<FigureRow>,
    /// (key, year) → command → row index: the figure counted for that command.
    pub cells: BTreeMap<(String, i32), BTreeMap<String, usize>>,
    /// Key → its base unit (from the registry, else from its figures).
    pub bases: BTreeMap<String, String>,
}

impl FiguresIndex {
    /// Builds the index; unit conflicts become errors in `diags`.
    pub fn build(stories: &[Story], indicators: &IndexMap<String, Indicator>, diags: &mut Diagnostics) -> FiguresIndex {
        let extra: Vec<&str> = indicators.values().filter_map(|i| i.unit.as_deref()).collect();
        let mut index = FiguresIndex::default();
        // Where each key's base unit was first seen: (base, "path:line").
        let mut first_seen: BTreeMap<String, (String, String)> = BTreeMap::new();
        for ind in indicators.values() {
            if let Some(u) = &ind.unit {
                let base = parse_unit(u, &extra).map(|p| p.base).unwrap_or_else(|| u.clone());
                first_seen.insert(
                    ind.key.clone(),
                    (base, format!("data/indicators.yaml:{}", ind.pos.line)),
                );
            }
        }
        let mut units: std::collections::HashMap<&str, Option<crate::figures::unit::Unit>> =
            std::collections::HashMap::new();
        for (si, story) in stories.iter().enumerate() {
            let command = story.commands.first().cloned().unwrap_or_default();
            for (fi, f) in story.figures.iter().enumerate() {
                // A site writes a handful of units: parse each once.
                let parsed = f
                    .unit
                    .as_deref()
                    .and_then(|u| units.entry(u).or_insert_with(|| parse_unit(u, &extra)).clone());
                let (normalised, base) = normalise(f, parsed.as_ref());
                if let (Some(key), Some(base)) = (&f.key, &base) {
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
                let row = FigureRow {
                    story: si,
                    figure: fi,
                    command: command.clone(),
                    key: f.key.clone(),
                    year: f.year,
                    normalised_text: normalised.map(decimal_text),
                    normalised,
                    base,
                    counted: false,
                };
                if let Some(key) = &row.key {
                    // Stories are newest first: the first figure seen for a cell is the newest.
                    index
                        .cells
                        .entry((key.clone(), row.year))
                        .or_default()
                        .entry(command.clone())
                        .or_insert(index.rows.len());
                }
                index.rows.push(row);
            }
        }
        for i in 0..index.rows.len() {
            let r = &index.rows[i];
            let counted = match &r.key {
                None => true,
                Some(k) => index
                    .cell(k, r.year)
                    .and_then(|cell| cell.get(&r.command))
                    .is_some_and(|x| *x == i),
            };
            index.rows[i].counted = counted;
        }
        index.bases = first_seen.into_iter().map(|(k, (b, _))| (k, b)).collect();
        index
    }

    /// New values for the figures of story `story`, whose figures differ
    /// from those indexed only in their values ([`Figure::same_but_values`]):
    /// rows, cells and bases stay as they are. Returns the rows' normalised
    /// values as they were, to put back with [`FiguresIndex::restore_values`].
    pub fn update_values(
        &mut self,
        story: usize,
        figures: &[Figure],
        indicators: &IndexMap<String, Indicator>,
    ) -> Vec<(usize, Option<Decimal>, Option<String>)> {
        let extra: Vec<&str> = indicators.values().filter_map(|i| i.unit.as_deref()).collect();
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
            let parsed = f.unit.as_deref().and_then(|u| parse_unit(u, &extra));
            let value = normalise(f, parsed.as_ref()).0;
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
    pub fn restore_values(&mut self, old: Vec<(usize, Option<Decimal>, Option<String>)>) {
        for (i, value, text) in old {
            self.rows[i].normalised = value;
            self.rows[i].normalised_text = text;
        }
    }

    /// The rows of story `story` (rows are in story order), in panel order.
    pub fn story_rows(&self, story: usize) -> &[FigureRow] {
        let start = self.rows.partition_point(|r| r.story < story);
        let end = start + self.rows[start..].partition_point(|r| r.story == story);
        &self.rows[start..end]
    }

    /// Years that have keyed figures, newest first.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.cells.keys().map(|(_, y)| *y).collect();
        y.sort_unstable_by(|a, b| b.cmp(a));
        y.dedup();
        y
    }

    /// Keys in registry order, then the rest alphabetically.
    pub fn keys(&self, indicators: &IndexMap<String, Indicator>) -> Vec<String> {
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
    pub fn cell(&self, key: &str, year: i32) -> Option<&BTreeMap<String, usize>> {
        self.cells.get(&(key.to_string(), year))
    }

    /// The exact total of `key` in `year` across commands, when it adds up.
    pub fn total(&self, key: &str, year: i32, indicators: &IndexMap<String, Indicator>) -> Option<Decimal> {
        if indicators.get(key).is_some_and(|i| i.aggregate == Aggregate::None) {
            return None;
        }
        let cell = self.cell(key, year)?;
        cell.values()
            .try_fold(Decimal::ZERO, |acc, r| acc.checked_add(self.rows[*r].normalised?))
    }

    /// (year, value) of `key` for one command, oldest first.
    pub fn series(&self, key: &str, command: &str) -> Vec<(i32, &FigureRow)> {
        let mut out: Vec<(i32, &FigureRow)> = self
            .cells
            .range((key.to_string(), i32::MIN)..=(key.to_string(), i32::MAX))
            .filter_map(|((_, y), cmds)| cmds.get(command).map(|r| (*y, &self.rows[*r])))
            .collect();
        out.sort_by_key(|(y, _)| *y);
        out
    }

    /// Keys a command has figures for.
    pub fn command_keys(&self, command: &str) -> Vec<String> {
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
