//! Open data: every figure of the site as `/data/figures.json` and
//! `/data/figures.csv`, one row per figure.
//!
//! The JSON follows `schemas/figures.schema.json` (also published as
//! `/data/figures.schema.json`). Exact decimals are written as JSON numbers
//! from their decimal text, never through a float. The CSV is UTF-8 with a
//! byte-order mark, so that Excel shows the Chinese.

use crate::model::{FigureRow, Site};

/// The JSON Schema of `figures.json`.
pub(crate) const SCHEMA: &str = include_str!("../../schemas/figures.schema.json");

/// One row of the open data, as plain text fields.
struct Row<'a> {
    story: &'a str,
    url: &'a str,
    command: &'a str,
    year: i32,
    key: Option<&'a str>,
    /// (language, label), in the site's language order.
    labels: &'a [(&'a str, &'a str)],
    value: &'a str,
    unit: Option<&'a str>,
    normalised: Option<&'a str>,
    base_unit: Option<&'a str>,
    note: Option<&'a str>,
}

/// Calls `each` with the open-data row of every figure of `figures`, in
/// order (a story's URL is made once for all its rows).
fn for_each_row(site: &Site, figures: &[&FigureRow], mut each: impl FnMut(&Row<'_>)) {
    let langs: Vec<&str> = site.config.language_codes().collect();
    let mut url: (usize, String) = (usize::MAX, String::new());
    let mut labels: Vec<(&str, &str)> = Vec::with_capacity(langs.len());
    for r in figures {
        let story = &site.stories[r.story];
        let f = &story.figures[r.figure];
        let primary = story.primary();
        if url.0 != r.story {
            url = (
                r.story,
                site.urls
                    .permalink(&site.urls.story(&primary.lang, &primary.fields.slug)),
            );
        }
        labels.clear();
        labels.extend(
            langs
                .iter()
                .map(|l| (*l, f.label(l, site.default_lang(), &site.indicators))),
        );
        each(&Row {
            story: &primary.fields.slug,
            url: &url.1,
            command: &r.command,
            year: r.year,
            key: r.key.as_deref(),
            labels: &labels,
            value: &f.number.text,
            unit: f.unit.as_deref(),
            normalised: r.normalised_text.as_deref(),
            base_unit: r.base.as_deref(),
            note: f.note.as_deref(),
        });
    }
}

/// One story's figures as open-data rows, serialised once: for
/// `/data/figures.{json,csv}` (every story's rows, concatenated) and for the
/// story's widgets (`data.json`, `data.csv`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StoryRows {
    /// The rows as objects of a `figures` array: each `\n    {…}`, separated
    /// by commas.
    json: String,
    /// The rows as CSV lines, each ending in `\r\n`.
    csv: String,
}

impl StoryRows {
    fn of(site: &Site, story: usize) -> StoryRows {
        let rows: Vec<&FigureRow> = site.figures.story_rows(story).iter().collect();
        let mut json = String::with_capacity(rows.len() * 400);
        push_json_objects(&mut json, site, &rows);
        let mut csv = String::with_capacity(rows.len() * 200);
        push_csv_lines(&mut csv, site, &rows);
        StoryRows { json, csv }
    }
}

/// Every story's [`StoryRows`], indexed like `Site::stories`. Made once per
/// build, in parallel; `serve` serialises again only the rows of the stories
/// an edit changed ([`OpenDataRows::refresh`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct OpenDataRows {
    stories: Vec<StoryRows>,
}

/// What [`OpenDataRows::refresh`] replaced, to put back on an undo.
#[derive(Debug)]
pub(crate) enum RowsBefore {
    /// These stories' rows.
    Stories(Vec<(usize, StoryRows)>),
    /// Every story's rows.
    All(OpenDataRows),
}

impl OpenDataRows {
    pub(crate) fn build(site: &Site) -> OpenDataRows {
        use rayon::prelude::*;
        OpenDataRows {
            stories: (0..site.stories.len())
                .into_par_iter()
                .map(|i| StoryRows::of(site, i))
                .collect(),
        }
    }

    /// Serialises again the rows of `stories` from `site` as it now is;
    /// returns what was replaced. A story's rows depend on nothing but the
    /// story, its figures' rows and the site's configuration and indicators,
    /// so other stories' rows stay valid even when the figures index was
    /// built again (their rows' numbers change, not their text).
    pub(crate) fn refresh(&mut self, site: &Site, stories: &std::collections::BTreeSet<usize>) -> RowsBefore {
        if self.stories.len() != site.stories.len() {
            return RowsBefore::All(std::mem::replace(self, OpenDataRows::build(site)));
        }
        RowsBefore::Stories(
            stories
                .iter()
                .map(|&i| (i, std::mem::replace(&mut self.stories[i], StoryRows::of(site, i))))
                .collect(),
        )
    }

    /// Puts the stories' rows in another order (stories moved): `reorder`
    /// takes them in the old order and gives them in the new.
    pub(crate) fn reorder(&mut self, reorder: impl FnOnce(Vec<StoryRows>) -> Vec<StoryRows>) {
        self.stories = reorder(std::mem::take(&mut self.stories));
    }

    /// Puts back what [`OpenDataRows::refresh`] replaced.
    pub(crate) fn put_back(&mut self, before: RowsBefore) {
        match before {
            RowsBefore::All(all) => *self = all,
            RowsBefore::Stories(rows) => {
                for (i, r) in rows {
                    self.stories[i] = r;
                }
            }
        }
    }

    /// Every story's rows as one `figures` array (`figures.json`'s).
    fn json_array(&self) -> String {
        json_array(self.stories.iter().map(|s| s.json.as_str()))
    }
}

/// Runs of objects (as [`push_json_objects`] writes them) as one JSON
/// array, indented for a top-level key.
fn json_array<'a>(runs: impl IntoIterator<Item = &'a str, IntoIter: Clone>) -> String {
    let runs = runs.into_iter().filter(|r| !r.is_empty());
    let len = runs.clone().map(|r| r.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len + 8);
    out.push('[');
    for (k, run) in runs.enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(run);
    }
    out.push_str(if len == 0 { "]" } else { "\n  ]" });
    out
}

/// `s` as a JSON string literal.
pub(crate) fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_json_str(&mut out, s);
    out
}

/// Bytes a JSON string escapes: control characters, `"` and `\\`.
const JSON_ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Appends `s` as a JSON string literal, escaped as serde_json escapes it:
/// `"`, `\\` and control characters; everything else as it is.
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    while let Some(k) = bytes[start..].iter().position(|b| JSON_ESCAPED[usize::from(*b)]) {
        let i = start + k;
        out.push_str(&s[start..i]);
        let b = bytes[i];
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

fn push_json_opt(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => push_json_str(out, s),
        None => out.push_str("null"),
    }
}

/// `/data/figures.json`, from every story's `rows`.
pub(crate) fn figures_json(site: &Site, rows: &OpenDataRows) -> String {
    let mut out = String::from("{\n  \"$schema\": ");
    push_json_str(&mut out, &site.urls.permalink("/data/figures.schema.json"));
    out.push_str(",\n  \"languages\": [");
    for (i, l) in site.config.language_codes().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_json_str(&mut out, l);
    }
    out.push_str("],\n  \"figures\": ");
    out.push_str(&rows.json_array());
    out.push_str("\n}\n");
    out
}

/// `figures` as a JSON array of open-data rows (the objects of
/// `figures.json`), indented for a top-level key.
pub(crate) fn json_rows(site: &Site, figures: &[&FigureRow]) -> String {
    let mut objects = String::with_capacity(figures.len() * 400);
    push_json_objects(&mut objects, site, figures);
    json_array([objects.as_str()])
}

/// Appends `figures` as objects of a JSON array: each `\n    {…}`,
/// separated by commas.
fn push_json_objects(out: &mut String, site: &Site, figures: &[&FigureRow]) {
    use std::fmt::Write;
    let mut first = true;
    for_each_row(site, figures, |r| {
        out.push_str(if first { "\n    {" } else { ",\n    {" });
        first = false;
        out.push_str("\"story\": ");
        push_json_str(out, r.story);
        out.push_str(", \"url\": ");
        push_json_str(out, r.url);
        out.push_str(", \"command\": ");
        push_json_str(out, r.command);
        let _ = write!(out, ", \"year\": {}, \"key\": ", r.year);
        push_json_opt(out, r.key);
        out.push_str(", \"label\": {");
        for (k, (l, t)) in r.labels.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            push_json_str(out, l);
            out.push_str(": ");
            push_json_str(out, t);
        }
        out.push_str("}, \"value\": ");
        push_json_str(out, r.value);
        out.push_str(", \"unit\": ");
        push_json_opt(out, r.unit);
        out.push_str(", \"normalised\": ");
        out.push_str(r.normalised.unwrap_or("null"));
        out.push_str(", \"base_unit\": ");
        push_json_opt(out, r.base_unit);
        out.push_str(", \"note\": ");
        push_json_opt(out, r.note);
        out.push('}');
    });
}

/// Appends a CSV field: quoted when needed; text that a spreadsheet would
/// run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
fn push_csv_text(out: &mut String, s: &str) {
    let defuse = matches!(s.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    let quote = s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    if quote {
        out.push('"');
    }
    if defuse {
        out.push('\'');
    }
    if quote {
        let mut parts = s.split('"');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            out.push_str("\"\"");
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// `/data/figures.csv`, UTF-8 with BOM, from every story's `rows`.
pub(crate) fn figures_csv(site: &Site, rows: &OpenDataRows) -> String {
    let mut out = csv_header(site);
    out.reserve(rows.stories.iter().map(|s| s.csv.len()).sum());
    for s in &rows.stories {
        out.push_str(&s.csv);
    }
    out
}

/// The first line of a CSV file of open-data rows, after the byte-order mark.
fn csv_header(site: &Site) -> String {
    use std::fmt::Write;
    let mut out = String::from("\u{feff}story,url,command,year,key,");
    for l in site.config.language_codes() {
        let _ = write!(out, "label_{l},");
    }
    out.push_str("value,unit,normalised,base_unit,note\r\n");
    out
}

/// `figures` as a CSV file (UTF-8 with BOM, the columns of `figures.csv`).
pub(crate) fn csv_rows(site: &Site, figures: &[&FigureRow]) -> String {
    let mut out = csv_header(site);
    out.reserve(figures.len() * 200);
    push_csv_lines(&mut out, site, figures);
    out
}

/// Appends `figures` as CSV lines, each ending in `\r\n`.
fn push_csv_lines(out: &mut String, site: &Site, figures: &[&FigureRow]) {
    use std::fmt::Write;
    for_each_row(site, figures, |r| {
        push_csv_text(out, r.story);
        out.push(',');
        push_csv_text(out, r.url);
        out.push(',');
        push_csv_text(out, r.command);
        let _ = write!(out, ",{},", r.year);
        push_csv_text(out, r.key.unwrap_or(""));
        for (_, t) in r.labels {
            out.push(',');
            push_csv_text(out, t);
        }
        out.push(',');
        out.push_str(r.value);
        out.push(',');
        push_csv_text(out, r.unit.unwrap_or(""));
        out.push(',');
        out.push_str(r.normalised.unwrap_or(""));
        out.push(',');
        push_csv_text(out, r.base_unit.unwrap_or(""));
        out.push(',');
        push_csv_text(out, r.note.unwrap_or(""));
        out.push_str("\r\n");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_text(s: &str) -> String {
        let mut out = String::new();
        push_csv_text(&mut out, s);
        out
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("-1,\"2\""), "\"'-1,\"\"2\"\"\"");
        assert_eq!(csv_text("援疆"), "援疆");
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("援疆 \u{2028} \u{feff} é 𝄞");
        for s in [all.as_str(), "", "\"", "a\\b", "<script>&"] {
            assert_eq!(json_str(s), serde_json::to_string(s).expect("json"), "{s:?}");
        }
    }

    #[test]
    fn runs_of_objects_join_into_one_array() {
        assert_eq!(json_array(["", ""]), "[]");
        assert_eq!(
            json_array(["\n    {\"a\": 1}", "", "\n    {\"b\": 2}"]),
            "[\n    {\"a\": 1},\n    {\"b\": 2}\n  ]"
        );
    }

    #[test]
    fn schema_is_valid_json() {
        let v: serde_json::Value = serde_json::from_str(SCHEMA).expect("schema parses");
        assert_eq!(v["type"], "object");
    }
}
