//! The figures pages (数读): `/figures/`, `/figures/<year>/`, and the figures
//! section of command pages, with their charts.

use rust_decimal::Decimal;

use super::context::*;
use super::pages::{Output, Renderer};
use super::widget_context::EmbedData;
use super::widgets::Widget;
use crate::chart::{render_chart, render_table, ChartKind, ChartOptions, ChartText, Datum};
use crate::diagnostic::Diagnostic;
use crate::figures::format::{base_unit_label, format_figure, format_total};
use crate::model::{Aggregate, FigureRow};

/// Width of charts' viewBox: about a phone's column, so that chart text is
/// drawn near its nominal size on phones (CSS caps the width on wide screens).
const CHART_WIDTH: u32 = 360;

impl Renderer<'_> {
    /// An indicator's label in `lang`: the registry's, else its first figure's.
    pub(super) fn indicator_label(&self, key: &str, lang: &str) -> String {
        let site = self.site;
        if let Some(ind) = site.indicators.get(key) {
            if !ind.labels.is_empty() {
                return site.pick(&ind.labels, lang, key).to_string();
            }
        }
        site.figures
            .rows
            .iter()
            .find(|r| r.key.as_deref() == Some(key))
            .map(|r| {
                site.stories[r.story].figures[r.figure]
                    .label(lang, site.default_lang(), &site.indicators)
                    .to_string()
            })
            .unwrap_or_else(|| key.to_string())
    }

    pub(in crate::render) fn adds_up(&self, key: &str) -> bool {
        self.site
            .indicators
            .get(key)
            .is_none_or(|i| i.aggregate == Aggregate::Sum)
    }

    /// A figure row's value formatted for `lang`.
    pub(in crate::render) fn row_value(&self, row: &FigureRow, lang: &str) -> String {
        let f = &self.site.stories[row.story].figures[row.figure];
        let extra: Vec<&str> = self.extra_units.iter().map(String::as_str).collect();
        format_figure(lang, &f.number, f.unit.as_deref(), &extra)
    }

    pub(in crate::render) fn command_name(&self, slug: &str, lang: &str) -> (String, String) {
        let urls = &self.site.urls;
        match self.site.command(slug) {
            Some(c) => {
                let v = c.shown(lang);
                let name = v.fields.short_name.clone().unwrap_or_else(|| v.fields.name.clone());
                (name, urls.href(&urls.command(&v.lang, slug, 1)))
            }
            None => (slug.to_string(), urls.href(&urls.commands(lang))),
        }
    }

    /// One bar per command of a (key, year) cell: the command's name, its
    /// normalised value and the value formatted for `lang`; linked to the
    /// command's page when `link`. Values that cannot be normalised are left out.
    pub(in crate::render) fn command_bars(
        &self,
        cell: &std::collections::BTreeMap<String, usize>,
        lang: &str,
        link: bool,
    ) -> Vec<Datum> {
        cell.iter()
            .filter_map(|(cmd, r)| {
                let row = &self.site.figures.rows[*r];
                let (name, href) = self.command_name(cmd, lang);
                Some(Datum {
                    label: name,
                    value: row.normalised?,
                    display: self.row_value(row, lang),
                    href: link.then_some(href),
                })
            })
            .collect()
    }

    /// The table headers of a chart by year or by command, in `li`'s language.
    pub(in crate::render) fn chart_headers(&self, li: usize, by_year: bool) -> (String, String) {
        let label = if by_year {
            "figures_year_header"
        } else {
            "figures_command_header"
        };
        (self.tr(li, label), self.tr(li, "figures_value_header"))
    }

    /// A chart and its table for `data`.
    #[allow(clippy::too_many_arguments)]
    fn chart(
        &self,
        li: usize,
        id: String,
        kind: ChartKind,
        title: &str,
        unit: &str,
        data: &[Datum],
        by_year: bool,
    ) -> (String, String) {
        let values = data
            .iter()
            .map(|d| format!("{} {}", d.label, d.display))
            .collect::<Vec<_>>()
            .join("; ");
        let description = format!("{title}: {values}");
        let (label_header, value_header) = self.chart_headers(li, by_year);
        let text = ChartText {
            title,
            description: &description,
            lang: &self.langs[li].code,
            unit_label: unit,
            table_caption: title,
            label_header: &label_header,
            value_header: &value_header,
        };
        let opts = ChartOptions {
            id,
            width: CHART_WIDTH,
            standalone: false,
        };
        (render_chart(kind, data, &text, &opts), render_table(data, &text))
    }

    /// Series of `key` across years, for one command or (None) the total of all.
    fn series_chart(&self, li: usize, key: &str, command: Option<&str>) -> Option<IndicatorChart> {
        let site = self.site;
        let lang = self.langs[li].code.clone();
        let base = site.figures.bases.get(key).cloned().unwrap_or_default();
        let mut points: Vec<(i32, Decimal, String)> = Vec::new();
        match command {
            Some(c) => {
                for (year, row) in site.figures.series(key, c) {
                    if let Some(v) = row.normalised {
                        points.push((year, v, self.row_value(row, &lang)));
                    }
                }
            }
            None => {
                let mut years: Vec<i32> = site.figures.years();
                years.sort_unstable();
                for year in years {
                    let Some(cell) = site.figures.cell(key, year) else {
                        continue;
                    };
                    if cell.len() == 1 {
                        let row = &site.figures.rows[*cell.values().next()?];
                        if let Some(v) = row.normalised {
                            points.push((year, v, self.row_value(row, &lang)));
                        }
                    } else if let Some(total) = site.figures.total(key, year, &site.indicators) {
                        points.push((year, total, format_total(&lang, total, &base)));
                    }
                }
            }
        }
        if points.is_empty() {
            return None;
        }
        let label = self.indicator_label(key, &lang);
        let count = points.len();
        let last = points.last().map(|(year, _, display)| YearValue {
            year: *year,
            value: display.clone(),
        })?;
        let data: Vec<Datum> = points
            .into_iter()
            .map(|(year, value, display)| Datum {
                label: year.to_string(),
                value,
                display,
                href: command
                    .is_none()
                    .then(|| site.urls.href(&site.urls.figures_year(&lang, year))),
            })
            .collect();
        let unit = base_unit_label(&lang, &base);
        let id = format!("series-{}-{}", command.unwrap_or("all"), key.replace('_', "-"));
        let (chart, table) = self.chart(li, id, ChartKind::Line, &label, &unit, &data, true);
        Some(IndicatorChart {
            key: key.to_string(),
            label,
            points: count,
            last,
            chart,
            table,
            embed: None,
        })
    }

    /// The figures section of a command page: each indicator's series.
    pub(super) fn command_figures(&self, li: usize, command: &str) -> Vec<IndicatorChart> {
        let site = self.site;
        let keys = site.figures.command_keys(command);
        site.figures
            .keys(&site.indicators)
            .into_iter()
            .filter(|k| keys.contains(k))
            .filter_map(|k| self.series_chart(li, &k, Some(command)))
            .collect()
    }

    pub(super) fn figures_overview_page(&self, li: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &site.urls;
        let lang = self.langs[li].code.clone();
        let keys = site.figures.keys(&site.indicators);
        let years = site
            .figures
            .years()
            .into_iter()
            .map(|year| {
                let mut commands: Vec<&String> = Vec::new();
                let headlines = keys
                    .iter()
                    .filter(|k| self.adds_up(k))
                    .filter_map(|k| {
                        let cell = site.figures.cell(k, year)?;
                        commands.extend(cell.keys());
                        let total = site.figures.total(k, year, &site.indicators)?;
                        let base = site.figures.bases.get(k).cloned().unwrap_or_default();
                        Some(Headline {
                            key: k.clone(),
                            label: self.indicator_label(k, &lang),
                            total: format_total(&lang, total, &base),
                            commands: cell.len(),
                        })
                    })
                    .collect();
                commands.sort();
                commands.dedup();
                // Indicators more commands report first (stable: registry order within).
                let mut headlines: Vec<Headline> = headlines;
                headlines.sort_by_key(|h| std::cmp::Reverse(h.commands));
                YearSummary {
                    year,
                    href: urls.href(&urls.figures_year(&lang, year)),
                    headlines,
                    command_count: commands.len(),
                }
            })
            .collect();
        let indicators: Vec<IndicatorChart> = keys
            .iter()
            .filter_map(|k| self.series_chart(li, k, None))
            .map(|mut ic| {
                ic.embed = Some(self.embed_data(&Widget::Indicator(ic.key.clone()), li));
                ic
            })
            .collect();
        let oembed: Vec<&EmbedData> = indicators
            .iter()
            .filter(|ic| ic.points > 1)
            .filter_map(|ic| ic.embed.as_ref())
            .collect();
        let oembed = Self::oembed_links(&oembed);
        let title = self.tr(li, "figures_title");
        let mut meta = self.meta("figures", li, title, String::new(), |l| Some(urls.figures(l)));
        meta.has_charts = true;
        let mut ctx = self.context(li, meta)?;
        ctx.insert("overview", &FiguresOverview { years, indicators });
        ctx.insert("oembed", &oembed);
        self.page_output(&urls.figures(&lang), "figures.html", &ctx)
    }

    pub(super) fn figures_year_page(&self, li: usize, year: i32) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &site.urls;
        let lang = self.langs[li].code.clone();
        let keys = site.figures.keys(&site.indicators);
        let mut totals = Vec::new();
        for k in keys.iter().filter(|k| self.adds_up(k)) {
            let Some(cell) = site.figures.cell(k, year) else {
                continue;
            };
            let label = self.indicator_label(k, &lang);
            let base = site.figures.bases.get(k).cloned().unwrap_or_default();
            let data = self.command_bars(cell, &lang, true);
            let total = site
                .figures
                .total(k, year, &site.indicators)
                .map(|t| format_total(&lang, t, &base));
            let unit = base_unit_label(&lang, &base);
            let (chart, table) = self.chart(
                li,
                format!("y{year}-{}", k.replace('_', "-")),
                ChartKind::HorizontalBars,
                &label,
                &unit,
                &data,
                false,
            );
            let commands = data
                .iter()
                .map(|d| Link {
                    label: d.label.clone(),
                    href: d.href.clone().unwrap_or_default(),
                })
                .collect();
            totals.push(IndicatorYear {
                key: k.clone(),
                label,
                total,
                commands,
                chart,
                table,
                embed: Some(self.embed_data(&Widget::Indicator(k.clone()), li)),
            });
        }
        // Indicators several commands report come first (stable: registry order within).
        totals.sort_by_key(|t| std::cmp::Reverse(t.commands.len()));
        let mut commands = Vec::new();
        for (ci, c) in site.commands.iter().enumerate() {
            // The command's figures of the year: the ones counted (the newest
            // story's value per key) and those without a key.
            let figures: Vec<FigureLink> = self
                .command_year_rows
                .get(&(ci, year))
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|i| {
                    let r = &site.figures.rows[*i];
                    let story = &site.stories[r.story];
                    let f = &story.figures[r.figure];
                    let v = story.shown(&lang);
                    FigureLink {
                        key: f.key.clone(),
                        label: f.label(&lang, site.default_lang(), &site.indicators).to_string(),
                        value: self.row_value(r, &lang),
                        note: f.note.clone(),
                        story_title: v.fields.title.clone(),
                        story_href: urls.href(&urls.story(&v.lang, &v.fields.slug)),
                    }
                })
                .collect();
            if !figures.is_empty() {
                let (name, href) = self.command_name(&c.slug, &lang);
                commands.push(CommandYear {
                    slug: c.slug.clone(),
                    name,
                    href,
                    figures,
                    embed: Some(self.embed_data(&Widget::CommandYear { command: ci, year }, li)),
                });
            }
        }
        let years = site.figures.years();
        let pos = years.iter().position(|y| *y == year);
        let link = |y: i32| Link {
            label: y.to_string(),
            href: urls.href(&urls.figures_year(&lang, y)),
        };
        let data = FiguresYearData {
            year,
            totals,
            commands,
            // years are newest first: "previous" is the older year.
            prev: pos.and_then(|i| years.get(i + 1)).map(|y| link(*y)),
            next: pos
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| years.get(i))
                .map(|y| link(*y)),
            overview_href: urls.href(&urls.figures(&lang)),
        };
        let title = format!("{}{}", self.tr(li, "figures_year_title"), year);
        let dir = urls.figures_year(&lang, year);
        let og_svg = self.year_share_svg(li, year, &title, &data, 1000);
        let tall_svg = self.year_share_svg(li, year, &title, &data, 480);
        let rows: Vec<&FigureRow> = site
            .figures
            .rows
            .iter()
            .filter(|r| r.year == year && r.counted)
            .collect();
        let page_url = urls.permalink(&dir);
        let frame = self.share_frame(li, &page_url);
        let share = self.share_outputs([&og_svg, &tall_svg], &frame, &dir, &rows)?;
        let mut meta = self.meta("figures_year", li, title.clone(), String::new(), |l| {
            Some(urls.figures_year(l, year))
        });
        meta.image = Some(self.share_meta(&dir, title));
        meta.has_charts = true;
        let mut ctx = self.context(li, meta)?;
        let shown: Vec<&EmbedData> = data
            .commands
            .iter()
            .filter_map(|c| c.embed.as_ref())
            .chain(
                data.totals
                    .iter()
                    .filter(|t| t.commands.len() > 1)
                    .filter_map(|t| t.embed.as_ref()),
            )
            .collect();
        ctx.insert("oembed", &Self::oembed_links(&shown));
        ctx.insert("year", &data);
        ctx.insert(
            "share_png",
            &urls.permalink(&format!("{dir}{}", crate::share::Layout::Tall.file_name())),
        );
        let mut out = self.page_output(&dir, "figures_year.html", &ctx)?;
        out.extend(share);
        Ok(out)
    }

    /// The share image of a year's figures: stat cards of the indicators'
    /// totals across commands (as many as fit), else of each command's figures.
    fn year_share_svg(&self, li: usize, year: i32, title: &str, data: &FiguresYearData, width: u32) -> String {
        use crate::chart::{render_cards, Card, CardsText};
        const MOST: usize = 8;
        let lang = &self.langs[li].code;
        let mut items: Vec<(String, String, String)> = data
            .totals
            .iter()
            .filter_map(|t| {
                let total = t.total.clone()?;
                let meta = self
                    .tr(li, "share_commands_total")
                    .replace("{n}", &t.commands.len().to_string());
                Some((total, t.label.clone(), meta))
            })
            .take(MOST)
            .collect();
        if items.is_empty() {
            items = data
                .commands
                .iter()
                .flat_map(|c| {
                    c.figures
                        .iter()
                        .map(move |f| (f.value.clone(), f.label.clone(), c.name.clone()))
                })
                .take(MOST)
                .collect();
        }
        let cards: Vec<Card<'_>> = items
            .iter()
            .map(|(value, label, meta)| Card { value, label, meta })
            .collect();
        let description: Vec<String> = items.iter().map(|(v, l, m)| format!("{l} {v} ({m})")).collect();
        let site_title = self.site.config.language(lang).map(|c| c.title.as_str()).unwrap_or("");
        let credit = format!("{site_title} · {year}");
        let text = CardsText {
            title,
            subtitle: "",
            description: &description.join("; "),
            lang,
            credit: &credit,
        };
        render_cards(
            &cards,
            &text,
            &ChartOptions {
                id: format!("share-{year}"),
                width,
                standalone: true,
            },
        )
    }
}
