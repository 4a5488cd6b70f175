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
    pub(crate) kind: &'static str,
    /// The id the widget posts its height with when the iframe URL has no
    /// `?id=` (`shudu-zh-story-alar-talent`); `data-widget` on `<html>`.
    pub(crate) id: String,
    /// The widget's heading: a story's title, a command's figures of a year,
    /// an indicator's label.
    pub(crate) title: String,
    /// `lang` of the title when it is not in the widget's language (an
    /// untranslated story), else none.
    pub(crate) title_lang: Option<String>,
    /// The line under the title: a story's commands and date, a command's
    /// `origin → partner`, an indicator's years and count of commands.
    pub(crate) subtitle: String,
    /// The key numbers, as text.
    pub(crate) figures: Vec<WidgetFigure>,
    /// Inline SVG chart (indicators), trusted: `| safe`.
    pub(crate) chart: Option<String>,
    /// The chart's stylesheet, when there is a chart: `| safe` inside `<style>`.
    pub(crate) chart_css: Option<&'static str>,
    /// The data of the widget, for the visually hidden table.
    pub(crate) table: WidgetTable,
    /// Where the figures come from: the story or command page (absolute URL).
    pub(crate) source: WidgetSource,
    /// The stories the figures come from (command-year widgets), absolute URLs.
    pub(crate) stories: Vec<Link>,
    /// The site's home in the widget's language (absolute URL), for the credit.
    pub(crate) home_url: String,
    /// Absolute URLs of the widget's data as CSV and JSON: an aggregate
    /// widget's own `data.csv` and `data.json` (in its default-language
    /// folder, one pair for every language), a story widget's the site's
    /// open data (`/data/figures.csv`, `/data/figures.json`), where its rows are.
    pub(crate) csv_href: String,
    /// The JSON one (see `csv_href`).
    pub(crate) json_href: String,
    /// Absolute URL of this widget's `oembed.json`.
    pub(crate) oembed_url: String,
    /// `lang` of notes (written in the default language only).
    pub(crate) note_lang: String,
    /// Absolute URL of the widget's tall share image (`share-wechat.png`, a
    /// picture for WeChat articles), when it has share images.
    pub(crate) share_png: Option<String>,
}

/// A key number of a widget.
#[derive(Debug, Serialize)]
pub(crate) struct WidgetFigure {
    /// Label in the widget's language.
    pub(crate) label: String,
    /// Formatted in the widget's language.
    pub(crate) value: String,
    /// `2022年`, `2022`, or a short qualifier (`3个指挥部合计`).
    pub(crate) meta: String,
    /// The figure's `note`, as written (in the default language: see `note_lang`).
    pub(crate) note: Option<String>,
}

/// A plain table: caption, column headers, rows of cells.
#[derive(Debug, Serialize)]
pub(crate) struct WidgetTable {
    /// The table's caption.
    pub(crate) caption: String,
    /// Column headers.
    pub(crate) head: Vec<String>,
    /// Rows of cells (plain text), as many cells as headers.
    pub(crate) rows: Vec<Vec<String>>,
}

/// The source line of a widget.
#[derive(Debug, Serialize)]
pub(crate) struct WidgetSource {
    /// The page's title: the story's title, the command's name, the figures
    /// page's.
    pub(crate) title: String,
    /// Absolute URL of the page that exists.
    pub(crate) href: String,
    /// `lang` of the title when it is not the widget's language.
    pub(crate) lang: Option<String>,
    /// That language's name (`中文`), shown after the link; none when in the widget's language.
    pub(crate) lang_name: Option<String>,
}

/// Everything a page needs to offer a widget for embedding.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct EmbedData {
    /// The widget's id (`shudu-zh-story-alar-talent`), unique on a page.
    pub(crate) id: String,
    /// The widget's title (as in [`WidgetData`]).
    pub(crate) title: String,
    /// A short label among several embeds (`2022年`).
    pub(crate) label: String,
    /// Link to the widget itself (a preview).
    pub(crate) href: String,
    /// The iframe snippet with its resizing script (HTML source).
    pub(crate) snippet: String,
    /// The no-iframe snippet (HTML source): a story's numbers as text with a
    /// link to its page; an aggregate widget's chart image in a link.
    pub(crate) fallback: String,
    /// Absolute URL of the widget's `oembed.json`.
    pub(crate) oembed: String,
    /// The iframe's default height in pixels.
    pub(crate) height: u32,
    /// Absolute URL of the widget's tall share image (for WeChat), if any.
    pub(crate) share_png: Option<String>,
}
