//! What each kind of widget shows: its key numbers, data table, source line
//! and charts, in one language.

use rust_decimal::Decimal;

use super::Widget;
use crate::chart::{render_cards, render_chart, Card, CardsText, ChartKind, ChartOptions, ChartText, Datum};
use crate::figures::format::{base_unit_label, format_total};
use crate::render::context::{FigureData, Link};
use crate::render::pages::Renderer;
use crate::render::widget_context::{WidgetData, WidgetFigure, WidgetSource, WidgetTable};

/// viewBox width of widget charts (a phone's column: text near its nominal size).
const WIDGET_CHART_WIDTH: u32 = 360;
/// viewBox width of the stat cards of `chart.svg`: two columns of cards.
const CARDS_WIDTH: u32 = 480;
/// The cards of a 1200×630 share image: four columns, two rows.
const OG_CARDS_WIDTH: u32 = 1000;
const OG_CARDS: usize = 8;
/// How many years an indicator widget shows as key numbers.
const HEADLINE_YEARS: usize = 3;

/// One point of an indicator's series: a year's single value or total.
struct Point {
    year: i32,
    value: Decimal,
    display: String,
    /// How many commands it adds up, or the one command's name.
    meta: String,
}

impl Renderer<'_> {
    /// The widget's data, without its chart.
    pub(super) fn widget_data(&self, w: &Widget, li: usize) -> WidgetData {
        let urls = &self.site.urls;
        let lang = self.langs[li].code.clone();
        let mut data = match w {
            Widget::Story(i) => self.story_widget(*i, li),
            Widget::CommandYear { command, year } => self.command_year_widget(*command, *year, li),
            Widget::Indicator(key) => self.indicator_widget(key, li),
        };
        let (csv, json) = self.widget_data_paths(w);
        data.id = self.widget_id(w, li);
        data.home_url = urls.permalink(&urls.home(&lang));
        data.csv_href = urls.permalink(&csv);
        data.json_href = urls.permalink(&json);
        data.oembed_url = urls.permalink(&self.widget_oembed_path(w, li));
        data.note_lang = self.langs[self.lang_index(self.site.default_lang())].html_lang.clone();
        data.share_png = self
            .widget_share_dir(w, li)
            .map(|d| urls.permalink(&format!("{d}{}", crate::share::Layout::Tall.file_name())));
        data
    }

    fn empty_widget(&self, kind: &'static str, title: String, subtitle: String, source: WidgetSource) -> WidgetData {
        WidgetData {
            kind,
            id: String::new(),
            title,
            title_lang: None,
            subtitle,
            figures: Vec::new(),
            chart: None,
            chart_css: None,
            table: WidgetTable {
                caption: String::new(),
                head: Vec::new(),
                rows: Vec::new(),
            },
            source,
            stories: Vec::new(),
            home_url: String::new(),
            csv_href: String::new(),
            json_href: String::new(),
            oembed_url: String::new(),
            note_lang: String::new(),
            share_png: None,
        }
    }

    fn year_label(&self, li: usize, year: i32) -> String {
        self.tr(li, "figure_year").replace("{year}", &year.to_string())
    }

    /// The label, year and value table of story-like widgets.
    fn figures_table(&self, li: usize, caption: String, figures: &[WidgetFigure]) -> WidgetTable {
        WidgetTable {
            caption,
            head: vec![
                self.tr(li, "figures_indicator_header"),
                self.tr(li, "figures_year_header"),
                self.tr(li, "figures_value_header"),
            ],
            rows: figures
                .iter()
                .map(|f| vec![f.label.clone(), f.meta.clone(), f.value.clone()])
                .collect(),
        }
    }

    fn story_widget(&self, i: usize, li: usize) -> WidgetData {
        let site = self.site;
        let urls = &site.urls;
        let lang = &self.langs[li].code;
        let s = &site.stories[i];
        let v = s.shown(lang);
        let other = (v.lang != *lang).then(|| self.lang_index(&v.lang));
        let source = WidgetSource {
            title: v.fields.title.clone(),
            href: urls.permalink(&urls.story(&v.lang, &v.fields.slug)),
            lang: other.map(|o| self.langs[o].html_lang.clone()),
            lang_name: other.map(|o| self.tr(o, "language_name")),
        };
        let mut subtitle: Vec<String> = s
            .commands
            .iter()
            .filter_map(|c| site.command(c))
            .map(|c| {
                let cv = c.shown(lang);
                cv.fields.short_name.clone().unwrap_or_else(|| cv.fields.name.clone())
            })
            .collect();
        subtitle.push(s.date.display(lang));
        let mut data = self.empty_widget("story", v.fields.title.clone(), subtitle.join(" · "), source);
        data.title_lang = data.source.lang.clone();
        let extra: Vec<&str> = self.extra_units.iter().map(String::as_str).collect();
        data.figures = s
            .figures
            .iter()
            .map(|f| {
                let fd = FigureData::new(site, f, lang, &extra);
                WidgetFigure {
                    label: fd.label,
                    value: fd.value,
                    meta: self.year_label(li, fd.year),
                    note: fd.note,
                }
            })
            .collect();
        let caption = format!("{} · {}", self.tr(li, "figures_title"), data.title);
        data.table = self.figures_table(li, caption, &data.figures);
        data
    }

    fn command_year_widget(&self, command: usize, year: i32, li: usize) -> WidgetData {
        let site = self.site;
        let urls = &site.urls;
        let lang = &self.langs[li].code;
        let c = &site.commands[command];
        let v = c.shown(lang);
        let other = (v.lang != *lang).then(|| self.lang_index(&v.lang));
        let source = WidgetSource {
            title: v.fields.name.clone(),
            href: urls.permalink(&urls.command(&v.lang, &c.slug, 1)),
            lang: other.map(|o| self.langs[o].html_lang.clone()),
            lang_name: other.map(|o| self.tr(o, "language_name")),
        };
        let name = v.fields.short_name.clone().unwrap_or_else(|| v.fields.name.clone());
        let title = self
            .tr(li, "widget_command_year_title")
            .replace("{name}", &name)
            .replace("{year}", &year.to_string());
        let subtitle = match (&v.fields.origin, &v.fields.partner) {
            (Some(o), Some(p)) => format!("{o} → {p}"),
            (None, Some(p)) => format!("{} → {p}", v.fields.name),
            _ => v.fields.name.clone(),
        };
        let mut data = self.empty_widget("command_year", title, subtitle, source);
        data.title_lang = data.source.lang.clone();
        let w = Widget::CommandYear { command, year };
        let rows = self.widget_rows(&w);
        data.figures = rows
            .iter()
            .map(|r| {
                let f = &site.stories[r.story].figures[r.figure];
                WidgetFigure {
                    label: f.label(lang, site.default_lang(), &site.indicators).to_string(),
                    value: self.row_value(r, lang),
                    meta: self.year_label(li, r.year),
                    note: f.note.clone(),
                }
            })
            .collect();
        let mut stories: Vec<usize> = rows.iter().map(|r| r.story).collect();
        stories.sort_unstable();
        stories.dedup();
        data.stories = stories
            .into_iter()
            .map(|i| {
                let sv = site.stories[i].shown(lang);
                Link {
                    label: sv.fields.title.clone(),
                    href: urls.permalink(&urls.story(&sv.lang, &sv.fields.slug)),
                }
            })
            .collect();
        data.table = self.figures_table(li, data.title.clone(), &data.figures);
        data
    }

    /// An indicator's values by year: the one command's value, or the total
    /// where several commands report and the indicator adds up. Oldest first.
    fn indicator_points(&self, key: &str, li: usize) -> Vec<Point> {
        let site = self.site;
        let lang = &self.langs[li].code;
        let base = site.figures.bases.get(key).cloned().unwrap_or_default();
        let mut years = site.figures.years();
        years.sort_unstable();
        let mut points = Vec::new();
        for year in years {
            let Some(cell) = site.figures.cell(key, year) else {
                continue;
            };
            if let (1, Some((cmd, r))) = (cell.len(), cell.iter().next()) {
                let row = &site.figures.rows[*r];
                if let Some(value) = row.normalised {
                    points.push(Point {
                        year,
                        value,
                        display: self.row_value(row, lang),
                        meta: self.command_name(cmd, lang).0,
                    });
                }
            } else if let Some(total) = site.figures.total(key, year, &site.indicators) {
                points.push(Point {
                    year,
                    value: total,
                    display: format_total(lang, total, &base),
                    meta: self.tr(li, "figures_summed").replace("{n}", &cell.len().to_string()),
                });
            }
        }
        points
    }

    fn indicator_widget(&self, key: &str, li: usize) -> WidgetData {
        let site = self.site;
        let urls = &site.urls;
        let lang = &self.langs[li].code;
        let title = self.indicator_label(key, lang);
        let source = WidgetSource {
            title: format!(
                "{} · {}",
                self.tr(li, "figures_title"),
                self.tr(li, "figures_indicators")
            ),
            href: format!("{}#chart-{key}", urls.permalink(&urls.figures(lang))),
            lang: None,
            lang_name: None,
        };
        let cells: Vec<(i32, &std::collections::BTreeMap<String, usize>)> = site
            .figures
            .cells
            .iter()
            .filter(|((k, _), _)| k == key)
            .map(|((_, y), c)| (*y, c))
            .collect();
        let mut commands: Vec<&String> = cells.iter().flat_map(|(_, c)| c.keys()).collect();
        commands.sort();
        commands.dedup();
        let years = match (cells.first(), cells.last()) {
            (Some((a, _)), Some((b, _))) if a != b => self
                .tr(li, "widget_years")
                .replace("{from}", &a.to_string())
                .replace("{to}", &b.to_string()),
            (Some((a, _)), _) => self.year_label(li, *a),
            _ => String::new(),
        };
        let count = match commands.as_slice() {
            [one] => self.command_name(one, lang).0,
            many => self
                .tr(li, "figures_command_count")
                .replace("{n}", &many.len().to_string()),
        };
        let mut data = self.empty_widget("indicator", title.clone(), format!("{years} · {count}"), source);
        let points = self.indicator_points(key, li);
        data.figures = if points.is_empty() {
            // Nothing adds up: the newest year, command by command.
            cells
                .last()
                .map(|(year, cell)| {
                    cell.iter()
                        .map(|(cmd, r)| WidgetFigure {
                            label: self.year_label(li, *year),
                            value: self.row_value(&site.figures.rows[*r], lang),
                            meta: self.command_name(cmd, lang).0,
                            note: None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        } else {
            points
                .iter()
                .rev()
                .take(HEADLINE_YEARS)
                .map(|p| WidgetFigure {
                    label: self.year_label(li, p.year),
                    value: p.display.clone(),
                    meta: p.meta.clone(),
                    note: None,
                })
                .collect()
        };
        let total_label = self.tr(li, "figures_total");
        let base = site.figures.bases.get(key).cloned().unwrap_or_default();
        let mut rows = Vec::new();
        for (year, cell) in &cells {
            for (cmd, r) in cell.iter() {
                rows.push(vec![
                    year.to_string(),
                    self.command_name(cmd, lang).0,
                    self.row_value(&site.figures.rows[*r], lang),
                ]);
            }
            if cell.len() > 1 {
                if let Some(t) = site.figures.total(key, *year, &site.indicators) {
                    rows.push(vec![
                        year.to_string(),
                        total_label.clone(),
                        format_total(lang, t, &base),
                    ]);
                }
            }
        }
        data.table = WidgetTable {
            caption: title,
            head: vec![
                self.tr(li, "figures_year_header"),
                self.tr(li, "figures_command_header"),
                self.tr(li, "figures_value_header"),
            ],
            rows,
        };
        data
    }

    /// One sentence per key number: the chart's `<desc>` and the fallback image's `alt`.
    pub(super) fn widget_description(&self, data: &WidgetData) -> String {
        let items: Vec<String> = data
            .figures
            .iter()
            .map(|f| format!("{} {} ({})", f.label, f.value, f.meta))
            .collect();
        format!("{}: {}", data.title, items.join("; "))
    }

    /// The inline chart (indicators only) and the standalone `chart.svg`.
    pub(super) fn widget_charts(&self, w: &Widget, li: usize, data: &WidgetData) -> (Option<String>, String) {
        self.widget_charts_sized(w, li, data, CARDS_WIDTH, usize::MAX)
    }

    /// The chart of a 1200×630 share image: a widget's cards laid out wide
    /// (four columns, the first eight figures: a link preview is small),
    /// else its chart.
    pub(super) fn widget_og_chart(&self, w: &Widget, li: usize, data: &WidgetData) -> String {
        self.widget_charts_sized(w, li, data, OG_CARDS_WIDTH, OG_CARDS).1
    }

    fn widget_charts_sized(
        &self,
        w: &Widget,
        li: usize,
        data: &WidgetData,
        cards_width: u32,
        most: usize,
    ) -> (Option<String>, String) {
        let description = self.widget_description(data);
        let lang = &self.langs[li].code;
        let id = self.widget_id(w, li);
        let Widget::Indicator(key) = w else {
            let cards: Vec<Card<'_>> = data
                .figures
                .iter()
                .take(most)
                .map(|f| Card {
                    value: &f.value,
                    label: &f.label,
                    meta: &f.meta,
                })
                .collect();
            let source = &data.source.href;
            let credit = format!(
                "{} · {}",
                self.site.config.language(lang).map(|c| c.title.as_str()).unwrap_or(""),
                source.split_once("://").map_or(source.as_str(), |(_, rest)| rest)
            );
            let text = CardsText {
                title: &data.title,
                subtitle: &data.subtitle,
                description: &description,
                lang,
                credit: &credit,
            };
            let opts = ChartOptions {
                id,
                width: cards_width,
                standalone: true,
            };
            return (None, render_cards(&cards, &text, &opts));
        };
        let site = self.site;
        let base = site.figures.bases.get(key.as_str()).cloned().unwrap_or_default();
        let points = self.indicator_points(key, li);
        let (kind, datums, by_year) = if points.len() >= 2 {
            let d: Vec<Datum> = points
                .into_iter()
                .map(|p| Datum {
                    label: p.year.to_string(),
                    value: p.value,
                    display: p.display,
                    href: None,
                })
                .collect();
            (ChartKind::Line, d, true)
        } else {
            // One year (or nothing that adds up): the newest year by command.
            let newest = site.figures.cells.iter().rfind(|((k, _), _)| k == key);
            let d: Vec<Datum> = newest
                .map(|(_, cell)| self.command_bars(cell, lang, false))
                .unwrap_or_default();
            (ChartKind::HorizontalBars, d, false)
        };
        let unit = base_unit_label(lang, &base);
        let (label_header, value_header) = self.chart_headers(li, by_year);
        let text = ChartText {
            title: &data.title,
            description: &description,
            lang,
            unit_label: &unit,
            table_caption: &data.title,
            label_header: &label_header,
            value_header: &value_header,
        };
        let mut opts = ChartOptions {
            id: format!("{id}-chart"),
            width: WIDGET_CHART_WIDTH,
            standalone: false,
        };
        let inline = render_chart(kind, &datums, &text, &opts);
        opts.standalone = true;
        opts.id = id;
        (Some(inline), render_chart(kind, &datums, &text, &opts))
    }
}
