//! Embeddable statistic widgets: every set of figures as a small page that
//! other sites show in an iframe.
//!
//! ## URLs (stable: derived only from language, slug, key and year)
//!
//! | widget | default language | other languages |
//! | --- | --- | --- |
//! | a story's 数读 panel | `/embed/stories/<slug>/` | `/<lang>/embed/stories/<slug>/` |
//! | a command's figures of one year | `/embed/commands/<slug>/<year>/` | `/<lang>/embed/commands/<slug>/<year>/` |
//! | one indicator across years and commands | `/embed/indicators/<key>/` | `/<lang>/embed/indicators/<key>/` |
//!
//! A story's widget uses the story's *primary* slug in every language, and
//! exists in every language of the site: an untranslated story's widget shows
//! its title in its own language (marked with `lang`), its figures labelled and
//! formatted in the widget's language, and links to the page that exists. Two
//! stories with figures whose primary slugs are equal (possible across
//! languages) would share a widget URL: that is an error naming both files.
//!
//! ## Files of each widget folder
//!
//! `index.html` (self-contained: inline CSS, SVG and script, no request to any
//! host), `data.json` and `data.csv` (the figures' open-data rows, values as
//! written plus exact normalised values), `chart.svg` (standalone, for
//! `<img>`), `oembed.json` (type `rich`).
//!
//! ## Height messages
//!
//! The widget posts `{type: "shudu:height", id, height}` to `parent` on load
//! and on every size change (ResizeObserver). `id` is the iframe URL's `?id=`
//! parameter, else the widget's own id (`data-widget` on `<html>`, e.g.
//! `shudu-zh-story-alar-talent`). The snippet ([`snippet`]) names its iframe with
//! that id, and its listener matches the sender by `contentWindow`.

mod content;
pub mod snippet;

use super::context::Link;
use super::pages::{Job, Output, OutputData, Renderer};
use super::widget_context::{EmbedData, WidgetData};
use crate::diagnostic::Diagnostic;
use crate::model::urls::output_file;
use crate::model::FigureRow;

/// Width (px) of a widget's chart in a 640 px iframe (the chart's CSS caps it at 32rem).
const CHART_PX: f64 = 480.0;

/// Which widget.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Widget {
    /// A story (index in `Site::stories`) with figures.
    Story(usize),
    /// A command (index in `Site::commands`) and a year it has figures for.
    CommandYear { command: usize, year: i32 },
    /// An indicator key.
    Indicator(String),
}

impl Renderer<'_> {
    /// (command index, year) of every command-year with figures, in command then year order.
    pub(in crate::render) fn command_years(&self) -> Vec<(usize, i32)> {
        self.command_year_rows.keys().copied().collect()
    }

    /// Every widget of the site, each in every language.
    pub(in crate::render) fn widget_jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut widgets: Vec<Widget> = site
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.figures.is_empty())
            .map(|(i, _)| Widget::Story(i))
            .collect();
        widgets.extend(
            self.command_years()
                .into_iter()
                .map(|(command, year)| Widget::CommandYear { command, year }),
        );
        // Keys with figures (the registry may declare keys no story reports yet).
        widgets.extend(
            site.figures
                .keys(&site.indicators)
                .into_iter()
                .filter(|k| site.figures.cells.keys().any(|(key, _)| key == k))
                .map(Widget::Indicator),
        );
        let mut jobs = Vec::with_capacity(widgets.len() * self.langs.len());
        for widget in widgets {
            for lang in 0..self.langs.len() {
                jobs.push(Job::Widget {
                    widget: widget.clone(),
                    lang,
                });
            }
        }
        jobs
    }

    /// The widget's folder path in language `li` (`/en/embed/stories/x/`).
    pub(in crate::render) fn widget_path(&self, w: &Widget, li: usize) -> String {
        let site = self.site;
        let urls = &site.urls;
        let lang = &self.langs[li].code;
        match w {
            Widget::Story(i) => urls.embed_story(lang, &site.stories[*i].primary().fields.slug),
            Widget::CommandYear { command, year } => {
                urls.embed_command_year(lang, &site.commands[*command].slug, *year)
            }
            Widget::Indicator(key) => urls.embed_indicator(lang, key),
        }
    }

    /// The widget's id: `shudu-<lang>-story-<slug>`, `shudu-<lang>-command-<slug>-<year>`,
    /// `shudu-<lang>-indicator-<key>`.
    fn widget_id(&self, w: &Widget, li: usize) -> String {
        let site = self.site;
        let lang = &self.langs[li].code;
        match w {
            Widget::Story(i) => format!("shudu-{lang}-story-{}", site.stories[*i].primary().fields.slug),
            Widget::CommandYear { command, year } => {
                format!("shudu-{lang}-command-{}-{year}", site.commands[*command].slug)
            }
            Widget::Indicator(key) => format!("shudu-{lang}-indicator-{key}"),
        }
    }

    /// The figures a widget shows, as rows of the figures index.
    fn widget_rows(&self, w: &Widget) -> Vec<&FigureRow> {
        let figures = &self.site.figures;
        match w {
            Widget::Story(s) => figures.story_rows(*s).iter().collect(),
            Widget::CommandYear { command, year } => self
                .command_year_rows
                .get(&(*command, *year))
                .map(|rows| rows.iter().map(|i| &figures.rows[*i]).collect())
                .unwrap_or_default(),
            Widget::Indicator(key) => {
                let mut rows: Vec<&FigureRow> = figures
                    .cells
                    .iter()
                    .filter(|((k, _), _)| k == key)
                    .flat_map(|(_, cmds)| cmds.values().map(|i| &figures.rows[*i]))
                    .collect();
                rows.sort_by(|a, b| (a.year, &a.command).cmp(&(b.year, &b.command)));
                rows
            }
        }
    }

    /// The five files of one widget in one language.
    pub(in crate::render) fn render_widget(&self, w: &Widget, li: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let path = self.widget_path(w, li);
        let rows = self.widget_rows(w);
        let mut data = self.widget_data(w, li, &path);
        let (chart, svg) = self.widget_charts(w, li, &data);
        data.chart = chart;
        if data.chart.is_some() {
            data.chart_css = Some(crate::chart::chart_css());
        }
        let embed = self.embed_from(w, li, &data);
        let meta = self.meta("widget", li, data.title.clone(), data.subtitle.clone(), |l| {
            let lj = self.langs.iter().position(|x| x.code == l).unwrap_or(li);
            Some(self.widget_path(w, lj))
        });
        let mut ctx = self.context(li, meta);
        ctx.insert("widget", &data);
        let template = match w {
            Widget::Story(_) => "widgets/story.html",
            Widget::CommandYear { .. } => "widgets/command_year.html",
            Widget::Indicator(_) => "widgets/indicator.html",
        };
        let mut out = self.page_output(&path, template, &ctx)?;
        let file = |name: &str, bytes: Vec<u8>| Output {
            path: output_file(&format!("{path}{name}")),
            data: OutputData::Bytes(bytes),
        };
        let provider = site
            .config
            .language(&self.langs[li].code)
            .map(|c| c.title.clone())
            .unwrap_or_default();
        // A story's rows are serialised once, before any page.
        let story_rows = match w {
            Widget::Story(i) => self.content.open_data.story(*i),
            _ => None,
        };
        let (json_rows, csv) = match story_rows {
            Some(r) => (r.json_array(), r.csv_file(site)),
            None => (
                super::open_data::json_rows(site, &rows),
                super::open_data::csv_rows(site, &rows),
            ),
        };
        out.extend([
            file("data.json", self.widget_json(w, li, &data, &json_rows).into_bytes()),
            file("data.csv", csv.into_bytes()),
            file("chart.svg", svg.into_bytes()),
            file(
                "oembed.json",
                snippet::oembed_json(&embed.snippet, embed.height, &data.title, &provider, &data.home_url).into_bytes(),
            ),
        ]);
        Ok(out)
    }

    /// `data.json`: what the widget is, then its figures as open-data rows
    /// (`json_rows`, a JSON array).
    fn widget_json(&self, w: &Widget, li: usize, data: &WidgetData, json_rows: &str) -> String {
        use super::open_data::json_str;
        let site = self.site;
        let path = self.widget_path(w, li);
        let langs: Vec<String> = site.config.language_codes().map(json_str).collect();
        format!(
            "{{\n  \"widget\": {{\"kind\": {}, \"lang\": {}, \"title\": {}, \"url\": {}, \"source\": {}}},\n  \
             \"languages\": [{}],\n  \"figures\": {}\n}}\n",
            json_str(data.kind),
            json_str(&self.langs[li].code),
            json_str(&data.title),
            json_str(&site.urls.permalink(&path)),
            json_str(&data.source.href),
            langs.join(", "),
            json_rows
        )
    }

    /// The embed action of a page for widget `w` in language `li`.
    pub(in crate::render) fn embed_data(&self, w: &Widget, li: usize) -> EmbedData {
        // A story's is on its own page only; a command-year's and an
        // indicator's are on many (every yearly page, every command page):
        // made once.
        if matches!(w, Widget::Story(_)) {
            return self.make_embed_data(w, li);
        }
        let key = (w.clone(), li);
        if let Some(done) = self.embeds.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return done;
        }
        let made = self.make_embed_data(w, li);
        if let Ok(mut m) = self.embeds.lock() {
            m.insert(key, made.clone());
        }
        made
    }

    fn make_embed_data(&self, w: &Widget, li: usize) -> EmbedData {
        let path = self.widget_path(w, li);
        let mut data = self.widget_data(w, li, &path);
        if matches!(w, Widget::Indicator(_)) {
            data.chart = self.widget_charts(w, li, &data).0;
        }
        self.embed_from(w, li, &data)
    }

    fn embed_from(&self, w: &Widget, li: usize, data: &WidgetData) -> EmbedData {
        let urls = &self.site.urls;
        let path = self.widget_path(w, li);
        let widget_url = urls.permalink(&path);
        let id = self.widget_id(w, li);
        let chart_px = data
            .chart
            .as_deref()
            .map_or(0, |svg| snippet::chart_height(svg, CHART_PX));
        let height = snippet::default_height(
            data.figures.len(),
            !self.langs[li].code.starts_with("zh"),
            data.stories.len(),
            chart_px,
        );
        let parts = snippet::SnippetParts {
            widget_url: &widget_url,
            id: &id,
            title: &data.title,
            height,
            origin: urls.origin(),
        };
        let alt = self.widget_description(data);
        EmbedData {
            label: match w {
                Widget::CommandYear { year, .. } => self.tr(li, "figure_year").replace("{year}", &year.to_string()),
                _ => data.title.clone(),
            },
            snippet: snippet::iframe_snippet(&parts),
            fallback: snippet::fallback_snippet(&data.source.href, &format!("{widget_url}chart.svg"), &alt),
            href: urls.href(&path),
            oembed: data.oembed_url.clone(),
            title: data.title.clone(),
            height,
            id,
        }
    }

    /// The oEmbed discovery links of `embeds`.
    pub(in crate::render) fn oembed_links(embeds: &[&EmbedData]) -> Vec<Link> {
        embeds
            .iter()
            .map(|e| Link {
                label: e.title.clone(),
                href: e.oembed.clone(),
            })
            .collect()
    }
}
