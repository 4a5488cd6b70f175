//! Open data: every figure of the site as `/data/figures.json` and
//! `/data/figures.csv`, one row per figure.
//!
//! The JSON follows `schemas/figures.schema.json` (also published as
//! `/data/figures.schema.json`). Exact decimals are written as JSON numbers
//! from their decimal text, never through a float. The CSV is UTF-8 with a
//! byte-order mark, so that Excel shows the Chinese.

use crate::model::{FigureRow, Site};

/// The JSON Schema of `figures.json`.
pub const SCHEMA: &str = include_str!("../../schemas/figures.schema.json");

/// One row of the open data, as plain text fields.
struct Row<'a> {
    story: &'a str,
    url: String,
    command: &'a str,
    year: i32,
    key: Option<&'a str>,
    labels: Vec<(&'a str, &'a str)>,
    value: &'a str,
    unit: Option<&'a str>,
    normalised: Option<String>,
    base_unit: Option<&'a str>,
    note: Option<&'a str>,
}

/// The open-data row of one figure.
fn row<'a>(site: &'a Site, langs: &[&'a str], r: &'a FigureRow) -> Row<'a> {
    let story = &site.stories[r.story];
    let f = &story.figures[r.figure];
    let primary = story.primary();
    Row {
        story: &primary.fields.slug,
        url: site
            .urls
            .permalink(&site.urls.story(&primary.lang, &primary.fields.slug)),
        command: &r.command,
        year: r.year,
        key: r.key.as_deref(),
        labels: langs
            .iter()
            .map(|l| (*l, f.label(l, site.default_lang(), &site.indicators)))
            .collect(),
        value: &f.number.text,
        unit: f.unit.as_deref(),
        normalised: r.normalised.map(|d| d.normalize().to_string()),
        base_unit: r.base.as_deref(),
        note: f.note.as_deref(),
    }
}

fn rows<'a>(site: &'a Site, figures: &[&'a FigureRow]) -> Vec<Row<'a>> {
    let langs: Vec<&str> = site.config.language_codes().collect();
    figures.iter().map(|r| row(site, &langs, r)).collect()
}

fn all(site: &Site) -> Vec<&FigureRow> {
    site.figures.rows.iter().collect()
}

/// `s` as a JSON string literal.
pub(crate) fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn json_opt(s: Option<&str>) -> String {
    s.map(json_str).unwrap_or_else(|| "null".into())
}

/// `/data/figures.json`.
pub fn figures_json(site: &Site) -> String {
    let mut out = String::from("{\n  \"$schema\": ");
    out.push_str(&json_str(&site.urls.permalink("/data/figures.schema.json")));
    out.push_str(",\n  \"languages\": [");
    out.push_str(
        &site
            .config
            .language_codes()
            .map(json_str)
            .collect::<Vec<_>>()
            .join(", "),
    );
    out.push_str("],\n  \"figures\": ");
    out.push_str(&json_rows(site, &all(site)));
    out.push_str("\n}\n");
    out
}

/// `figures` as a JSON array of open-data rows (the objects of
/// `figures.json`), indented for a top-level key.
pub(crate) fn json_rows(site: &Site, figures: &[&FigureRow]) -> String {
    let mut out = String::from("[");
    for (i, r) in rows(site, figures).iter().enumerate() {
        out.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        let labels = r
            .labels
            .iter()
            .map(|(l, t)| format!("{}: {}", json_str(l), json_str(t)))
            .collect::<Vec<_>>()
            .join(", ");
        let fields = [
            format!("\"story\": {}", json_str(r.story)),
            format!("\"url\": {}", json_str(&r.url)),
            format!("\"command\": {}", json_str(r.command)),
            format!("\"year\": {}", r.year),
            format!("\"key\": {}", json_opt(r.key)),
            format!("\"label\": {{{labels}}}"),
            format!("\"value\": {}", json_str(r.value)),
            format!("\"unit\": {}", json_opt(r.unit)),
            format!(
                "\"normalised\": {}",
                r.normalised.clone().unwrap_or_else(|| "null".into())
            ),
            format!("\"base_unit\": {}", json_opt(r.base_unit)),
            format!("\"note\": {}", json_opt(r.note)),
        ];
        out.push_str(&fields.join(", "));
        out.push('}');
    }
    out.push_str(if figures.is_empty() { "]" } else { "\n  ]" });
    out
}

/// A CSV field: quoted when needed; text that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
fn csv_text(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// `/data/figures.csv`, UTF-8 with BOM.
pub fn figures_csv(site: &Site) -> String {
    csv_rows(site, &all(site))
}

/// `figures` as a CSV file (UTF-8 with BOM, the columns of `figures.csv`).
pub(crate) fn csv_rows(site: &Site, figures: &[&FigureRow]) -> String {
    let langs: Vec<&str> = site.config.language_codes().collect();
    let mut out = String::from("\u{feff}story,url,command,year,key,");
    for l in &langs {
        out.push_str(&format!("label_{l},"));
    }
    out.push_str("value,unit,normalised,base_unit,note\r\n");
    for r in rows(site, figures) {
        let mut cells = vec![
            csv_text(r.story),
            csv_text(&r.url),
            csv_text(r.command),
            r.year.to_string(),
            csv_text(r.key.unwrap_or("")),
        ];
        cells.extend(r.labels.iter().map(|(_, t)| csv_text(t)));
        cells.extend([
            r.value.to_string(),
            csv_text(r.unit.unwrap_or("")),
            r.normalised.unwrap_or_default(),
            csv_text(r.base_unit.unwrap_or("")),
            csv_text(r.note.unwrap_or("")),
        ]);
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("援疆"), "援疆");
    }

    #[test]
    fn schema_is_valid_json() {
        let v: serde_json::Value = serde_json::from_str(SCHEMA).expect("schema parses");
        assert_eq!(v["type"], "object");
    }
}
