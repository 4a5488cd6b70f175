//! The data of embeddable widgets, for their templates and for the "embed"
//! action of pages.
//!
//! | template | variables |
//! | --- | --- |
//! | `widgets/story.html` | `site`, `page` (kind `widget`), `t`, `widget` ([`WidgetData`], kind `story`) |
//! | `widgets/command_year.html` | the same, `widget.kind` = `command_year` |
//! | `widgets/indicator.html` | the same, `widget.kind` = `indicator` (has `chart`) |
//! | `partials/embed.html` | `embed` ([`EmbedData`]), `t` |
//!
//! Pages that show a widget's figures receive, besides their own variables:
//! `oembed` ([`Link`]s: title and absolute URL of each widget's `oembed.json`,
//! for `<link rel="alternate" type="application/json+oembed">`), and
//! - `story.html`: `embed` (an [`EmbedData`], or none when the story has no figures);
//! - `command.html`: `embeds` (one [`EmbedData`] per year, newest first);
//! - `figures_year.html`: `embed` on each `year.commands` item and each `year.totals` item;
//! - `figures.html`: `embed` on each `overview.indicators` item.
//!
//! Text is plain (templates escape it), except `chart` and `chart_css`
//! (generated SVG and CSS: `| safe`). `snippet` and `fallback` are HTML
//! *source* to show (escaped) for copying, never to render.

use serde::Serialize;

use super::context::Link;

/// One widget, in one language.
#[derive(Debug, Serialize)]
pub(crate) struct WidgetData {
    /// `story`, `command_year` or `indicator`.
    pub kind: &'static str,
    /// The id the widget posts its height with when the iframe URL has no
    /// `?id=` (`shudu-zh-story-alar-talent`); `data-widget` on `<html>`.
    pub id: String,
    pub title: String,
    /// `lang` of the title when it is not in the widget's language (an
    /// untranslated story), else none.
    pub title_lang: Option<String>,
    pub subtitle: String,
    /// The key numbers, as text.
    pub figures: Vec<WidgetFigure>,
    /// Inline SVG chart (indicators), trusted: `| safe`.
    pub chart: Option<String>,
    /// The chart's stylesheet, when there is a chart: `| safe` inside `<style>`.
    pub chart_css: Option<&'static str>,
    /// The data of the widget, for the visually hidden table.
    pub table: WidgetTable,
    /// Where the figures come from: the story or command page (absolute URL).
    pub source: WidgetSource,
    /// The stories the figures come from (command-year widgets), absolute URLs.
    pub stories: Vec<Link>,
    /// The site's home in the widget's language (absolute URL), for the credit.
    pub home_url: String,
    /// Absolute URLs of the widget's data as CSV and JSON: an aggregate
    /// widget's own `data.csv` and `data.json` (in its default-language
    /// folder, one pair for every language), a story widget's the site's
    /// open data (`/data/figures.csv`, `/data/figures.json`), where its rows are.
    pub csv_href: String,
    pub json_href: String,
    /// Absolute URL of this widget's `oembed.json`.
    pub oembed_url: String,
    /// `lang` of notes (written in the default language only).
    pub note_lang: String,
    /// Absolute URL of the widget's tall share image (`share-wechat.png`, a
    /// picture for WeChat articles), when it has share images.
    pub share_png: Option<String>,
}

/// A key number of a widget.
#[derive(Debug, Serialize)]
pub(crate) struct WidgetFigure {
    pub label: String,
    /// Formatted in the widget's language.
    pub value: String,
    /// `2022年`, `2022`, or a short qualifier (`3个指挥部合计`).
    pub meta: String,
    pub note: Option<String>,
}

/// A plain table: caption, column headers, rows of cells.
#[derive(Debug, Serialize)]
pub(crate) struct WidgetTable {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The source line of a widget.
#[derive(Debug, Serialize)]
pub(crate) struct WidgetSource {
    pub title: String,
    /// Absolute URL of the page that exists.
    pub href: String,
    /// `lang` of the title when it is not the widget's language.
    pub lang: Option<String>,
    /// That language's name (`中文`), shown after the link; none when in the widget's language.
    pub lang_name: Option<String>,
}

/// Everything a page needs to offer a widget for embedding.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct EmbedData {
    /// The widget's id (`shudu-zh-story-alar-talent`), unique on a page.
    pub id: String,
    pub title: String,
    /// A short label among several embeds (`2022年`).
    pub label: String,
    /// Link to the widget itself (a preview).
    pub href: String,
    /// The iframe snippet with its resizing script (HTML source).
    pub snippet: String,
    /// The no-iframe snippet (HTML source): a story's numbers as text with a
    /// link to its page; an aggregate widget's chart image in a link.
    pub fallback: String,
    /// Absolute URL of the widget's `oembed.json`.
    pub oembed: String,
    /// The iframe's default height in pixels.
    pub height: u32,
    /// Absolute URL of the widget's tall share image (for WeChat), if any.
    pub share_png: Option<String>,
}
