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
//! Templates see only this data: tera 2 has no `get_env` (tera 1 had), and
//! shudu names one that fails, so a theme cannot copy an environment
//! variable (a CI secret) into the site.

use serde::Serialize;

/// The site as seen from one language.
#[derive(Debug, Serialize)]
pub(crate) struct SiteData<'a> {
    /// Site title in the page's language.
    pub(crate) title: &'a str,
    /// Site description in the page's language (`site.yaml`), for `<meta name="description">`
    /// when the page has none of its own.
    pub(crate) description: &'a str,
    /// Absolute base URL, no trailing slash.
    pub(crate) base_url: &'a str,
    /// Link to this language's home.
    pub(crate) home_href: String,
    /// Code of the site's default language (`zh`).
    pub(crate) default_language: &'a str,
    /// Main navigation for this language.
    pub(crate) nav: Vec<NavLink>,
    /// This language's Atom feed (link).
    pub(crate) feed_href: String,
    /// Link prefix of static files (`/` or `/aid/`): `{{ site.static_href }}css/site.css`.
    pub(crate) static_href: String,
    /// This language's search page (the header's search form goes there),
    /// or none when `search: false`.
    pub(crate) search_href: Option<String>,
}

/// `search.html`: the search page of one language, and what its script
/// needs to read the index beside it (see [`crate::search`]).
#[derive(Debug, Serialize)]
pub(crate) struct SearchData {
    /// The page's own link: the form's `action`.
    pub(crate) action: String,
    /// Link of the script (`js/search.js`).
    pub(crate) script_href: String,
    /// Shards of the term index (`t<n>.json`), a power of two.
    pub(crate) shards: usize,
    /// Documents per `d<n>.json` file.
    pub(crate) chunk: usize,
    /// Documents indexed.
    pub(crate) docs: usize,
    /// A hash of the index files, added to their URLs.
    pub(crate) version: String,
    /// Filter choices: `value` is what the index knows (`c:<slug>`…).
    pub(crate) commands: Vec<SearchOption>,
    /// The sectors (`value`: the term), in `site.yaml`'s order.
    pub(crate) sectors: Vec<SearchOption>,
    /// The years of stories or figures (`value`: the year), newest first.
    pub(crate) years: Vec<SearchOption>,
    /// Listings to browse instead (shown without JavaScript).
    pub(crate) listings: Vec<Link>,
}

/// One choice of a search filter.
#[derive(Debug, Serialize)]
pub(crate) struct SearchOption {
    /// The query parameter's value (a command slug, sector term or year).
    pub(crate) value: String,
    /// What the option shows: the command's short name, the sector's name,
    /// the year.
    pub(crate) label: String,
}

/// An entry of the main navigation.
#[derive(Debug, Serialize)]
pub(crate) struct NavLink {
    /// The entry's text in the page's language.
    pub(crate) label: String,
    /// Link (URL path with the base URL's path).
    pub(crate) href: String,
    /// The page is this section or inside it.
    pub(crate) current: bool,
}

/// A value of one year, formatted.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct YearValue {
    /// The year (`2022`).
    pub(crate) year: i32,
    /// The value in the page's language's convention (`3.2186亿元`).
    pub(crate) value: String,
}

/// A link with its text.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct Link {
    /// The link's text (plain).
    pub(crate) label: String,
    /// Link: a URL path with the base URL's path, or an absolute URL where
    /// the field that holds it says so.
    pub(crate) href: String,
}

/// About the page being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct PageMeta {
    /// `home`, `stories`, `story`, `commands`, `command`, `sectors`, `sector`, `page`, `404`.
    pub(crate) kind: &'static str,
    /// Language code of the page (`zh`).
    pub(crate) lang: String,
    /// Value for `<html lang>` (`zh-Hans`).
    pub(crate) html_lang: String,
    /// The page's own title (templates add the site title).
    pub(crate) title: String,
    /// For `<meta name="description">`: the page's summary, else the site's
    /// description.
    pub(crate) description: String,
    /// Absolute canonical URL.
    pub(crate) canonical: String,
    /// One per language the page exists in (including its own), absolute.
    pub(crate) alternates: Vec<Alternate>,
    /// The language switcher: every other language, leading to this page's
    /// translation where it exists, else to that language's home.
    pub(crate) switcher: Vec<SwitchLink>,
    /// The picture shared with a link to the page (`og:image`), if it has one.
    pub(crate) image: Option<ShareImage>,
    /// Whether the page shows highlighted code (`base.html` then links
    /// `highlight.css`).
    pub(crate) has_code: bool,
    /// Whether the page shows charts or their tables (`base.html` then links
    /// `charts.css`).
    pub(crate) has_charts: bool,
}

/// The picture of a page for link previews (`og:image`, `twitter:image`).
#[derive(Debug, Serialize, Clone)]
pub(crate) struct ShareImage {
    /// Absolute URL.
    pub(crate) url: String,
    /// Width in pixels.
    pub(crate) width: u32,
    /// Height in pixels.
    pub(crate) height: u32,
    /// Text alternative (may be empty).
    pub(crate) alt: String,
}

/// `<link rel="alternate" hreflang>`.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct Alternate {
    /// Language code (`zh`).
    pub(crate) lang: String,
    /// Value for `hreflang` (`zh-Hans`).
    pub(crate) hreflang: String,
    /// Absolute URL of the page in that language.
    pub(crate) href: String,
}

/// An entry of the language switcher.
#[derive(Debug, Serialize)]
pub(crate) struct SwitchLink {
    /// Language code (`en`).
    pub(crate) lang: String,
    /// Value for `lang`/`hreflang` on the link (`en-GB`).
    pub(crate) html_lang: String,
    /// The language's name in itself (`中文`, `English`).
    pub(crate) label: String,
    /// Link (URL path with the base URL's path).
    pub(crate) href: String,
    /// True when `href` is this page's translation, false when it is that language's home.
    pub(crate) is_translation: bool,
}

/// A story in a listing.
#[derive(Debug, Serialize)]
pub(crate) struct StoryCard {
    /// Title in the shown version's language.
    pub(crate) title: String,
    /// Link to the story page.
    pub(crate) href: String,
    /// Date in the page's language (`2022年4月15日`, `15 April 2022`).
    pub(crate) date: String,
    /// RFC 3339, for `<time datetime>`.
    pub(crate) date_iso: String,
    /// Plain-text summary: the front matter's `summary`, else the body's
    /// first sentences.
    pub(crate) summary: String,
    /// Language of the version shown.
    pub(crate) lang: String,
    /// Value for `lang` on the card (`zh-Hans`), that of the version shown.
    pub(crate) html_lang: String,
    /// True when the story has no version in the page's language and is shown in `lang`.
    pub(crate) untranslated: bool,
    /// Name of `lang` in the page's language, for the "untranslated" mark.
    pub(crate) lang_name: String,
    /// The story's commands (short names), linked to their pages.
    pub(crate) commands: Vec<Link>,
    /// The story's sectors (names in the page's language), linked to their listings.
    pub(crate) sectors: Vec<Link>,
    /// Minutes to read the body (at least 1).
    pub(crate) reading_minutes: u32,
    /// The cover picture, if the story has one.
    pub(crate) cover: Option<Image>,
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
pub(crate) struct Image {
    /// Link to the image file (for a photo, the largest size of its JPEG or PNG
    /// fallback).
    pub(crate) src: String,
    /// Text alternative (`cover_alt`; may be empty).
    pub(crate) alt: String,
    /// Width in pixels, when known.
    pub(crate) width: Option<u32>,
    /// Height in pixels, when known.
    pub(crate) height: Option<u32>,
    /// The responsive sources of a photo (`<picture>`); `None` for a GIF or SVG.
    pub(crate) sources: Option<super::pictures::Sources>,
}

/// A story page.
#[derive(Debug, Serialize)]
pub(crate) struct StoryData<'a> {
    /// The card's fields, at the top level (`story.title`, `story.date`…).
    #[serde(flatten)]
    pub(crate) card: StoryCard,
    /// Sanitised HTML body (lent by the rendered content, not copied).
    pub(crate) content: &'a str,
    /// Where the story first ran (`source`: a paper or site's name), if given.
    pub(crate) source: Option<String>,
    /// The author's name, if given.
    pub(crate) author: Option<String>,
    /// Date of the last real revision (`updated`) in the page's language, if any.
    pub(crate) updated: Option<String>,
    /// The same date, RFC 3339, for `<time datetime>`.
    pub(crate) updated_iso: Option<String>,
    /// The translation is older than its source's last revision.
    pub(crate) stale: bool,
    /// The 数读 panel.
    pub(crate) figures: Vec<FigureData>,
    /// The body's headings, in order, for a table of contents.
    pub(crate) headings: Vec<HeadingData>,
}

/// A heading of the body, for a table of contents.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct HeadingData {
    /// 1 to 6, as in `<h1>`…`<h6>`.
    pub(crate) level: u8,
    /// The heading's `id` (link to it with `#id`).
    pub(crate) id: String,
    /// The heading's text (plain).
    pub(crate) text: String,
}

/// One figure of a 数读 panel, ready to show.
#[derive(Debug, Serialize)]
pub(crate) struct FigureData {
    /// The indicator key (`data/indicators.yaml`), when the figure has one.
    pub(crate) key: Option<String>,
    /// Label in the page's language (the fallbacks of docs/content.md applied).
    pub(crate) label: String,
    /// The value in the page's language's convention (`3.2186亿元`, `CNY 321.86 million`).
    pub(crate) value: String,
    /// The value and unit exactly as written (`3.2186亿元`).
    pub(crate) as_written: String,
    /// The year the figure is for.
    pub(crate) year: i32,
    /// The figure's `note`, as written in the story's primary file, if any.
    pub(crate) note: Option<String>,
}

impl FigureData {
    /// A figure of a story, formatted for `lang`; `extra_units` are the
    /// registry's base units (known besides the list in docs/content.md).
    pub(crate) fn new(
        site: &crate::model::Site,
        f: &crate::model::Figure,
        lang: &str,
        extra_units: &[&str],
    ) -> FigureData {
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
pub(crate) struct ShortcodeFigure {
    /// The figure's fields, at the top level (`figure.label`, `figure.value`…).
    #[serde(flatten)]
    pub(crate) figure: FigureData,
    /// The command the figure is counted for.
    pub(crate) command: Link,
    /// The story the figure comes from (in the page's language where it exists).
    pub(crate) source: Link,
    /// The figure is one of this story's own.
    pub(crate) from_this_story: bool,
}

/// A command in a listing.
#[derive(Debug, Serialize)]
pub(crate) struct CommandCard {
    /// The command's slug (`taizhou`), the same in every language.
    pub(crate) slug: String,
    /// Link to the command's page.
    pub(crate) href: String,
    /// Full name in the shown version's language.
    pub(crate) name: String,
    /// Name for where space is short (`台州`), if given.
    pub(crate) short_name: Option<String>,
    /// The province or city that sends the aid, if given.
    pub(crate) origin: Option<String>,
    /// The place it is paired with, if given.
    pub(crate) partner: Option<String>,
    /// First year of the pairing, if given.
    pub(crate) since: Option<i64>,
    /// The batch of cadres now in post (`10` for 第十批), if given.
    pub(crate) batch: Option<i64>,
    /// Stories of the command in this build.
    pub(crate) story_count: usize,
    /// Language of the version shown.
    pub(crate) lang: String,
    /// Value for `lang` on the card (`zh-Hans`), that of the version shown.
    pub(crate) html_lang: String,
    /// No version in the page's language: shown in `lang`.
    pub(crate) untranslated: bool,
}

/// A command's own page.
#[derive(Debug, Serialize)]
pub(crate) struct CommandData<'a> {
    /// The card's fields, at the top level (`command.name`, `command.origin`…).
    #[serde(flatten)]
    pub(crate) card: CommandCard,
    /// Sanitised HTML introduction (lent, not copied).
    pub(crate) content: &'a str,
}

/// A sector with its label and story count.
#[derive(Debug, Serialize)]
pub(crate) struct SectorCard {
    /// The sector's term (`education`): a slug, the same in every language.
    pub(crate) term: String,
    /// The sector's name in the page's language.
    pub(crate) label: String,
    /// Link to the sector's listing.
    pub(crate) href: String,
    /// Stories in the sector in this build.
    pub(crate) story_count: usize,
}

/// Pagination of a listing.
#[derive(Debug, Serialize)]
pub(crate) struct Paginator {
    /// Number of the page shown, 1-based.
    pub(crate) current: usize,
    /// Number of pages.
    pub(crate) total: usize,
    /// Link to the previous page; none on the first.
    pub(crate) prev: Option<String>,
    /// Link to the next page; none on the last.
    pub(crate) next: Option<String>,
    /// The first page, the last, and those within 3 of the current one (a
    /// theme shows ±2 and marks a gap at ±3).
    pub(crate) pages: Vec<PageLink>,
}

/// A numbered link of a paginator.
#[derive(Debug, Serialize)]
pub(crate) struct PageLink {
    /// The page's number, 1-based.
    pub(crate) number: usize,
    /// Link to it.
    pub(crate) href: String,
    /// It is the page shown.
    pub(crate) current: bool,
}

/// An Atom feed.
#[derive(Debug, Serialize)]
pub(crate) struct Feed<'a> {
    /// The site's title in the feed's language.
    pub(crate) title: String,
    /// The site's description in the feed's language.
    pub(crate) subtitle: String,
    /// Value for `xml:lang` (`zh-Hans`).
    pub(crate) lang: String,
    /// Absolute URL of the feed itself.
    pub(crate) self_url: String,
    /// Absolute URL of the language's home.
    pub(crate) home_url: String,
    /// RFC 3339 of the newest entry (not the build time, so output is reproducible).
    pub(crate) updated: String,
    /// The 20 newest stories that have a version in the feed's language.
    pub(crate) entries: Vec<FeedEntry<'a>>,
}

/// An entry of a feed.
#[derive(Debug, Serialize)]
pub(crate) struct FeedEntry<'a> {
    /// The story's title.
    pub(crate) title: String,
    /// Absolute URL of the story page.
    pub(crate) url: String,
    /// The story's date, RFC 3339.
    pub(crate) published: String,
    /// The latest of its date, `updated` and this version's own revision, RFC 3339.
    pub(crate) updated: String,
    /// Plain-text summary.
    pub(crate) summary: String,
    /// The author's name, if given.
    pub(crate) author: Option<String>,
    /// Sanitised HTML body (templates escape it into the feed; lent, not copied).
    pub(crate) content: &'a str,
}

/// A URL of the sitemap with its language alternates.
#[derive(Debug, Serialize)]
pub(crate) struct SitemapUrl {
    /// Absolute URL of the page.
    pub(crate) loc: String,
    /// `YYYY-MM-DD`, where known.
    pub(crate) lastmod: Option<String>,
    /// The page in every language it exists in (empty when only one).
    pub(crate) alternates: Vec<Alternate>,
}

/// `/figures/` (`figures.html`): every year with its headline totals, and each
/// indicator's series across years. Variables: `overview`.
#[derive(Debug, Serialize)]
pub(crate) struct FiguresOverview {
    /// Newest first.
    pub(crate) years: Vec<YearSummary>,
    /// Every indicator with figures, its series across years.
    pub(crate) indicators: Vec<IndicatorChart>,
}

/// A year on the overview.
#[derive(Debug, Serialize)]
pub(crate) struct YearSummary {
    /// The year.
    pub(crate) year: i32,
    /// Link to the year's page (`/figures/<year>/`).
    pub(crate) href: String,
    /// Headline totals: indicators that add up across commands.
    pub(crate) headlines: Vec<Headline>,
    /// How many commands report figures that year.
    pub(crate) command_count: usize,
}

/// A total for one indicator and year.
#[derive(Debug, Serialize)]
pub(crate) struct Headline {
    /// The indicator key (`data/indicators.yaml`).
    pub(crate) key: String,
    /// The indicator's label in the page's language.
    pub(crate) label: String,
    /// Formatted total in the page's language (`4.1256亿元`, `CNY 412.56 million`).
    pub(crate) total: String,
    /// Number of commands added up.
    pub(crate) commands: usize,
}

/// An indicator drawn as a chart, with the same numbers as a table.
#[derive(Debug, Serialize)]
pub(crate) struct IndicatorChart {
    /// The indicator key (`data/indicators.yaml`); the chart's anchor is `chart-<key>`.
    pub(crate) key: String,
    /// The indicator's label in the page's language.
    pub(crate) label: String,
    /// Number of years in the series (a one-year series is better shown as a row of a table).
    pub(crate) points: usize,
    /// The newest year and its value, formatted.
    pub(crate) last: YearValue,
    /// Inline SVG (trusted, generated): output with `| safe`.
    pub(crate) chart: String,
    /// Accessible HTML table of the same data (trusted, generated): `| safe`.
    pub(crate) table: String,
    /// The indicator's widget (on the figures overview), else none.
    pub(crate) embed: Option<super::widget_context::EmbedData>,
}

/// `/figures/<year>/` (`figures_year.html`): variables `year` ([`FiguresYearData`]).
#[derive(Debug, Serialize)]
pub(crate) struct FiguresYearData {
    /// The year.
    pub(crate) year: i32,
    /// Indicators whose aggregate is `sum`: total across commands and a bar chart by command.
    pub(crate) totals: Vec<IndicatorYear>,
    /// Each command's figures of the year, linked to their stories.
    pub(crate) commands: Vec<CommandYear>,
    /// The next older year with figures (label: the year), if any.
    pub(crate) prev: Option<Link>,
    /// The next newer year with figures, if any.
    pub(crate) next: Option<Link>,
    /// Link to the figures overview (`/figures/`).
    pub(crate) overview_href: String,
}

/// One indicator in one year.
#[derive(Debug, Serialize)]
pub(crate) struct IndicatorYear {
    /// The indicator key (`data/indicators.yaml`).
    pub(crate) key: String,
    /// The indicator's label in the page's language.
    pub(crate) label: String,
    /// The exact total, formatted; `None` when the values cannot be added.
    pub(crate) total: Option<String>,
    /// The commands reporting it (the bars of the chart).
    pub(crate) commands: Vec<Link>,
    /// Inline SVG bar chart by command (trusted, generated): `| safe`.
    pub(crate) chart: String,
    /// Accessible HTML table of the same data (trusted, generated): `| safe`.
    pub(crate) table: String,
    /// The indicator's widget.
    pub(crate) embed: Option<super::widget_context::EmbedData>,
}

/// A command's figures in one year.
#[derive(Debug, Serialize)]
pub(crate) struct CommandYear {
    /// The command's slug.
    pub(crate) slug: String,
    /// The command's short name (else its name) in the page's language.
    pub(crate) name: String,
    /// Link to the command's page.
    pub(crate) href: String,
    /// Its figures of the year: the newest story's value per indicator, and
    /// the figures without an indicator key.
    pub(crate) figures: Vec<FigureLink>,
    /// The command's widget for the year.
    pub(crate) embed: Option<super::widget_context::EmbedData>,
}

/// A figure linked to the story it comes from.
#[derive(Debug, Serialize)]
pub(crate) struct FigureLink {
    /// The indicator key (`data/indicators.yaml`), when the figure has one.
    pub(crate) key: Option<String>,
    /// Label in the page's language.
    pub(crate) label: String,
    /// The value in the page's language's convention (`3.2186亿元`).
    pub(crate) value: String,
    /// The figure's `note`, as written in the story's primary file, if any.
    pub(crate) note: Option<String>,
    /// The story's title (in the page's language where it exists).
    pub(crate) story_title: String,
    /// Link to the story page.
    pub(crate) story_href: String,
}
