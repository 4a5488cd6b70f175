//! Model: the site graph — commands, stories, free pages, figures and
//! translations — built once from what was loaded, validated, and then only
//! read. Rendering works from a shared `&Site`.

pub(crate) mod assets;
pub(crate) mod build;
pub(crate) mod date;
pub(crate) mod figure;
pub(crate) mod figures_index;
pub(crate) mod patch;
pub(crate) mod pictures;
pub(crate) mod raw_html;
pub mod shortcode;
pub mod slug;
pub mod urls;

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::config::SiteConfig;
use crate::load::{StaticFile, ThemeSource};

pub(crate) use build::build_site;
pub use build::{BuildOptions, LeftOut};
pub(crate) use date::Date;
pub(crate) use figure::{Aggregate, Figure, Indicator, Label};
pub(crate) use figures_index::{FigureRow, FiguresIndex};
pub(crate) use urls::Urls;

/// Text of an item in one language, falling back to the primary language for
/// fields a translation omits.
#[derive(Debug, Clone)]
pub(crate) struct Translation<T> {
    pub(crate) lang: String,
    /// The source file, relative to the site root.
    pub(crate) path: String,
    pub(crate) fields: T,
    /// Markdown body.
    pub(crate) body: String,
    /// 1-based line where the body starts in `path`.
    pub(crate) body_line: usize,
    /// Fingerprint of the file's front matter text (see
    /// [`crate::load::front_matter::fingerprint`]).
    pub(crate) front_hash: u64,
}

/// A story's fields in one language.
#[derive(Debug, Clone)]
pub(crate) struct StoryText {
    pub(crate) slug: String,
    pub(crate) title: String,
    /// The front matter summary, if any (else one is derived from the body).
    pub(crate) summary: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) cover_alt: Option<String>,
    /// The cover of this version's page: its own `cover`, else the primary file's.
    pub(crate) cover: Option<Cover>,
    /// This version's own `updated`, else its `date`, else the story's date.
    pub(crate) revised: Date,
    /// The translation is older than its source's last revision.
    pub(crate) stale: bool,
    /// Shortcodes of the body, resolved, in body order.
    pub(crate) shortcodes: Vec<shortcode::Shortcode>,
    /// Files beside the story that this version's body links to, copied
    /// beside this version's page (see [`assets`]).
    pub(crate) assets: Vec<assets::StoryAsset>,
}

/// A story: one or more language versions of one article, with its figures.
#[derive(Debug, Clone)]
pub(crate) struct Story {
    /// Identity shared by translations: path under `content/stories` without suffixes.
    pub(crate) key: String,
    /// Versions in the site's language order.
    pub(crate) versions: Vec<Translation<StoryText>>,
    /// Index in `versions` of the primary file (default language where it exists).
    pub(crate) primary: usize,
    pub(crate) date: Date,
    pub(crate) updated: Option<Date>,
    /// Command slugs.
    pub(crate) commands: Vec<String>,
    /// Sector terms.
    pub(crate) sectors: Vec<String>,
    pub(crate) figures: Vec<Figure>,
    pub(crate) draft: bool,
    /// `share_image: true` (primary file): the story's figures get share
    /// images of their own at build time (see [`crate::share`]).
    pub(crate) share_image: bool,
}

/// A cover image, copied beside the pages of the versions that show it
/// (`StoryText::cover`), as `load` found it.
pub(crate) use crate::load::Cover;

impl Story {
    pub(crate) fn version(&self, lang: &str) -> Option<&Translation<StoryText>> {
        self.versions.iter().find(|v| v.lang == lang)
    }
    pub(crate) fn primary(&self) -> &Translation<StoryText> {
        &self.versions[self.primary]
    }
    /// The version shown to a reader of `lang`: that language's, else the primary.
    pub(crate) fn shown(&self, lang: &str) -> &Translation<StoryText> {
        self.version(lang).unwrap_or_else(|| self.primary())
    }
}

/// A command's fields in one language.
#[derive(Debug, Clone)]
pub(crate) struct CommandText {
    pub(crate) name: String,
    pub(crate) short_name: Option<String>,
    pub(crate) origin: Option<String>,
    pub(crate) partner: Option<String>,
}

/// An aid command (援疆指挥部).
#[derive(Debug, Clone)]
pub(crate) struct Command {
    pub(crate) slug: String,
    pub(crate) versions: Vec<Translation<CommandText>>,
    pub(crate) primary: usize,
    pub(crate) since: Option<i64>,
    pub(crate) batch: Option<i64>,
}

impl Command {
    pub(crate) fn version(&self, lang: &str) -> Option<&Translation<CommandText>> {
        self.versions.iter().find(|v| v.lang == lang)
    }
    pub(crate) fn primary(&self) -> &Translation<CommandText> {
        &self.versions[self.primary]
    }
    pub(crate) fn shown(&self, lang: &str) -> &Translation<CommandText> {
        self.version(lang).unwrap_or_else(|| self.primary())
    }
}

/// A free page's fields in one language.
#[derive(Debug, Clone)]
pub(crate) struct PageText {
    pub(crate) title: String,
    pub(crate) summary: Option<String>,
}

/// A free page (about, contact).
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub(crate) slug: String,
    pub(crate) versions: Vec<Translation<PageText>>,
    pub(crate) primary: usize,
}

impl Page {
    pub(crate) fn version(&self, lang: &str) -> Option<&Translation<PageText>> {
        self.versions.iter().find(|v| v.lang == lang)
    }
}

/// A sector term of site.yaml with its labels.
#[derive(Debug, Clone)]
pub(crate) struct Sector {
    pub(crate) term: String,
    pub(crate) labels: IndexMap<String, String>,
}

/// The whole site, immutable once built.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) config: SiteConfig,
    pub(crate) urls: Urls,
    /// Commands by slug order.
    pub(crate) commands: Vec<Command>,
    /// Stories, newest first (ties by key), drafts and scheduled ones already left out.
    pub(crate) stories: Vec<Story>,
    pub(crate) pages: Vec<Page>,
    pub(crate) sectors: Vec<Sector>,
    pub(crate) indicators: IndexMap<String, Indicator>,
    /// Every figure, indexed by key, year and command.
    pub(crate) figures: FiguresIndex,
    pub(crate) theme: ThemeSource,
    pub(crate) static_files: Vec<StaticFile>,
    /// The files under `content/stories/` that bodies may link to.
    pub(crate) story_files: assets::AssetIndex,
    /// Command slug → indices of its stories (newest first).
    pub(crate) stories_by_command: BTreeMap<String, Vec<usize>>,
    /// Sector term → indices of its stories (newest first).
    pub(crate) stories_by_sector: BTreeMap<String, Vec<usize>>,
    /// The pictures beside stories, as `load` read them.
    pub(crate) images: crate::load::images::SourceImages,
    /// Where each usable picture a page shows is first used.
    pub(crate) picture_uses: BTreeMap<std::path::PathBuf, pictures::PictureUse>,
    /// The photos encoded or taken from the cache, by source file (filled
    /// by [`crate::build`](mod@crate::build) between the model and the render stages).
    pub(crate) photos: crate::photo::Photos,
    /// Share images drawn by earlier builds, by key (`.shudu-cache/share/`).
    pub(crate) share_cache: crate::load::share_cache::ShareCache,
    /// The words of indexed documents from the last build (see
    /// [`crate::search::cache`]); empty when search is off.
    pub(crate) search_cache: crate::search::TermCache,
}

impl Site {
    pub(crate) fn default_lang(&self) -> &str {
        &self.config.default_language
    }
    pub(crate) fn command(&self, slug: &str) -> Option<&Command> {
        self.commands
            .binary_search_by(|c| c.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.commands[i])
    }
    pub(crate) fn sector(&self, term: &str) -> Option<&Sector> {
        self.sectors.iter().find(|s| s.term == term)
    }
    /// The figures the shortcodes of story `i` show, as (story index, figure
    /// index), in body order (a story's own panel is not among them).
    pub(crate) fn shortcode_figures(&self, i: usize) -> Vec<(usize, usize)> {
        self.stories[i]
            .versions
            .iter()
            .flat_map(|v| &v.fields.shortcodes)
            .filter_map(|sc| match sc.kind {
                shortcode::ShortcodeKind::Figure { row } => self.figures.rows.get(row).map(|r| (r.story, r.figure)),
                shortcode::ShortcodeKind::Figures => None,
            })
            .collect()
    }

    /// Whether the shortcodes of story `i` show a figure of one of `stories`.
    pub(crate) fn shows_figures_of(&self, i: usize, stories: &std::collections::BTreeSet<usize>) -> bool {
        self.shortcode_figures(i).iter().any(|(s, _)| stories.contains(s))
    }

    /// (story, version) of the story file at `path` (relative to the site
    /// root), if it is one.
    pub(crate) fn story_file(&self, path: &str) -> Option<(usize, usize)> {
        self.stories
            .iter()
            .enumerate()
            .find_map(|(i, s)| s.versions.iter().position(|v| v.path == path).map(|vi| (i, vi)))
    }

    /// Whether story `i` has a shortcode in any version.
    pub(crate) fn has_shortcodes(&self, i: usize) -> bool {
        self.stories[i].versions.iter().any(|v| !v.fields.shortcodes.is_empty())
    }

    /// A label in `lang`, else in the default language, else any, else `fallback`.
    pub(crate) fn pick<'a>(&self, labels: &'a IndexMap<String, String>, lang: &str, fallback: &'a str) -> &'a str {
        labels
            .get(lang)
            .or_else(|| labels.get(self.default_lang()))
            .or_else(|| labels.values().next())
            .map(String::as_str)
            .unwrap_or(fallback)
    }
}
