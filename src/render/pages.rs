//! Every output page as a job, and the typed data each template receives.
//!
//! [`Renderer::plan`] lists the jobs; [`Renderer::render`] renders one. Jobs
//! share nothing mutable, so they run in parallel; one story's pages can be
//! redone alone.

use super::pictures::Sources;
use std::collections::BTreeMap;

use super::content::RenderedContent;
use super::context::*;
use super::templates::Templates;
use crate::diagnostic::Diagnostic;
use crate::load::FileSource;
use crate::model::urls::output_file;
use crate::model::{Site, Story};

/// One piece of output.
#[derive(Debug)]
pub(crate) struct Output {
    /// Path under the output folder, with `/` (`en/stories/a/index.html`).
    pub(crate) path: String,
    pub(crate) data: OutputData,
}

/// What an output file holds.
#[derive(Debug)]
pub(crate) enum OutputData {
    Bytes(Vec<u8>),
    Copy(FileSource),
}

/// The theme's UI strings for `lang`, the default language's filling gaps.
pub(crate) fn ui_strings(site: &Site, lang: &str) -> BTreeMap<String, String> {
    let i18n = &site.theme.i18n;
    let mut t = i18n.get(site.default_lang()).cloned().unwrap_or_default();
    if let Some(own) = i18n.get(lang) {
        t.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    t
}

/// A unit of rendering work.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Job {
    Home {
        lang: usize,
    },
    Stories {
        lang: usize,
        page: usize,
    },
    Story {
        story: usize,
        version: usize,
    },
    Commands {
        lang: usize,
    },
    Command {
        command: usize,
        version: usize,
        page: usize,
    },
    Sectors {
        lang: usize,
    },
    Sector {
        sector: usize,
        lang: usize,
        page: usize,
    },
    Page {
        page: usize,
        version: usize,
    },
    Feed {
        lang: usize,
    },
    Figures {
        lang: usize,
    },
    FiguresYear {
        lang: usize,
        year: i32,
    },
    Sitemap,
    Robots,
    NotFound,
    HighlightCss,
    /// `/charts.css`: the stylesheet of inline charts.
    ChartCss,
    /// `/data/figures.json`, `.csv` and the schema.
    OpenData,
    Static {
        index: usize,
    },
    /// A language's search page and the index beside it.
    Search {
        lang: usize,
    },
    /// An embeddable widget in one language (five files in its folder).
    Widget {
        widget: super::widgets::Widget,
        lang: usize,
    },
}

impl Job {
    /// The kind of page, for timings (`Story`, `FiguresYear`, `Widget`…).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Job::Home { .. } => "Home",
            Job::Stories { .. } => "Stories",
            Job::Story { .. } => "Story",
            Job::Commands { .. } => "Commands",
            Job::Command { .. } => "Command",
            Job::Sectors { .. } => "Sectors",
            Job::Sector { .. } => "Sector",
            Job::Page { .. } => "Page",
            Job::Feed { .. } => "Feed",
            Job::Figures { .. } => "Figures",
            Job::FiguresYear { .. } => "FiguresYear",
            Job::Sitemap => "Sitemap",
            Job::Robots => "Robots",
            Job::NotFound => "NotFound",
            Job::HighlightCss => "HighlightCss",
            Job::ChartCss => "ChartCss",
            Job::OpenData => "OpenData",
            Job::Static { .. } => "Static",
            Job::Widget { .. } => "Widget",
            Job::Search { .. } => "Search",
        }
    }
}

/// What one language needs on every page, computed once.
pub(super) struct LangData {
    pub(super) code: String,
    pub(super) html_lang: String,
    t: BTreeMap<String, String>,
    /// `t` as a template value.
    pub(super) t_value: tera::Value,
    /// A context that holds `t` (see [`super::page_context`]), for story cards.
    contexts: super::page_context::BaseContext,
    /// The main navigation.
    pub(super) nav: Vec<super::site_context::NavEntry>,
    /// Base contexts that hold `t`, `site`, `nav_html` and `footer_html`, by
    /// navigation state (see [`super::site_context`]).
    pub(super) site_bases: super::site_context::SiteBases,
    /// Story cards in this language, by story index, made once, when a page
    /// first lists the story (serve's rebuilds make only the cards of the
    /// pages they render).
    cards: Vec<std::sync::OnceLock<StoryCard>>,
    /// The HTML of story cards as `partials/story_card.html` renders them,
    /// by heading level (`[card_h = 2, card_h = 3]`) and story index, made
    /// on first use (see [`Renderer::listed_cards`]).
    listed: [Vec<std::sync::OnceLock<Box<str>>>; 2],
    /// The cards of all commands, as one template value.
    command_cards: tera::Value,
    /// Story widgets in this language, by story index, while only one of
    /// the story's page and its `widget.html` has used it (see
    /// [`Renderer::shared_story_widget`]).
    pub(super) story_widgets: Vec<std::sync::Mutex<Option<std::sync::Arc<super::widgets::StoryWidget>>>>,
}

/// Renders pages of one site.
pub(crate) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) content: &'a RenderedContent,
    pub(super) templates: &'a Templates,
    pub(super) langs: Vec<LangData>,
    pub(super) extra_units: Vec<String>,
    /// (command index, year) → the rows of the figures index counted for
    /// that command and year (a key's newest value, and figures without a
    /// key), in row order: every command-year with figures is a key.
    pub(super) command_year_rows: BTreeMap<(usize, i32), Vec<usize>>,
    /// Embed data of command-year and indicator widgets, by language, made
    /// on first use (many pages show them).
    pub(super) embeds:
        std::sync::Mutex<std::collections::HashMap<(super::widgets::Widget, usize), super::widget_context::EmbedData>>,
    /// Share images drawn, copied from the cache, or (for `check`) only checked.
    pub(super) share: super::share_images::ShareState,
    /// What the search jobs indexed (see [`Renderer::search_report`]).
    pub(super) search: std::sync::Mutex<super::search_page::SearchReport>,
}

/// See [`Renderer::command_year_rows`].
fn command_year_rows(site: &Site) -> BTreeMap<(usize, i32), Vec<usize>> {
    let figures = &site.figures;
    let mut map: BTreeMap<(usize, i32), Vec<usize>> = BTreeMap::new();
    // Rows come story by story: runs of one command and year, gathered
    // before they go into the map.
    let mut run: Option<((usize, i32), Vec<usize>)> = None;
    let mut command: Option<(&str, usize)> = None;
    for (i, r) in figures.rows.iter().enumerate() {
        let c = match command {
            Some((slug, c)) if slug == r.command => c,
            _ => match site.commands.binary_search_by(|c| c.slug.as_str().cmp(&r.command)) {
                Ok(c) => {
                    command = Some((&r.command, c));
                    c
                }
                Err(_) => continue,
            },
        };
        let key = (c, r.year);
        if run.as_ref().is_none_or(|(k, _)| *k != key) {
            if let Some((k, rows)) = run.take() {
                map.entry(k).or_default().extend(rows);
            }
            run = Some((key, Vec::new()));
        }
        if let Some((_, rows)) = run.as_mut().filter(|_| r.counted) {
            rows.push(i);
        }
    }
    if let Some((k, rows)) = run {
        map.entry(k).or_default().extend(rows);
    }
    map
}

fn to_value<T: serde::Serialize + ?Sized>(v: &T) -> tera::Value {
    tera::Value::from_serializable(v)
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(site: &'a Site, content: &'a RenderedContent, templates: &'a Templates) -> Self {
        let extra_units: Vec<String> = site.indicators.values().filter_map(|i| i.unit.clone()).collect();
        let mut r = Renderer {
            site,
            content,
            templates,
            langs: Vec::new(),
            extra_units,
            command_year_rows: command_year_rows(site),
            embeds: Default::default(),
            share: super::share_images::ShareState::new(true),
            search: Default::default(),
        };
        let langs: Vec<LangData> = site
            .config
            .languages
            .iter()
            .map(|l| {
                let t = r.strings(&l.code);
                let t_value = to_value(&t);
                let mut base = tera::Context::new();
                base.insert_value("t", t_value.clone());
                let contexts = super::page_context::BaseContext::new(base);
                LangData {
                    code: l.code.clone(),
                    html_lang: l.html_lang.clone(),
                    t,
                    t_value,
                    contexts,
                    nav: Vec::new(),
                    site_bases: Vec::new(),
                    story_widgets: (0..site.stories.len()).map(|_| Default::default()).collect(),
                    cards: Vec::new(),
                    listed: Default::default(),
                    command_cards: tera::Value::none(),
                }
            })
            .collect();
        r.langs = langs;
        for li in 0..r.langs.len() {
            let cards = (0..site.stories.len()).map(|_| std::sync::OnceLock::new()).collect();
            let command_cards: Vec<_> = (0..site.commands.len()).map(|i| r.command_card(i, li)).collect();
            let command_cards = to_value(&command_cards);
            r.langs[li].cards = cards;
            r.langs[li].listed = [0, 1].map(|_| (0..site.stories.len()).map(|_| std::sync::OnceLock::new()).collect());
            r.langs[li].command_cards = command_cards;
            let nav = r.nav_entries(li);
            r.langs[li].site_bases = (0..=nav.len()).map(|_| std::sync::OnceLock::new()).collect();
            r.langs[li].nav = nav;
        }
        r
    }

    /// Whether share images are drawn (the default) or, for `check`, only
    /// their characters checked against the font (cached ones are still copied).
    pub(crate) fn draw_share_images(mut self, draw: bool) -> Self {
        self.share.draw = draw;
        self
    }

    /// The share images this renderer drew (and the keys of all it used),
    /// for the cache; taking them leaves none.
    pub(crate) fn take_share_images(&self) -> super::share_images::ShareImages {
        self.share.take()
    }

    /// Whether story `i` gets share images of its own: it has figures, and
    /// it or site.yaml says `share_image: true`.
    pub(super) fn story_shares(&self, i: usize) -> bool {
        let s = &self.site.stories[i];
        !s.figures.is_empty() && (s.share_image || self.site.config.share_image)
    }

    /// Story `i`'s card in language `lang`, made on first use.
    fn card(&self, lang: usize, i: usize) -> &StoryCard {
        self.langs[lang].cards[i].get_or_init(|| self.story_card(i, lang))
    }

    /// Stories `list` as a listing with headings at `card_h` hands them to
    /// its template: each card's data with `html`, the card rendered by
    /// `partials/story_card.html`. Cards not yet rendered at that level are
    /// rendered together, in one template render (see
    /// [`Templates::render_story_cards`]), and their HTML kept for the other
    /// pages that list them (only the HTML: the card's data is kept once, in
    /// [`LangData::cards`], and joined to it here).
    fn listed_cards(&self, lang: usize, card_h: u8, list: &[usize]) -> Result<Vec<ListedCard<'_>>, Diagnostic> {
        let level = usize::from(card_h == 3);
        let cache = &self.langs[lang].listed[level];
        let missing: Vec<usize> = list.iter().copied().filter(|i| cache[*i].get().is_none()).collect();
        if !missing.is_empty() {
            let cards: Vec<&StoryCard> = missing.iter().map(|i| self.card(lang, *i)).collect();
            let mut ctx = self.langs[lang].contexts.page();
            ctx.insert("card_h", &card_h);
            ctx.insert("lang", &self.langs[lang].code);
            let html = self.templates.render_story_cards(&ctx, &cards)?;
            for (i, html) in missing.iter().zip(html) {
                // Another thread may have made the same card meanwhile: the same text.
                let _ = cache[*i].set(html.into_boxed_str());
            }
        }
        Ok(list
            .iter()
            .filter_map(|i| {
                let html = cache[*i].get()?;
                Some(ListedCard {
                    card: self.card(lang, *i),
                    html,
                })
            })
            .collect())
    }

    /// UI strings of `lang`: the default language's, overlaid by `lang`'s own.
    fn strings(&self, lang: &str) -> BTreeMap<String, String> {
        ui_strings(self.site, lang)
    }

    pub(super) fn tr(&self, li: usize, key: &str) -> String {
        self.langs[li].t.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    pub(super) fn lang_index(&self, code: &str) -> usize {
        self.langs.iter().position(|l| l.code == code).unwrap_or(0)
    }

    fn pages_of(&self, n: usize) -> usize {
        n.div_ceil(self.site.config.paginate).max(1)
    }

    /// Every job of the site, in a stable order.
    pub(crate) fn plan(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = Vec::new();
        // The search jobs first: each indexes a whole language, the longest
        // jobs of a build, so they start while the pages are rendered.
        if site.config.search {
            jobs.extend((0..self.langs.len()).map(|lang| Job::Search { lang }));
        }
        for lang in 0..self.langs.len() {
            jobs.push(Job::Home { lang });
            for page in 1..=self.pages_of(site.stories.len()) {
                jobs.push(Job::Stories { lang, page });
            }
            jobs.push(Job::Commands { lang });
            jobs.push(Job::Sectors { lang });
            for (sector, s) in site.sectors.iter().enumerate() {
                let n = site.stories_by_sector.get(&s.term).map_or(0, Vec::len);
                for page in 1..=self.pages_of(n) {
                    jobs.push(Job::Sector { sector, lang, page });
                }
            }
            jobs.push(Job::Feed { lang });
            jobs.push(Job::Figures { lang });
            for year in site.figures.years() {
                jobs.push(Job::FiguresYear { lang, year });
            }
        }
        for (story, s) in site.stories.iter().enumerate() {
            for version in 0..s.versions.len() {
                jobs.push(Job::Story { story, version });
            }
            // Beside its pages, which share their data (and not all at the end,
            // which would keep every story's widget data until then).
            jobs.extend(self.story_widget_jobs(story));
        }
        for (command, c) in site.commands.iter().enumerate() {
            let n = site.stories_by_command.get(&c.slug).map_or(0, Vec::len);
            for version in 0..c.versions.len() {
                for page in 1..=self.pages_of(n) {
                    jobs.push(Job::Command { command, version, page });
                }
            }
        }
        for (page, p) in site.pages.iter().enumerate() {
            for version in 0..p.versions.len() {
                jobs.push(Job::Page { page, version });
            }
        }
        jobs.extend(self.aggregate_widget_jobs());
        jobs.extend([
            Job::Sitemap,
            Job::Robots,
            Job::NotFound,
            Job::HighlightCss,
            Job::ChartCss,
            Job::OpenData,
        ]);
        jobs.extend((0..site.static_files.len()).map(|index| Job::Static { index }));
        jobs
    }

    /// Renders one job into its output files.
    pub(crate) fn render(&self, job: &Job) -> Result<Vec<Output>, Diagnostic> {
        match *job {
            Job::Home { lang } => self.home_page(lang),
            Job::Stories { lang, page } => self.stories_page(lang, page),
            Job::Story { story, version } => self.story_page(story, version),
            Job::Commands { lang } => self.commands_page(lang),
            Job::Command { command, version, page } => self.command_page(command, version, page),
            Job::Sectors { lang } => self.sectors_page(lang),
            Job::Sector { sector, lang, page } => self.sector_page(sector, lang, page),
            Job::Page { page, version } => self.free_page(page, version),
            Job::Feed { lang } => self.feed(lang),
            Job::Figures { lang } => self.figures_overview_page(lang),
            Job::FiguresYear { lang, year } => self.figures_year_page(lang, year),
            Job::Sitemap => self.sitemap_file(),
            Job::Robots => self.robots_file(),
            Job::NotFound => self.not_found_page(),
            Job::HighlightCss => self.highlight_css(),
            Job::ChartCss => self.chart_css(),
            Job::OpenData => self.open_data_files(),
            Job::Widget { ref widget, lang } => self.render_widget(widget, lang),
            Job::Search { lang } => self.search_page(lang),
            Job::Static { index } => self.static_file(index),
        }
    }

    /// Renders the home page of language `lang`.
    fn home_page(&self, lang: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &self.site.urls;
        let code = &self.langs[lang].code;
        let mut ctx = self.context(
            lang,
            self.meta("home", lang, String::new(), String::new(), |l| Some(urls.home(l))),
        )?;
        let n = site.config.paginate.min(site.stories.len());
        let latest: Vec<usize> = (0..n).collect();
        ctx.insert("stories", &self.listed_cards(lang, 3, &latest)?);
        ctx.insert_value("commands", self.langs[lang].command_cards.clone());
        ctx.insert("all_stories_href", &urls.href(&urls.stories(code, 1)));
        self.page_output(&urls.home(code), "index.html", &ctx)
    }

    /// Renders page `page` of the story listing.
    fn stories_page(&self, lang: usize, page: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &self.site.urls;
        let code = self.langs[lang].code.clone();
        let all: Vec<usize> = (0..site.stories.len()).collect();
        let title = self.tr(lang, "stories_title");
        let meta = self.meta("stories", lang, title, String::new(), |l| Some(urls.stories(l, page)));
        let mut ctx = self.context(lang, meta)?;
        self.paginate(&mut ctx, lang, (&all, 2), page, |p| urls.stories(&code, p))?;
        self.page_output(&urls.stories(&code, page), "stories.html", &ctx)
    }

    /// Renders the list of commands.
    fn commands_page(&self, lang: usize) -> Result<Vec<Output>, Diagnostic> {
        let urls = &self.site.urls;
        let code = &self.langs[lang].code;
        let title = self.tr(lang, "commands_title");
        let mut ctx = self.context(
            lang,
            self.meta("commands", lang, title, String::new(), |l| Some(urls.commands(l))),
        )?;
        ctx.insert_value("commands", self.langs[lang].command_cards.clone());
        self.page_output(&urls.commands(code), "commands.html", &ctx)
    }

    /// Renders page `page` of a command's page in one of its versions: its introduction, figures and widgets on the first page, its stories.
    fn command_page(&self, command: usize, version: usize, page: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &self.site.urls;
        let c = &site.commands[command];
        let v = &c.versions[version];
        let lang = self.lang_index(&v.lang);
        let card = self.command_card(command, lang);
        let body = &self.content.commands[command][version];
        // The figures section is on the command's first page only.
        let figures = if page == 1 {
            self.command_figures(lang, &c.slug)
        } else {
            Vec::new()
        };
        let mut meta = self.meta(
            "command",
            lang,
            v.fields.name.clone(),
            v.fields.partner.clone().unwrap_or_default(),
            |l| c.version(l).map(|_| urls.command(l, &c.slug, page)),
        );
        meta.has_code = body.has_code;
        meta.has_charts = !figures.is_empty();
        let mut ctx = self.context(lang, meta)?;
        let data = CommandData {
            card,
            content: &body.html,
        };
        ctx.insert("command", &data);
        ctx.insert("figures", &figures);
        // So are the embed codes of its yearly widgets.
        let years = if page == 1 { self.command_years() } else { Vec::new() };
        let embeds: Vec<_> = years
            .into_iter()
            .rev()
            .filter(|(ci, _)| *ci == command)
            .map(|(command, year)| self.embed_data(&super::widgets::Widget::CommandYear { command, year }, lang))
            .collect();
        ctx.insert("oembed", &Self::oembed_links(&embeds.iter().collect::<Vec<_>>()));
        ctx.insert("embeds", &embeds);
        let empty = Vec::new();
        let list = site.stories_by_command.get(&c.slug).unwrap_or(&empty);
        let code = v.lang.clone();
        self.paginate(&mut ctx, lang, (list, 3), page, |p| urls.command(&code, &c.slug, p))?;
        self.page_output(&urls.command(&v.lang, &c.slug, page), "command.html", &ctx)
    }

    /// Renders the list of sectors.
    fn sectors_page(&self, lang: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &self.site.urls;
        let code = &self.langs[lang].code;
        let title = self.tr(lang, "sectors_title");
        let mut ctx = self.context(
            lang,
            self.meta("sectors", lang, title, String::new(), |l| Some(urls.sectors(l))),
        )?;
        let cards: Vec<SectorCard> = (0..site.sectors.len()).map(|i| self.sector_card(i, lang)).collect();
        ctx.insert("sectors", &cards);
        self.page_output(&urls.sectors(code), "sectors.html", &ctx)
    }

    /// Renders page `page` of a sector's stories.
    fn sector_page(&self, sector: usize, lang: usize, page: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &self.site.urls;
        let code = self.langs[lang].code.clone();
        let s = &site.sectors[sector];
        let card = self.sector_card(sector, lang);
        let meta = self.meta("sector", lang, card.label.clone(), String::new(), |l| {
            Some(urls.sector(l, &s.term, page))
        });
        let mut ctx = self.context(lang, meta)?;
        ctx.insert("sector", &card);
        let empty = Vec::new();
        let list = site.stories_by_sector.get(&s.term).unwrap_or(&empty);
        self.paginate(&mut ctx, lang, (list, 2), page, |p| urls.sector(&code, &s.term, p))?;
        self.page_output(&urls.sector(&code, &s.term, page), "sector.html", &ctx)
    }

    /// Renders a free page in one of its versions.
    fn free_page(&self, page: usize, version: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &self.site.urls;
        let p = &site.pages[page];
        let v = &p.versions[version];
        let lang = self.lang_index(&v.lang);
        let body = &self.content.pages[page][version];
        let description = v.fields.summary.clone().unwrap_or_else(|| body.summary.clone());
        let mut meta = self.meta("page", lang, v.fields.title.clone(), description, |l| {
            p.version(l).map(|_| urls.page(l, &p.slug))
        });
        meta.has_code = body.has_code;
        let mut ctx = self.context(lang, meta)?;
        ctx.insert("content", &body.html);
        ctx.insert("headings", &headings(body));
        self.page_output(&urls.page(&v.lang, &p.slug), "page.html", &ctx)
    }

    /// Renders `/sitemap.xml`.
    fn sitemap_file(&self) -> Result<Vec<Output>, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &self.sitemap());
        self.file_output("sitemap.xml", "sitemap.xml", &ctx)
    }

    /// Renders `/robots.txt`.
    fn robots_file(&self) -> Result<Vec<Output>, Diagnostic> {
        let urls = &self.site.urls;
        let mut ctx = tera::Context::new();
        ctx.insert("sitemap_url", &urls.permalink("/sitemap.xml"));
        self.file_output("robots.txt", "robots.txt", &ctx)
    }

    /// Renders `/404.html`, in the default language.
    fn not_found_page(&self) -> Result<Vec<Output>, Diagnostic> {
        let urls = &self.site.urls;
        let title = self.tr(0, "not_found_title");
        // One page, in the default language: its own alternate, and the
        // switcher leads to the other languages' homes.
        let default = &self.langs[0].code;
        let meta = self.meta("404", 0, title, String::new(), |code| {
            (code == default).then(|| "/404.html".to_string())
        });
        let mut ctx = self.context(0, meta)?;
        let homes: Vec<Link> = self
            .langs
            .iter()
            .enumerate()
            .map(|(i, l)| Link {
                label: self.tr(i, "language_name"),
                href: urls.href(&urls.home(&l.code)),
            })
            .collect();
        ctx.insert("homes", &homes);
        self.file_output("404.html", "404.html", &ctx)
    }

    /// `/highlight.css`: the classes of highlighted code.
    fn highlight_css(&self) -> Result<Vec<Output>, Diagnostic> {
        Ok(vec![Output {
            path: "highlight.css".into(),
            data: OutputData::Bytes(super::markdown::highlight_css().into_bytes()),
        }])
    }

    /// `/charts.css`: the stylesheet of inline charts.
    fn chart_css(&self) -> Result<Vec<Output>, Diagnostic> {
        Ok(vec![Output {
            path: "charts.css".into(),
            data: OutputData::Bytes(crate::chart::chart_css().as_bytes().to_vec()),
        }])
    }

    /// `/data/figures.json`, `.csv` and the schema.
    fn open_data_files(&self) -> Result<Vec<Output>, Diagnostic> {
        // Every story's rows, serialised before any page, joined into two files.
        let (json, csv) = rayon::join(
            || super::open_data::figures_json(self.site, &self.content.open_data),
            || super::open_data::figures_csv(self.site, &self.content.open_data),
        );
        Ok(vec![
            Output {
                path: "data/figures.json".into(),
                data: OutputData::Bytes(json.into_bytes()),
            },
            Output {
                path: "data/figures.csv".into(),
                data: OutputData::Bytes(csv.into_bytes()),
            },
            Output {
                path: "data/figures.schema.json".into(),
                data: OutputData::Bytes(super::open_data::SCHEMA.as_bytes().to_vec()),
            },
        ])
    }

    /// A static file, copied as it is.
    fn static_file(&self, index: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let f = &site.static_files[index];
        Ok(vec![Output {
            path: f.output.clone(),
            data: OutputData::Copy(f.source.clone()),
        }])
    }

    /// Page metadata; `path_in(lang)` is the page's path in another language, or `None` where it has none.
    pub(super) fn meta(
        &self,
        kind: &'static str,
        lang: usize,
        title: String,
        description: String,
        path_in: impl Fn(&str) -> Option<String>,
    ) -> PageMeta {
        let urls = &self.site.urls;
        let code = &self.langs[lang].code;
        let own = path_in(code).unwrap_or_else(|| urls.home(code));
        let mut alternates = Vec::new();
        let mut switcher = Vec::new();
        for (i, l) in self.langs.iter().enumerate() {
            let there = path_in(&l.code);
            if let Some(p) = &there {
                alternates.push(Alternate {
                    lang: l.code.clone(),
                    hreflang: l.html_lang.clone(),
                    href: urls.permalink(p),
                });
            }
            if i != lang {
                switcher.push(SwitchLink {
                    lang: l.code.clone(),
                    html_lang: l.html_lang.clone(),
                    label: self.tr(i, "language_name"),
                    is_translation: there.is_some(),
                    href: urls.href(&there.unwrap_or_else(|| urls.home(&l.code))),
                });
            }
        }
        let description = if description.is_empty() {
            self.site
                .config
                .language(code)
                .map(|c| c.description.clone())
                .unwrap_or_default()
        } else {
            description
        };
        PageMeta {
            kind,
            lang: code.clone(),
            html_lang: self.langs[lang].html_lang.clone(),
            title,
            description,
            canonical: urls.permalink(&own),
            alternates,
            switcher,
            image: None,
            has_code: false,
            has_charts: false,
        }
    }

    /// Puts page `page` of the stories `list` (as cards with headings at
    /// `card_h`) and its paginator into `ctx`.
    fn paginate(
        &self,
        ctx: &mut super::page_context::PageContext,
        lang: usize,
        (list, card_h): (&[usize], u8),
        page: usize,
        path_of: impl Fn(usize) -> String,
    ) -> Result<(), Diagnostic> {
        let per = self.site.config.paginate;
        let total = self.pages_of(list.len());
        let start = ((page - 1) * per).min(list.len());
        let end = (start + per).min(list.len());
        let cards = self.listed_cards(lang, card_h, &list[start..end])?;
        let urls = &self.site.urls;
        let paginator = Paginator {
            current: page,
            total,
            prev: (page > 1).then(|| urls.href(&path_of(page - 1))),
            next: (page < total).then(|| urls.href(&path_of(page + 1))),
            // Only the pages a paginator shows (the first, the last and those
            // near the current one): listing every page made each of n pages
            // carry n links, quadratic in the number of stories.
            pages: (1..=total)
                .filter(|n| *n == 1 || *n == total || n.abs_diff(page) <= 3)
                .map(|n| PageLink {
                    number: n,
                    href: urls.href(&path_of(n)),
                    current: n == page,
                })
                .collect(),
        };
        ctx.insert("stories", &cards);
        ctx.insert("paginator", &paginator);
        Ok(())
    }

    pub(super) fn page_output(
        &self,
        path: &str,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<Vec<Output>, Diagnostic> {
        self.file_output(&output_file(path), template, ctx)
    }

    fn file_output(&self, file: &str, template: &str, ctx: &tera::Context) -> Result<Vec<Output>, Diagnostic> {
        let bytes = self.templates.render_bytes(template, ctx)?;
        Ok(vec![Output {
            path: file.to_string(),
            data: OutputData::Bytes(bytes),
        }])
    }

    /// The path of the page where a reader of `lang` finds story `i`.
    fn story_path(&self, story: &Story, lang: &str) -> String {
        let v = story.shown(lang);
        self.site.urls.story(&v.lang, &v.fields.slug)
    }

    fn story_card(&self, i: usize, lang: usize) -> StoryCard {
        let site = self.site;
        let urls = &site.urls;
        let code = &self.langs[lang].code;
        let s = &site.stories[i];
        let v = s.shown(code);
        let vi = s.versions.iter().position(|x| x.lang == v.lang).unwrap_or(s.primary);
        let body = &self.content.stories[i][vi];
        let shown_lang = self.lang_index(&v.lang);
        StoryCard {
            title: v.fields.title.clone(),
            href: urls.href(&self.story_path(s, code)),
            date: s.date.display(code),
            date_iso: s.date.rfc3339(),
            summary: v.fields.summary.clone().unwrap_or_else(|| body.summary.clone()),
            lang: v.lang.clone(),
            html_lang: self.langs[shown_lang].html_lang.clone(),
            untranslated: v.lang != *code,
            lang_name: self.tr(shown_lang, "language_name"),
            commands: s
                .commands
                .iter()
                .filter_map(|c| site.command(c))
                .map(|c| {
                    let cv = c.shown(code);
                    Link {
                        label: cv.fields.short_name.clone().unwrap_or_else(|| cv.fields.name.clone()),
                        href: urls.href(&urls.command(&cv.lang, &c.slug, 1)),
                    }
                })
                .collect(),
            sectors: s
                .sectors
                .iter()
                .filter_map(|t| site.sector(t))
                .map(|sec| Link {
                    label: site.pick(&sec.labels, code, &sec.term).to_string(),
                    href: urls.href(&urls.sector(code, &sec.term, 1)),
                })
                .collect(),
            reading_minutes: body.reading_minutes,
            cover: v.fields.cover.as_ref().map(|c| {
                let src = urls.href(&urls.story_asset(&v.lang, &v.fields.slug, &c.file));
                let sources = site.photos.get(&c.source).and_then(|p| Sources::new(p, &src));
                Image {
                    alt: v.fields.cover_alt.clone().unwrap_or_default(),
                    width: sources.as_ref().map(|s| s.width).or(c.width),
                    height: sources.as_ref().map(|s| s.height).or(c.height),
                    src: sources.as_ref().map_or(src, |s| s.src.clone()),
                    sources,
                }
            }),
        }
    }

    fn command_card(&self, i: usize, lang: usize) -> CommandCard {
        let site = self.site;
        let code = &self.langs[lang].code;
        let c = &site.commands[i];
        let v = c.shown(code);
        CommandCard {
            slug: c.slug.clone(),
            href: site.urls.href(&site.urls.command(&v.lang, &c.slug, 1)),
            name: v.fields.name.clone(),
            short_name: v.fields.short_name.clone(),
            origin: v.fields.origin.clone(),
            partner: v.fields.partner.clone(),
            since: c.since,
            batch: c.batch,
            story_count: site.stories_by_command.get(&c.slug).map_or(0, Vec::len),
            lang: v.lang.clone(),
            html_lang: self.langs[self.lang_index(&v.lang)].html_lang.clone(),
            untranslated: v.lang != *code,
        }
    }

    fn sector_card(&self, i: usize, lang: usize) -> SectorCard {
        let site = self.site;
        let code = &self.langs[lang].code;
        let s = &site.sectors[i];
        SectorCard {
            term: s.term.clone(),
            label: site.pick(&s.labels, code, &s.term).to_string(),
            href: site.urls.href(&site.urls.sector(code, &s.term, 1)),
            story_count: site.stories_by_sector.get(&s.term).map_or(0, Vec::len),
        }
    }

    fn figures(&self, story: &Story, lang: &str) -> Vec<FigureData> {
        let extra: Vec<&str> = self.extra_units.iter().map(String::as_str).collect();
        story
            .figures
            .iter()
            .map(|f| FigureData::new(self.site, f, lang, &extra))
            .collect()
    }

    fn story_page(&self, story: usize, version: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &site.urls;
        let s = &site.stories[story];
        let v = &s.versions[version];
        let lang = self.lang_index(&v.lang);
        let body = &self.content.stories[story][version];
        let card = self.story_card(story, lang);
        let mut meta = self.meta("story", lang, v.fields.title.clone(), card.summary.clone(), |l| {
            s.version(l).map(|x| urls.story(l, &x.fields.slug))
        });
        meta.image = self
            .share_image(v)
            .or_else(|| self.story_share_fallback(story, lang, &v.fields.title));
        meta.has_code = body.has_code;
        let mut ctx = self.context(lang, meta)?;
        let updated = s.updated.filter(|u| *u != s.date);
        let data = StoryData {
            content: &body.html,
            source: v.fields.source.clone(),
            author: v.fields.author.clone(),
            updated: updated.map(|u| u.display(&v.lang)),
            updated_iso: updated.map(|u| u.rfc3339()),
            stale: v.fields.stale,
            figures: self.figures(s, &v.lang),
            headings: headings(body),
            card,
        };
        ctx.insert("story", &data);
        let widget = (!s.figures.is_empty()).then(|| self.shared_story_widget(story, lang));
        let embed = widget.as_ref().map(|w| &w.embed);
        ctx.insert("oembed", &Self::oembed_links(&embed.into_iter().collect::<Vec<_>>()));
        ctx.insert("embed", &embed);
        let path = urls.story(&v.lang, &v.fields.slug);
        let mut out = self.page_output(&path, "story.html", &ctx)?;
        if let Some(c) = &v.fields.cover {
            out.extend(self.file_beside(v, &c.file, &c.source));
        }
        // Files the body links to, at the path the link leads to from this page.
        for a in &v.fields.assets {
            out.extend(self.file_beside(v, &a.path, &a.source));
        }
        Ok(out)
    }

    /// The picture a link to story version `v` shows: its cover's largest
    /// fallback variant (a GIF or SVG cover as it is).
    fn share_image(
        &self,
        v: &crate::model::Translation<crate::model::StoryText>,
    ) -> Option<super::context::ShareImage> {
        let c = v.fields.cover.as_ref()?;
        let urls = &self.site.urls;
        let (file, width, height) = match self.site.photos.get(&c.source) {
            Some(photo) => {
                let largest = photo.largest(photo.manifest.fallback)?;
                let stem = c.file.rsplit_once('.').map_or(c.file.as_str(), |(s, _)| s);
                (
                    format!("{stem}-{}.{}", largest.width, largest.format.ext()),
                    largest.width,
                    largest.height,
                )
            }
            None => (c.file.clone(), c.width?, c.height?),
        };
        Some(super::context::ShareImage {
            url: urls.permalink(&urls.story_asset(&v.lang, &v.fields.slug, &file)),
            width,
            height,
            alt: v.fields.cover_alt.clone().unwrap_or_default(),
        })
    }

    /// The `og:image` of a story page without a cover: the story's own share
    /// image when it has one, else that of its command's figures of the
    /// year (its figures' year, else the year of its date), when there are any.
    fn story_share_fallback(&self, story: usize, li: usize, title: &str) -> Option<super::context::ShareImage> {
        let site = self.site;
        let s = &site.stories[story];
        let code = &self.langs[li].code;
        if self.story_shares(story) {
            let v = s.shown(code);
            return Some(self.share_meta(&site.urls.story(&v.lang, &v.fields.slug), title.to_string()));
        }
        let (slug, year) = match site.figures.story_rows(story).first() {
            Some(r) => (r.command.as_str(), r.year),
            None => (s.commands.first()?.as_str(), s.date.year()),
        };
        let command = site.commands.binary_search_by(|c| c.slug.as_str().cmp(slug)).ok()?;
        if !self.command_year_rows.contains_key(&(command, year)) {
            return None;
        }
        let dir = site.urls.embed_command_year(code, slug, year);
        let alt = format!(
            "{} · {}",
            self.command_name(slug, code).0,
            self.tr(li, "figure_year").replace("{year}", &year.to_string())
        );
        Some(self.share_meta(&dir, alt))
    }

    /// A file beside the page of story version `v`, at `path` relative to
    /// it: a photo's variants (the largest also at `path` itself), or the
    /// file as it is.
    fn file_beside(
        &self,
        v: &crate::model::Translation<crate::model::StoryText>,
        path: &str,
        source: &std::path::Path,
    ) -> Vec<Output> {
        let urls = &self.site.urls;
        let at = |p: &str| output_file(&urls.story_asset(&v.lang, &v.fields.slug, p));
        match self.site.photos.get(source) {
            Some(photo) => photo
                .outputs(path)
                .into_iter()
                .map(|(p, variant)| Output {
                    path: at(&p),
                    data: match &variant.data {
                        crate::photo::VariantData::Encoded(bytes) => OutputData::Bytes(bytes.to_vec()),
                        crate::photo::VariantData::Cached(file) => OutputData::Copy(FileSource::Disk(file.clone())),
                    },
                })
                .collect(),
            None => vec![Output {
                path: at(path),
                data: OutputData::Copy(FileSource::Disk(source.to_path_buf())),
            }],
        }
    }

    fn feed(&self, lang: usize) -> Result<Vec<Output>, Diagnostic> {
        let site = self.site;
        let urls = &site.urls;
        let code = &self.langs[lang].code;
        let cfg = site.config.language(code);
        let entries: Vec<FeedEntry> = site
            .stories
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.versions.iter().position(|v| &v.lang == code).map(|vi| (i, s, vi)))
            .take(20)
            .map(|(i, s, vi)| {
                let v = &s.versions[vi];
                let body = &self.content.stories[i][vi];
                FeedEntry {
                    title: v.fields.title.clone(),
                    url: urls.permalink(&urls.story(code, &v.fields.slug)),
                    published: s.date.rfc3339(),
                    updated: s.updated.unwrap_or(s.date).max(v.fields.revised).rfc3339(),
                    summary: v.fields.summary.clone().unwrap_or_else(|| body.summary.clone()),
                    author: v.fields.author.clone(),
                    content: &body.html,
                }
            })
            .collect();
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
        let feed = Feed {
            title: cfg.map(|c| c.title.clone()).unwrap_or_default(),
            subtitle: cfg.map(|c| c.description.clone()).unwrap_or_default(),
            lang: self.langs[lang].html_lang.clone(),
            self_url: urls.permalink(&urls.feed(code)),
            home_url: urls.permalink(&urls.home(code)),
            updated,
            entries,
        };
        let mut ctx = tera::Context::new();
        ctx.insert("feed", &feed);
        ctx.insert("t", &self.langs[lang].t);
        self.file_output(&output_file(&urls.feed(code)), "atom.xml", &ctx)
    }

    fn sitemap(&self) -> Vec<SitemapUrl> {
        let site = self.site;
        let urls = &site.urls;
        let codes: Vec<String> = self.langs.iter().map(|l| l.code.clone()).collect();
        let mut out = Vec::new();
        let mut add = |paths: Vec<(String, String)>, lastmod: Option<String>| {
            let alternates: Vec<Alternate> = paths
                .iter()
                .map(|(l, p)| Alternate {
                    lang: l.clone(),
                    hreflang: self.langs[self.lang_index(l)].html_lang.clone(),
                    href: urls.permalink(p),
                })
                .collect();
            for (_, p) in &paths {
                out.push(SitemapUrl {
                    loc: urls.permalink(p),
                    lastmod: lastmod.clone(),
                    alternates: if paths.len() > 1 {
                        alternates.clone()
                    } else {
                        Vec::new()
                    },
                });
            }
        };
        let every = |f: &dyn Fn(&str) -> String| codes.iter().map(|c| (c.clone(), f(c))).collect::<Vec<_>>();
        add(every(&|l| urls.home(l)), site.stories.first().map(|s| s.date.ymd()));
        add(every(&|l| urls.stories(l, 1)), None);
        add(every(&|l| urls.commands(l)), None);
        add(every(&|l| urls.sectors(l)), None);
        add(every(&|l| urls.figures(l)), None);
        for year in site.figures.years() {
            add(every(&|l| urls.figures_year(l, year)), None);
        }
        for s in &site.sectors {
            add(every(&|l| urls.sector(l, &s.term, 1)), None);
        }
        for c in &site.commands {
            add(
                c.versions
                    .iter()
                    .map(|v| (v.lang.clone(), urls.command(&v.lang, &c.slug, 1)))
                    .collect(),
                None,
            );
        }
        for s in &site.stories {
            let lastmod = Some(s.updated.unwrap_or(s.date).ymd());
            add(
                s.versions
                    .iter()
                    .map(|v| (v.lang.clone(), urls.story(&v.lang, &v.fields.slug)))
                    .collect(),
                lastmod,
            );
        }
        for p in &site.pages {
            add(
                p.versions
                    .iter()
                    .map(|v| (v.lang.clone(), urls.page(&v.lang, &p.slug)))
                    .collect(),
                None,
            );
        }
        out
    }
}

fn headings(body: &super::markdown::RenderedMarkdown) -> Vec<HeadingData> {
    body.headings
        .iter()
        .map(|h| HeadingData {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect()
}
