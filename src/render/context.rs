//! The data templates receive. Every template gets `site` ([`SiteData`]),
//! `page` ([`PageMeta`]), `t` (UI strings of the page's language, with the
//! default language's strings filling gaps), `nav_html` and `footer_html`
//! (trusted HTML for `| safe`: `partials/site_nav.html` and
//! `partials/site_footer.html` rendered once per language and current
//! navigation entry, see [`super::site_context`]), plus what its kind of
//! page lists:
//!
//! | template | extra variables |
//! | --- | --- |
//! | `index.html` | `stories` (the latest, as listed cards), `commands` ([`CommandCard`]s), `all_stories_href` |
//! | `stories.html` | `stories` (listed cards), `paginator` ([`Paginator`]) |
//! | `story.html` | `story` ([`StoryData`]) |
//! | `commands.html` | `commands` |
//! | `command.html` | `command` ([`CommandData`]), `stories`, `paginator`, `figures` ([`IndicatorChart`]s: the command's series) |
//! | `sectors.html` | `sectors` ([`SectorCard`]s) |
//! | `sector.html` | `sector` ([`SectorCard`]), `stories`, `paginator` |
//! | `page.html` | `content` (HTML), `headings` |
//! | `figures.html` | `overview` ([`FiguresOverview`]) |
//! | `figures_year.html` | `year` ([`FiguresYearData`]) |
//! | `widgets/*.html` | see [`super::widget_context`] (also for `embed`, `embeds` and `oembed` on pages) |
//! | `shortcodes/figure.html` | `figure` ([`ShortcodeFigure`]), `t`, `lang` (no `site`, `page`) |
//! | `shortcodes/figures.html` | `figures` ([`FigureData`]s of the story), `t`, `lang` |
//! | `search.html` | `search` ([`SearchData`]) |
//! | `404.html` | `homes` ([`Link`]s to every language's home) |
//! | `atom.xml` | `feed` ([`Feed`]) |
//! | `sitemap.xml` | `urls` ([`SitemapUrl`]s) |
//! | `robots.txt` | `sitemap_url` |
//! | `partials/story_card.html` | `card` ([`StoryCard`]), `card_h` (2 or 3), `t`, `lang` (no `site`, `page`) |
//! | `partials/site_nav.html`, `partials/site_footer.html` | `site`, `t` (no `page`) |
//!
//! **Listed cards.** The `stories` of `index.html`, `stories.html`,
//! `command.html` and `sector.html` are [`StoryCard`]s with one more field,
//! `html`: the card as `partials/story_card.html` renders it, with `card_h` =
//! 3 on the home and command pages and 2 on the stories and sector listings.
//! shudu renders each card once per language and level, and the listings
//! write it with `{{ card.html | safe }}` (a story is listed on several
//! pages; rendering it on each was a third of a build). A theme that wants
//! other cards overrides `partials/story_card.html`; the card's fields are
//! there too (`card.title`…), for a listing that draws its own.
//!
//! All `href`s are ready to use (they include the base URL's path); `canonical`
//! and feed/sitemap URLs are absolute. Text is plain: templates escape it
//! (tera's autoescape), except fields named `content`, which are sanitised HTML.
//!
//! Templates see only this data: tera's `get_env` is replaced by a function
//! that fails, so a theme cannot copy an environment variable (a CI secret)
//! into the site.

use serde::Serialize;

/// The site as seen from one language.
#[derive(Debug, Serialize)]
pub struct SiteData<'a> {
    /// Site title in the page's language.
    pub title: &'a str,
    pub description: &'a str,
    /// Absolute base URL, no trailing slash.
    pub base_url: &'a str,
    /// Link to this language's home.
    pub home_href: String,
    pub default_language: &'a str,
    /// Main navigation for this language.
    pub nav: Vec<NavLink>,
    /// This language's Atom feed (link).
    pub feed_href: String,
    /// Link prefix of static files (`/` or `/aid/`): `{{ site.static_href }}css/site.css`.
    pub static_href: String,
    /// This language's search page (the header's search form goes there),
    /// or none when `search: false`.
    pub search_href: Option<String>,
}

/// `search.html`: the search page of one language, and what its script
/// needs to read the index beside it (see [`crate::search`]).
#[derive(Debug, Serialize)]
pub struct SearchData {
    /// The page's own link: the form's `action`.
    pub action: String,
    /// Link of the script (`js/search.js`).
    pub script_href: String,
    /// Shards of the term index (`t<n>.json`), a power of two.
    pub shards: usize,
    /// Documents per `d<n>.json` file.
    pub chunk: usize,
    /// Documents indexed.
    pub docs: usize,
    /// A hash of the index files, added to their URLs.
    pub version: String,
    /// Filter choices: `value` is what the index knows (`c:<slug>`…).
    pub commands: Vec<SearchOption>,
    pub sectors: Vec<SearchOption>,
    pub years: Vec<SearchOption>,
    /// Listings to browse instead (shown without JavaScript).
    pub listings: Vec<Link>,
}

/// One choice of a search filter.
#[derive(Debug, Serialize)]
pub struct SearchOption {
    /// The query parameter's value (a command slug, sector term or year).
    pub value: String,
    pub label: String,
}

/// An entry of the main navigation.
#[derive(Debug, Serialize)]
pub struct NavLink {
    pub label: String,
    pub href: String,
    /// The page is this section or inside it.
    pub current: bool,
}

/// A value of one year, formatted.
#[derive(Debug, Serialize, Clone)]
pub struct YearValue {
    pub year: i32,
    pub value: String,
}

/// A link with its text.
#[derive(Debug, Serialize, Clone)]
pub struct Link {
    pub label: String,
    pub href: String,
}

/// About the page being rendered.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// `home`, `stories`, `story`, `commands`, `command`, `sectors`, `sector`, `page`, `404`.
    pub kind: &'static str,
    /// Language code of the page (`zh`).
    pub lang: String,
    /// Value for `<html lang>` (`zh-Hans`).
    pub html_lang: String,
    /// The page's own title (templates add the site title).
    pub title: String,
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// One per language the page exists in (including its own), absolute.
    pub alternates: Vec<Alternate>,
    /// The language switcher: every other language, leading to this page's
    /// translation where it exists, else to that language's home.
    pub switcher: Vec<SwitchLink>,
    /// The picture shared with a link to the page (`og:image`), if it has one.
    pub image: Option<ShareImage>,
    /// Whether the page shows highlighted code (`base.html` then links
    /// `highlight.css`).
    pub has_code: bool,
    /// Whether the page shows charts or their tables (`base.html` then links
    /// `charts.css`).
    pub has_charts: bool,
}

/// The picture of a page for link previews (`og:image`, `twitter:image`).
#[derive(Debug, Serialize, Clone)]
pub struct ShareImage {
    /// Absolute URL.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// `<link rel="alternate" hreflang>`.
#[derive(Debug, Serialize, Clone)]
pub struct Alternate {
    pub lang: String,
    pub hreflang: String,
    pub href: String,
}

/// An entry of the language switcher.
#[derive(Debug, Serialize)]
pub struct SwitchLink {
    pub lang: String,
    pub html_lang: String,
    /// The language's name in itself (`中文`, `English`).
    pub label: String,
    pub href: String,
    /// True when `href` is this page's translation, false when it is that language's home.
    pub is_translation: bool,
}

/// A story in a listing.
#[derive(Debug, Serialize)]
pub struct StoryCard {
    pub title: String,
    pub href: String,
    /// Date in the page's language (`2022年4月15日`, `15 April 2022`).
    pub date: String,
    /// RFC 3339, for `<time datetime>`.
    pub date_iso: String,
    pub summary: String,
    /// Language of the version shown.
    pub lang: String,
    pub html_lang: String,
    /// True when the story has no version in the page's language and is shown in `lang`.
    pub untranslated: bool,
    /// Name of `lang` in the page's language, for the "untranslated" mark.
    pub lang_name: String,
    pub commands: Vec<Link>,
    pub sectors: Vec<Link>,
    pub reading_minutes: u32,
    pub cover: Option<Image>,
}

/// A story card as listings hand it to templates: the card's fields and
/// `html`, the card as `partials/story_card.html` renders it (see the
/// module's notes on listed cards).
#[derive(Debug, Serialize)]
pub(crate) struct ListedCard<'a> {
    #[serde(flatten)]
    pub(crate) card: &'a StoryCard,
    pub(crate) html: &'a str,
}

/// An image with its text alternative and size.
#[derive(Debug, Serialize, Clone)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The responsive sources of a photo (`<picture>`); `None` for a GIF or SVG.
    pub sources: Option<super::pictures::Sources>,
}

/// A story page.
#[derive(Debug, Serialize)]
pub struct StoryData<'a> {
    #[serde(flatten)]
    pub card: StoryCard,
    /// Sanitised HTML body (lent by the rendered content, not copied).
    pub content: &'a str,
    pub source: Option<String>,
    pub author: Option<String>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    /// The translation is older than its source's last revision.
    pub stale: bool,
    /// The 数读 panel.
    pub figures: Vec<FigureData>,
    pub headings: Vec<HeadingData>,
}

/// A heading of the body, for a table of contents.
#[derive(Debug, Serialize, Clone)]
pub struct HeadingData {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// One figure of a 数读 panel, ready to show.
#[derive(Debug, Serialize)]
pub struct FigureData {
    pub key: Option<String>,
    /// Label in the page's language (CONTENT.md's fallbacks applied).
    pub label: String,
    /// The value in the page's language's convention (`3.2186亿元`, `CNY 321.86 million`).
    pub value: String,
    /// The value and unit exactly as written (`3.2186亿元`).
    pub as_written: String,
    pub year: i32,
    pub note: Option<String>,
}

impl FigureData {
    /// A figure of a story, formatted for `lang`; `extra_units` are the
    /// registry's base units (known besides CONTENT.md's list).
    pub fn new(site: &crate::model::Site, f: &crate::model::Figure, lang: &str, extra_units: &[&str]) -> FigureData {
        FigureData {
            key: f.key.clone(),
            label: f.label(lang, site.default_lang(), &site.indicators).to_string(),
            value: crate::figures::format::format_figure(lang, &f.number, f.unit.as_deref(), extra_units),
            as_written: format!("{}{}", f.number.text, f.unit.as_deref().unwrap_or("")),
            year: f.year,
            note: f.note.clone(),
        }
    }
}

/// `{{ figure(key=…) }}` in a story body: one stat card.
#[derive(Debug, Serialize)]
pub struct ShortcodeFigure {
    #[serde(flatten)]
    pub figure: FigureData,
    /// The command the figure is counted for.
    pub command: Link,
    /// The story the figure comes from (in the page's language where it exists).
    pub source: Link,
    /// The figure is one of this story's own.
    pub from_this_story: bool,
}

/// A command in a listing.
#[derive(Debug, Serialize)]
pub struct CommandCard {
    pub slug: String,
    pub href: String,
    pub name: String,
    pub short_name: Option<String>,
    pub origin: Option<String>,
    pub partner: Option<String>,
    pub since: Option<i64>,
    pub batch: Option<i64>,
    pub story_count: usize,
    pub lang: String,
    pub html_lang: String,
    /// No version in the page's language: shown in `lang`.
    pub untranslated: bool,
}

/// A command's own page.
#[derive(Debug, Serialize)]
pub struct CommandData<'a> {
    #[serde(flatten)]
    pub card: CommandCard,
    /// Sanitised HTML introduction (lent, not copied).
    pub content: &'a str,
}

/// A sector with its label and story count.
#[derive(Debug, Serialize)]
pub struct SectorCard {
    pub term: String,
    pub label: String,
    pub href: String,
    pub story_count: usize,
}

/// Pagination of a listing.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// 1-based.
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first page, the last, and those within 3 of the current one (a
    /// theme shows ±2 and marks a gap at ±3).
    pub pages: Vec<PageLink>,
}

/// A numbered link of a paginator.
#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

/// An Atom feed.
#[derive(Debug, Serialize)]
pub struct Feed<'a> {
    pub title: String,
    pub subtitle: String,
    pub lang: String,
    /// Absolute URL of the feed itself.
    pub self_url: String,
    /// Absolute URL of the language's home.
    pub home_url: String,
    /// RFC 3339 of the newest entry (not the build time, so output is reproducible).
    pub updated: String,
    pub entries: Vec<FeedEntry<'a>>,
}

/// An entry of a feed.
#[derive(Debug, Serialize)]
pub struct FeedEntry<'a> {
    pub title: String,
    pub url: String,
    pub published: String,
    pub updated: String,
    pub summary: String,
    pub author: Option<String>,
    /// Sanitised HTML body (templates escape it into the feed; lent, not copied).
    pub content: &'a str,
}

/// A URL of the sitemap with its language alternates.
#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    /// `YYYY-MM-DD`, where known.
    pub lastmod: Option<String>,
    pub alternates: Vec<Alternate>,
}

/// `/figures/` (`figures.html`): every year with its headline totals, and each
/// indicator's series across years. Variables: `overview`.
#[derive(Debug, Serialize)]
pub struct FiguresOverview {
    /// Newest first.
    pub years: Vec<YearSummary>,
    pub indicators: Vec<IndicatorChart>,
}

/// A year on the overview.
#[derive(Debug, Serialize)]
pub struct YearSummary {
    pub year: i32,
    pub href: String,
    /// Headline totals: indicators that add up across commands.
    pub headlines: Vec<Headline>,
    /// How many commands report figures that year.
    pub command_count: usize,
}

/// A total for one indicator and year.
#[derive(Debug, Serialize)]
pub struct Headline {
    pub key: String,
    pub label: String,
    /// Formatted total in the page's language (`4.1256亿元`, `CNY 412.56 million`).
    pub total: String,
    /// Number of commands added up.
    pub commands: usize,
}

/// An indicator drawn as a chart, with the same numbers as a table.
#[derive(Debug, Serialize)]
pub struct IndicatorChart {
    pub key: String,
    pub label: String,
    /// Number of years in the series (a one-year series is better shown as a row of a table).
    pub points: usize,
    /// The newest year and its value, formatted.
    pub last: YearValue,
    /// Inline SVG (trusted, generated): output with `| safe`.
    pub chart: String,
    /// Accessible HTML table of the same data (trusted, generated): `| safe`.
    pub table: String,
    /// The indicator's widget (on the figures overview), else none.
    pub embed: Option<super::widget_context::EmbedData>,
}

/// `/figures/<year>/` (`figures_year.html`): variables `year` ([`FiguresYearData`]).
#[derive(Debug, Serialize)]
pub struct FiguresYearData {
    pub year: i32,
    /// Indicators whose aggregate is `sum`: total across commands and a bar chart by command.
    pub totals: Vec<IndicatorYear>,
    /// Each command's figures of the year, linked to their stories.
    pub commands: Vec<CommandYear>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub overview_href: String,
}

/// One indicator in one year.
#[derive(Debug, Serialize)]
pub struct IndicatorYear {
    pub key: String,
    pub label: String,
    /// The exact total, formatted; `None` when the values cannot be added.
    pub total: Option<String>,
    /// The commands reporting it (the bars of the chart).
    pub commands: Vec<Link>,
    pub chart: String,
    pub table: String,
    /// The indicator's widget.
    pub embed: Option<super::widget_context::EmbedData>,
}

/// A command's figures in one year.
#[derive(Debug, Serialize)]
pub struct CommandYear {
    pub slug: String,
    pub name: String,
    pub href: String,
    pub figures: Vec<FigureLink>,
    /// The command's widget for the year.
    pub embed: Option<super::widget_context::EmbedData>,
}

/// A figure linked to the story it comes from.
#[derive(Debug, Serialize)]
pub struct FigureLink {
    pub key: Option<String>,
    pub label: String,
    pub value: String,
    pub note: Option<String>,
    pub story_title: String,
    pub story_href: String,
}
