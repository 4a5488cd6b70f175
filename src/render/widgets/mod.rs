//! Embeddable statistic widgets: every set of figures as a small page that
//! other sites show in an iframe.
//!
//! ## Layout (lean: a story version costs three files and one folder)
//!
//! | widget | files |
//! | --- | --- |
//! | a story version's 数读 panel | `widget.html` and `oembed.json` in the folder of that version's page: `/stories/<slug>/`, `/<lang>/stories/<slug>/` |
//! | a command's figures of one year | `/embed/commands/<slug>/<year>/`, `/<lang>/embed/…`: `index.html`, `chart.svg`, `oembed.json` |
//! | one indicator across years and commands | `/embed/indicators/<key>/`, `/<lang>/embed/…`: the same |
//!
//! A story has a widget in each language it is written in (an untranslated
//! story has none in English: its English readers are sent to the Chinese
//! page, and so are embedders). The story widget is self-contained: its
//! numbers and table are inline, and its data links lead to the site's open
//! data (`/data/figures.csv`, `.json`), where the story's rows are. Its
//! no-iframe fallback is HTML text (the numbers and a link), so a story needs
//! no image of its own. The aggregate widgets are few and keep whole bundles:
//! `data.csv` and `data.json` (language-neutral) are written once, in the
//! default language's folder, and every language's widget links to them; the
//! fallback is a link around `chart.svg`.
//!
//! Widget URLs depend only on language, slug, key and year.
//!
//! ## Height messages
//!
//! The widget posts `{type: "shudu:height", id, height}` to `parent` on load
//! and on every size change (ResizeObserver). `id` is the iframe URL's `?id=`
//! parameter, else the widget's own id (`data-widget` on `<html>`, e.g.
//! `shudu-zh-story-alar-talent`). The snippet ([`snippet`]) names its iframe with
//! that id, and its listener matches the sender by `contentWindow`.

mod content;
pub(crate) mod snippet;

use super::context::Link;
use super::pages::{Job, Output, OutputData, Renderer};
use super::widget_context::{EmbedData, WidgetData};
use crate::diagnostic::Diagnostic;
use crate::model::urls::output_file;
use crate::model::FigureRow;
use std::sync::Arc;

/// Width (px) of a widget's chart in a 640 px iframe (the chart's CSS caps it at 32rem).
const CHART_PX: f64 = 480.0;

/// A story's widget in one language, as its page and its `widget.html` show it.
pub(in crate::render) struct StoryWidget {
    pub(in crate::render) data: WidgetData,
    pub(in crate::render) embed: EmbedData,
}

/// Which widget.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Widget {
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

    /// Story `i`'s widgets: one in each language it is written in (none
    /// without figures). [`Renderer::plan`] puts them right after the
    /// story's pages, which share their data (see [`Self::shared_story_widget`]).
    pub(in crate::render) fn story_widget_jobs(&self, i: usize) -> impl Iterator<Item = Job> + '_ {
        let s = &self.site.stories[i];
        self.langs
            .iter()
            .enumerate()
            .filter(move |(_, l)| !s.figures.is_empty() && s.version(&l.code).is_some())
            .map(move |(lang, _)| Job::Widget {
                widget: Widget::Story(i),
                lang,
            })
    }

    /// Every aggregate widget of the site (command-year and indicator), in
    /// every language.
    pub(in crate::render) fn aggregate_widget_jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = Vec::new();
        let mut aggregates: Vec<Widget> = self
            .command_years()
            .into_iter()
            .map(|(command, year)| Widget::CommandYear { command, year })
            .collect();
        // Keys with figures (the registry may declare keys no story reports yet).
        aggregates.extend(
            site.figures
                .keys(&site.indicators)
                .into_iter()
                .filter(|k| site.figures.cells.keys().any(|(key, _)| key == k))
                .map(Widget::Indicator),
        );
        for widget in aggregates {
            for lang in 0..self.langs.len() {
                jobs.push(Job::Widget {
                    widget: widget.clone(),
                    lang,
                });
            }
        }
        jobs
    }

    /// The path of the widget's page in language `li`: a story's
    /// `/en/stories/x/widget.html` (of the version a reader of `li` is shown),
    /// an aggregate widget's folder (`/en/embed/indicators/k/`).
    pub(in crate::render) fn widget_path(&self, w: &Widget, li: usize) -> String {
        let site = self.site;
        let urls = &site.urls;
        let lang = &self.langs[li].code;
        match w {
            Widget::Story(i) => {
                let v = site.stories[*i].shown(lang);
                urls.story_widget(&v.lang, &v.fields.slug)
            }
            Widget::CommandYear { command, year } => {
                urls.embed_command_year(lang, &site.commands[*command].slug, *year)
            }
            Widget::Indicator(key) => urls.embed_indicator(lang, key),
        }
    }

    /// The folder (URL path) of the widget's share images in language `li`:
    /// an aggregate widget's own folder; a story's page folder when the
    /// story gets share images (see [`Renderer::story_shares`]); else none.
    pub(in crate::render) fn widget_share_dir(&self, w: &Widget, li: usize) -> Option<String> {
        match w {
            Widget::Story(i) => {
                let v = self.site.stories[*i].shown(&self.langs[li].code);
                self.story_shares(*i)
                    .then(|| self.site.urls.story(&v.lang, &v.fields.slug))
            }
            _ => Some(self.widget_path(w, li)),
        }
    }

    /// The share image of story `story`'s figures (`shudu card`) in
    /// language `code` (the story's version there, else its primary), drawn
    /// whatever the story or site.yaml say about `share_image`.
    pub(crate) fn story_share_png(
        &self,
        story: usize,
        code: &str,
        layout: crate::share::Layout,
    ) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let s = &site.stories[story];
        let li = self.lang_index(&s.shown(code).lang);
        if s.figures.is_empty() {
            return Err(Diagnostic::error(
                &s.primary().path,
                1,
                1,
                "the story has no figures (数读) to draw: give it a `figures` list",
            ));
        }
        let w = Widget::Story(story);
        let data = self.widget_data(&w, li);
        let svg = match layout {
            crate::share::Layout::Og => self.widget_og_chart(&w, li, &data),
            crate::share::Layout::Tall => self.widget_charts(&w, li, &data).1,
        };
        let frame = self.share_frame(li, &data.source.href);
        let rows = self.widget_rows(&w);
        crate::share::render(&svg, &frame, layout).map_err(|e| self.share_error(e, &rows))
    }

    /// The path of the widget's page in language `code`, if it has one there.
    fn widget_path_in(&self, w: &Widget, code: &str) -> Option<String> {
        let li = self.langs.iter().position(|x| x.code == code)?;
        match w {
            Widget::Story(i) => {
                let v = self.site.stories[*i].version(code)?;
                Some(self.site.urls.story_widget(&v.lang, &v.fields.slug))
            }
            _ => Some(self.widget_path(w, li)),
        }
    }

    /// The path of the widget's oEmbed response in language `li`.
    pub(in crate::render) fn widget_oembed_path(&self, w: &Widget, li: usize) -> String {
        let site = self.site;
        match w {
            Widget::Story(i) => {
                let v = site.stories[*i].shown(&self.langs[li].code);
                site.urls.story_oembed(&v.lang, &v.fields.slug)
            }
            _ => format!("{}oembed.json", self.widget_path(w, li)),
        }
    }

    /// The paths of the widget's `data.csv` and `data.json`: an aggregate
    /// widget's are in its default-language folder (written once, the same
    /// for every language); a story's are the site's open data.
    fn widget_data_paths(&self, w: &Widget) -> (String, String) {
        match w {
            Widget::Story(_) => ("/data/figures.csv".to_string(), "/data/figures.json".to_string()),
            _ => {
                let folder = self.widget_path(w, self.default_lang_index());
                (format!("{folder}data.csv"), format!("{folder}data.json"))
            }
        }
    }

    fn default_lang_index(&self) -> usize {
        self.lang_index(self.site.default_lang())
    }

    /// The widget's id: `shudu-<lang>-story-<slug>` (the slug of the version), `shudu-<lang>-command-<slug>-<year>`,
    /// `shudu-<lang>-indicator-<key>`.
    fn widget_id(&self, w: &Widget, li: usize) -> String {
        let site = self.site;
        let lang = &self.langs[li].code;
        match w {
            Widget::Story(i) => format!("shudu-{lang}-story-{}", site.stories[*i].shown(lang).fields.slug),
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

    /// The files of one widget in one language: a story's `widget.html` and
    /// `oembed.json`; an aggregate's `index.html`, `chart.svg`, `oembed.json`,
    /// and in the default language `data.csv` and `data.json`.
    pub(in crate::render) fn render_widget(&self, w: &Widget, li: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let path = self.widget_path(w, li);
        // A story's widget is made once for its page and its widget (see [`Self::shared_story_widget`]).
        let (made, shared);
        let (data, embed, svg) = match w {
            Widget::Story(i) => {
                shared = self.shared_story_widget(*i, li);
                (&shared.data, &shared.embed, None)
            }
            _ => {
                made = self.aggregate_widget(w, li);
                (&made.0, &made.1, Some(&made.2))
            }
        };
        let share = match self.widget_share_dir(w, li) {
            Some(dir) => {
                let tall = match svg {
                    Some(svg) => svg.clone(),
                    None => self.widget_charts(w, li, data).1,
                };
                let og = self.widget_og_chart(w, li, data);
                let frame = self.share_frame(li, &data.source.href);
                Some(self.share_outputs([&og, &tall], &frame, &dir, &self.widget_rows(w))?)
            }
            None => None,
        };
        let meta = self.meta("widget", li, data.title.clone(), data.subtitle.clone(), |l| {
            self.widget_path_in(w, l)
        });
        let mut ctx = self.context(li, meta)?;
        ctx.insert("widget", data);
        let template = match w {
            Widget::Story(_) => "widgets/story.html",
            Widget::CommandYear { .. } => "widgets/command_year.html",
            Widget::Indicator(_) => "widgets/indicator.html",
        };
        let mut out = self.page_output(&path, template, &ctx)?;
        let file = |path: &str, bytes: Vec<u8>| Output {
            path: output_file(path),
            data: OutputData::Bytes(bytes),
        };
        let provider = site
            .config
            .language(&self.langs[li].code)
            .map(|c| c.title.clone())
            .unwrap_or_default();
        out.push(file(
            &self.widget_oembed_path(w, li),
            snippet::oembed_json(&embed.snippet, embed.height, &data.title, &provider, &data.home_url).into_bytes(),
        ));
        if let Some(svg) = svg {
            out.push(file(&format!("{path}chart.svg"), svg.clone().into_bytes()));
        }
        out.extend(share.into_iter().flatten());
        if !matches!(w, Widget::Story(_)) && li == self.default_lang_index() {
            let rows = self.widget_rows(w);
            let (csv_path, json_path) = self.widget_data_paths(w);
            let json_rows = super::open_data::json_rows(site, &rows);
            out.push(file(&csv_path, super::open_data::csv_rows(site, &rows).into_bytes()));
            out.push(file(&json_path, self.widget_json(w, &json_rows).into_bytes()));
        }
        Ok(out)
    }

    /// An aggregate widget's data (with its chart), embed action and chart image.
    fn aggregate_widget(&self, w: &Widget, li: usize) -> (WidgetData, EmbedData, String) {
        let mut data = self.widget_data(w, li);
        let (chart, svg) = self.widget_charts(w, li, &data);
        data.chart = chart;
        if data.chart.is_some() {
            data.chart_css = Some(crate::chart::chart_css());
        }
        let embed = self.embed_from(w, li, &data);
        (data, embed, svg)
    }

    /// Story `i`'s widget in language `li`: its data and embed action,
    /// shared by the story's page and its `widget.html`. The first of the
    /// two makes it and leaves it here; the second takes it away, so that a
    /// build does not hold every story's widget until the end (a third
    /// caller, if any, makes it again).
    pub(in crate::render) fn shared_story_widget(&self, i: usize, li: usize) -> Arc<StoryWidget> {
        let mut slot = self.langs[li].story_widgets[i]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(made) = slot.take() {
            return made;
        }
        let w = Widget::Story(i);
        let data = self.widget_data(&w, li);
        let embed = self.embed_from(&w, li, &data);
        let made = Arc::new(StoryWidget { data, embed });
        *slot = Some(Arc::clone(&made));
        made
    }

    /// An aggregate widget's `data.json`, the same for every language: what
    /// the widget is (its title, page and source in each language), then its
    /// figures as open-data rows (`json_rows`, a JSON array).
    fn widget_json(&self, w: &Widget, json_rows: &str) -> String {
        use super::open_data::json_str;
        let site = self.site;
        let per_lang = |f: &dyn Fn(usize) -> String| -> String {
            let items: Vec<String> = (0..self.langs.len())
                .map(|li| format!("{}: {}", json_str(&self.langs[li].code), json_str(&f(li))))
                .collect();
            format!("{{{}}}", items.join(", "))
        };
        let data: Vec<WidgetData> = (0..self.langs.len()).map(|li| self.widget_data(w, li)).collect();
        let kind = data.first().map_or("", |d| d.kind);
        let langs: Vec<String> = site.config.language_codes().map(json_str).collect();
        format!(
            "{{\n  \"widget\": {{\"kind\": {}, \"title\": {}, \"url\": {}, \"source\": {}}},\n  \
             \"languages\": [{}],\n  \"figures\": {}\n}}\n",
            json_str(kind),
            per_lang(&|li| data[li].title.clone()),
            per_lang(&|li| site.urls.permalink(&self.widget_path(w, li))),
            per_lang(&|li| data[li].source.href.clone()),
            langs.join(", "),
            json_rows
        )
    }

    /// The embed action of a page for widget `w` in language `li`.
    pub(in crate::render) fn embed_data(&self, w: &Widget, li: usize) -> EmbedData {
        // A story's is on its own page only; a command-year's and an
        // indicator's are on many (every yearly page, every command page):
        // made once.
        if let Widget::Story(i) = w {
            return self.shared_story_widget(*i, li).embed.clone();
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
        let mut data = self.widget_data(w, li);
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
        let fallback = match w {
            Widget::Story(_) => snippet::text_fallback(&snippet::TextFallback {
                page_url: &data.source.href,
                title: &data.title,
                lang: &self.langs[li].html_lang,
                figures: &data
                    .figures
                    .iter()
                    .map(|f| (f.label.as_str(), f.value.as_str(), f.meta.as_str()))
                    .collect::<Vec<_>>(),
                credit: &self.tr(li, "figures_title"),
            }),
            _ => snippet::fallback_snippet(
                &data.source.href,
                &format!("{widget_url}chart.svg"),
                &self.widget_description(data),
            ),
        };
        EmbedData {
            label: match w {
                Widget::CommandYear { year, .. } => self.tr(li, "figure_year").replace("{year}", &year.to_string()),
                _ => data.title.clone(),
            },
            snippet: snippet::iframe_snippet(&parts),
            fallback,
            href: urls.href(&path),
            oembed: data.oembed_url.clone(),
            title: data.title.clone(),
            height,
            id,
            share_png: data.share_png.clone(),
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
