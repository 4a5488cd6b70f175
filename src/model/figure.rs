//! Figures (数读): the statistics of a story, and the indicator registry
//! (`data/indicators.yaml`) that links them across stories.

use indexmap::IndexMap;

use crate::diagnostic::Diagnostics;
use crate::figures::number::FigureNumber;
use crate::load::fields::Fields;
use crate::load::yaml::{Node, Pos, Value};

/// A figure's label: one plain string (the default language's), or one per language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Label {
    Plain(String),
    PerLanguage(IndexMap<String, String>),
}

/// One statistic of a story's 数读 panel.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    /// Links figures across stories (`aid_funds`).
    pub(crate) key: Option<String>,
    pub(crate) label: Label,
    /// The value exactly as written.
    pub(crate) number: FigureNumber,
    /// The unit as written (`亿元`), if any.
    pub(crate) unit: Option<String>,
    pub(crate) year: i32,
    pub(crate) note: Option<String>,
    /// Where the figure is written (its primary file and position).
    pub(crate) path: String,
    pub(crate) pos: Pos,
}

impl Figure {
    /// Whether two lists of figures say the same, wherever they are written
    /// (an edit above them moves them in the file, not in the output).
    pub(crate) fn same_figures(a: &[Figure], b: &[Figure]) -> bool {
        Self::same_but_values(a, b) && a.iter().zip(b).all(|(x, y)| x.number == y.number)
    }

    /// Whether two lists of figures differ at most in their values: the
    /// same keys, labels, units, years and notes, in the same order.
    pub(crate) fn same_but_values(a: &[Figure], b: &[Figure]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.key == y.key && x.label == y.label && x.unit == y.unit && x.year == y.year && x.note == y.note
            })
    }
}

/// Whether figures of one key and year add up across commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Aggregate {
    Sum,
    None,
}

/// An entry of `data/indicators.yaml`.
#[derive(Debug, Clone)]
pub(crate) struct Indicator {
    pub(crate) key: String,
    pub(crate) labels: IndexMap<String, String>,
    /// Base unit of every figure with this key (`元`), if declared.
    pub(crate) unit: Option<String>,
    pub(crate) aggregate: Aggregate,
    pub(crate) pos: Pos,
}

/// Whether `key` is a valid figure key: `^[a-z0-9_]+$`.
pub(crate) fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Reads a label node: a plain string or a `{lang: text}` mapping.
pub(crate) fn read_label(path: &str, node: &Node, languages: &[&str], diags: &mut Diagnostics) -> Option<Label> {
    match &node.value {
        Value::String(s) | Value::Number(s) => Some(Label::Plain(s.clone())),
        Value::Map(entries) => {
            let mut labels = IndexMap::new();
            for e in entries {
                if !languages.contains(&e.key.as_str()) {
                    diags.error(
                        path,
                        e.key_pos.line,
                        e.key_pos.col,
                        format!("label language `{}` is not one of site.yaml's languages", e.key),
                    );
                    continue;
                }
                match e.value.scalar_text() {
                    Some(s) => {
                        labels.insert(e.key.clone(), s);
                    }
                    None => diags.error(path, e.value.pos.line, e.value.pos.col, "a label must be text"),
                }
            }
            Some(Label::PerLanguage(labels))
        }
        other => {
            diags.error(
                path,
                node.pos.line,
                node.pos.col,
                format!(
                    "a label must be a string or a mapping of languages to strings, found {}",
                    other.kind()
                ),
            );
            None
        }
    }
}

/// Reads `data/indicators.yaml`.
pub(crate) fn read_indicators(
    path: &str,
    node: &Node,
    languages: &[&str],
    diags: &mut Diagnostics,
) -> IndexMap<String, Indicator> {
    let mut out = IndexMap::new();
    let Some(entries) = node.entries() else {
        diags.error(
            path,
            node.pos.line,
            node.pos.col,
            "the indicator registry must map keys to indicators",
        );
        return out;
    };
    for e in entries {
        if !is_valid_key(&e.key) {
            diags.error(
                path,
                e.key_pos.line,
                e.key_pos.col,
                format!("indicator key `{}` must match ^[a-z0-9_]+$", e.key),
            );
        }
        let mut f = Fields::new(path, &e.value, "an indicator", diags);
        let labels = match f.node("label").and_then(|n| read_label(path, n, languages, diags)) {
            Some(Label::PerLanguage(m)) => m,
            Some(Label::Plain(s)) => IndexMap::from([(languages.first().copied().unwrap_or("zh").to_string(), s)]),
            None => IndexMap::new(),
        };
        let unit = f.string("unit", diags).map(|(s, _)| s.trim().to_string());
        let aggregate = match f.string("aggregate", diags) {
            None => Aggregate::Sum,
            Some((s, _)) if s == "sum" => Aggregate::Sum,
            Some((s, _)) if s == "none" => Aggregate::None,
            Some((s, p)) => {
                diags.error(
                    path,
                    p.line,
                    p.col,
                    format!("`aggregate` must be `sum` or `none`, not `{s}`"),
                );
                Aggregate::None
            }
        };
        f.report_unknown("indicator", &["label", "unit", "aggregate"], true, diags);
        out.insert(
            e.key.clone(),
            Indicator {
                key: e.key.clone(),
                labels,
                unit,
                aggregate,
                pos: e.key_pos,
            },
        );
    }
    out
}

impl Figure {
    /// The label shown in `lang` (docs/content.md, Figures): a per-language label in `lang`;
    /// else the registry's label for the key in `lang`; else the figure's own
    /// label in the default language (a plain string is that).
    pub(crate) fn label<'a>(
        &'a self,
        lang: &str,
        default_lang: &str,
        indicators: &'a IndexMap<String, Indicator>,
    ) -> &'a str {
        let registry = || {
            self.key
                .as_ref()
                .and_then(|k| indicators.get(k))
                .and_then(|i| i.labels.get(lang))
        };
        match &self.label {
            Label::PerLanguage(m) => m
                .get(lang)
                .or_else(registry)
                .or_else(|| m.get(default_lang))
                .or_else(|| m.values().next())
                .map(String::as_str)
                .or(self.key.as_deref())
                .unwrap_or(""),
            Label::Plain(s) if lang == default_lang => s,
            Label::Plain(s) => registry().map(String::as_str).unwrap_or(s),
        }
    }
}
