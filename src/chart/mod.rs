//! Build-time SVG charts (数读 figures): no JavaScript, no chart library in the
//! browser.
//!
//! - [`render_chart`]: an accessible `<svg>` (`role="img"`, or `group` when its
//!   rows are links; `<title>`, `<desc>`)
//!   for horizontal bars (values by aid command), columns or a line (a series
//!   over years). Inline charts scale to the column (`width="100%"`, no pixel
//!   height) and are styled by [`chart_css`]; standalone charts are complete
//!   SVG files with their own `<style>` (including dark colours), for
//!   `<img src=chart.svg>` on other sites.
//! - [`render_table`]: the same data as an HTML table.
//! - [`render_cards`]: stat cards (values of different units) as a standalone
//!   SVG file, for widgets' `chart.svg`.
//! - [`ticks::format_tick`] / [`ticks::nice_range`]: value-axis ticks (1, 2, 5 × 10ⁿ) and
//!   their compact labels (`1亿`, `1.5万`; `100M`, `1.5K`).
//!
//! Values are scaled from [`Decimal`]s (as `f64` for geometry only); printed
//! values are the caller's [`Datum::display`] strings. Output is deterministic
//! and never panics: empty data, one point, zero, negative (drawn as 0) or
//! huge values, long labels and markup in labels are all handled.

mod cards;
mod css;
mod layout;
mod text;
mod ticks;

use rust_decimal::Decimal;

pub(crate) use cards::{render_cards, Card, CardsText};

/// One bar / one point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Datum {
    /// The command (`台州`) or year (`2022`).
    pub(crate) label: String,
    /// The normalised value (e.g. yuan, not 亿元) that bars are scaled by.
    pub(crate) value: Decimal,
    /// The value formatted for the page's language (`3.2186亿元`,
    /// `CNY 321.86 million`): printed as the value label and in the table.
    pub(crate) display: String,
    /// Where the bar links to (the command's or year's page).
    pub(crate) href: Option<String>,
}

/// The words of a chart, in the page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChartText<'a> {
    /// Goes into `<title>` (and is drawn at the top of standalone charts).
    pub(crate) title: &'a str,
    /// Goes into `<desc>`: a sentence summarising the data.
    pub(crate) description: &'a str,
    /// `zh` (or `zh-…`) or anything else for English: tick format, fonts,
    /// "no data" text.
    pub(crate) lang: &'a str,
    /// Value-axis unit caption. The ticks carry the magnitude (`1亿`, `100M`),
    /// so this is best the base unit (`元`, `CNY`, `人`, `people`).
    pub(crate) unit_label: &'a str,
    /// The table's `<caption>`.
    pub(crate) table_caption: &'a str,
    /// Table header of the label column (`指挥部` / `Command`, `年份` / `Year`).
    pub(crate) label_header: &'a str,
    /// Table header of the value column.
    pub(crate) value_header: &'a str,
}

/// The shape of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ChartKind {
    /// One horizontal bar per datum, labels on the left, values at the bar ends.
    /// Best for commands (long Chinese names).
    HorizontalBars,
    /// Vertical columns, labels below (e.g. years). No page draws them yet
    /// (the chart tests do).
    #[cfg_attr(not(test), allow(dead_code))]
    Columns,
    /// A line with a point per datum (a series over years); columns when
    /// there are fewer than 2 points.
    Line,
}

/// How a chart is emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChartOptions {
    /// Unique within the page; `[a-z0-9-]` (other characters become `-`).
    /// The chart's ids are `<id>-title` and `<id>-desc`.
    pub(crate) id: String,
    /// The viewBox width (clamped to 240–4096), e.g. 640. Text sizes are fixed
    /// in viewBox units (≥ 12), so a narrower chart has relatively larger text.
    pub(crate) width: u32,
    /// `true`: a complete SVG document (`xmlns`, `<style>`, background, visible
    /// title, pixel size) for use as a file; `false`: an inline `<svg>` for
    /// HTML, styled by [`chart_css`].
    pub(crate) standalone: bool,
}

/// The `<svg>` of a chart.
pub(crate) fn render_chart(kind: ChartKind, data: &[Datum], text: &ChartText<'_>, opts: &ChartOptions) -> String {
    layout::render(kind, data, text, opts)
}

/// An accessible `<table class="sc-table">` of the data: `<caption>`, column
/// headers (`scope="col"`), one row per datum with its label as the row header
/// (`scope="row"`, linked when the datum has an href) and its display string.
pub(crate) fn render_table(data: &[Datum], text: &ChartText<'_>) -> String {
    use text::{esc, one_line, safe_href};
    let mut o = String::with_capacity(160 + data.len() * 80);
    o.push_str("<table class=\"sc-table\"><caption>");
    o.push_str(&esc(text.table_caption));
    o.push_str("</caption><thead><tr><th scope=\"col\">");
    o.push_str(&esc(text.label_header));
    o.push_str("</th><th scope=\"col\">");
    o.push_str(&esc(text.value_header));
    o.push_str("</th></tr></thead><tbody>");
    if data.is_empty() {
        o.push_str("<tr><td colspan=\"2\">");
        o.push_str(layout::no_data(text.lang));
        o.push_str("</td></tr>");
    }
    for d in data {
        o.push_str("<tr><th scope=\"row\">");
        let label = esc(&one_line(&d.label));
        match d.href.as_deref().and_then(safe_href) {
            Some(href) => {
                o.push_str("<a href=\"");
                o.push_str(&esc(href));
                o.push_str("\">");
                o.push_str(&label);
                o.push_str("</a>");
            }
            None => o.push_str(&label),
        }
        o.push_str("</th><td>");
        o.push_str(&esc(&one_line(&d.display)));
        o.push_str("</td></tr>");
    }
    o.push_str("</tbody></table>");
    o
}

/// CSS for inline charts and their tables (the theme includes it once per
/// page). Colours are CSS variables with fallbacks: `--chart-bar` (bars, line),
/// `--chart-bar-2` (hover/focus accent), `--chart-text`, `--chart-grid`,
/// `--chart-axis` (axis line, ticks, unit), `--chart-bg` (point fill, label
/// halo); `--chart-max-width` caps the chart's width (default 46rem). No dark
/// mode here: the theme switches the variables.
pub(crate) fn chart_css() -> &'static str {
    css::PAGE_CSS
}

#[cfg(test)]
mod tests;
