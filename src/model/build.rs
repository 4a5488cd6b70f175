//! Building the site graph from loaded files, with every rule of the content
//! contract checked and every problem collected.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, FixedOffset};
use indexmap::IndexMap;
use rayon::prelude::*;

use super::figure::{read_indicators, read_label, Figure, Label};
use super::slug::{is_valid_slug, slug_from_stem};
use super::urls::RESERVED_SLUGS;
use super::{Command, CommandText, Cover, Date, Page, PageText, Sector, Site, Story, StoryText, Translation, Urls};
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostics;
use crate::figures::number::FigureNumber;
use crate::load::fields::Fields;
use crate::load::yaml::{Pos, Value};
use crate::load::{CoverProbe, CoverProblem, DocKind, LoadedSite, SourceDoc, INDICATORS_FILE};

/// Choices of one build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Include stories with `draft: true`.
    pub drafts: bool,
    /// Include stories dated after `now`.
    pub future: bool,
    /// The moment of the build (scheduled stories are those after it).
    pub now: DateTime<FixedOffset>,
    /// Replaces site.yaml's base_url (serve, previews).
    pub base_url: Option<String>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            drafts: false,
            future: false,
            now: chrono::Utc::now().fixed_offset(),
            base_url: None,
        }
    }
}

const STORY_KEYS: &[&str] = &[
    "title",
    "slug",
    "date",
    "command",
    "sectors",
    "source",
    "author",
    "summary",
    "cover",
    "cover_alt",
    "draft",
    "updated",
    "figures",
    "share_image",
];
const COMMAND_KEYS: &[&str] = &["name", "short_name", "origin", "partner", "since", "batch", "slug"];
const PAGE_KEYS: &[&str] = &["title", "slug", "summary", "draft"];
const FIGURE_KEYS: &[&str] = &["key", "label", "value", "unit", "year", "note"];

/// Stories left out of this build, for `check` to list.
#[derive(Debug, Default, Clone)]
pub struct LeftOut {
    /// Drafts (`draft: true`), as root-relative paths of their files.
    pub drafts: Vec<String>,
    /// Stories dated after the build's `now`: root-relative path and date
    /// (RFC 3339).
    pub scheduled: Vec<(String, String)>,
}

/// Builds the site. Returns `None` when errors were found (all in `diags`).
pub(crate) fn build_site(
    loaded: LoadedSite,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<(Site, LeftOut)> {
    let LoadedSite {
        mut config,
        docs,
        assets,
        images,
        share_cache,
        indicators,
        theme,
        static_files,
        search_words,
    } = loaded;
    if let Some(url) = &options.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let languages: Vec<String> = config.language_codes().map(String::from).collect();
    let lang_refs: Vec<&str> = languages.iter().map(String::as_str).collect();

    let story_files = super::assets::index(&assets);
    let indicators = indicators
        .map(|n| read_indicators(INDICATORS_FILE, &n, &lang_refs, diags))
        .unwrap_or_default();

    let slug_pos = slug_positions(&docs);
    let groups: Vec<(DocKind, Vec<SourceDoc>)> = group_files(docs, &config, &languages, diags)
        .into_iter()
        .map(|((kind, _), files)| (kind, files))
        .collect();
    let inputs = ItemInputs {
        story_files: &story_files,
        config: &config,
        indicators: &indicators,
        languages: &lang_refs,
    };
    let Items {
        commands,
        stories,
        pages,
        unbuilt_refs,
    } = build_items(groups, &inputs, diags);
    check_command_and_page_slugs(&commands, &pages, &languages, &slug_pos, diags);

    // References from stories to commands and sectors.
    for refs in stories.iter().map(|(_, r)| r).chain(&unbuilt_refs) {
        check_refs(refs, &commands, &config, diags);
    }

    // Drafts and scheduled stories.
    let (mut kept, left_out) = leave_out(stories, options);
    kept.sort_by(story_order);
    check_story_slugs(&kept, &slug_pos, diags);

    let figures = super::FiguresIndex::build(&kept, &indicators, diags);
    resolve_shortcodes(&mut kept, None, &commands, &indicators, &figures, diags);
    let picture_uses = super::pictures::check_pictures(&mut kept, &story_files, &images, diags);

    if diags.has_errors() {
        return None;
    }

    let (stories_by_command, stories_by_sector) = story_lists(&kept);
    let sectors = sectors(&config);
    let urls = Urls::new(&config.base_url, &config.default_language);
    Some((
        Site {
            urls,
            commands,
            stories: kept,
            pages,
            sectors,
            indicators,
            figures,
            theme,
            static_files,
            story_files,
            stories_by_command,
            stories_by_sector,
            images,
            picture_uses,
            photos: Default::default(),
            share_cache,
            search_cache: search_words
                .as_deref()
                .map(crate::search::TermCache::parse)
                .unwrap_or_default(),
            config,
        },
        left_out,
    ))
}

/// Where each file sets its `slug`, to point at it when two items share one.
fn slug_positions(docs: &[SourceDoc]) -> HashMap<String, Pos> {
    docs.iter()
        .filter_map(|d| {
            let e = d.front.entries()?.iter().find(|e| e.key == "slug")?;
            Some((d.rel.clone(), e.key_pos))
        })
        .collect()
}

/// The items of a site, built from their files.
struct Items {
    /// Sorted by slug.
    commands: Vec<Command>,
    stories: Vec<(Story, StoryRefs)>,
    pages: Vec<Page>,
    /// The references of stories that could not be built: still checked,
    /// for all errors in one run.
    unbuilt_refs: Vec<StoryRefs>,
}

/// Builds the items in parallel, each with its own diagnostics, merged
/// afterwards in the order of the items.
fn build_items(groups: Vec<(DocKind, Vec<SourceDoc>)>, inputs: &ItemInputs, diags: &mut Diagnostics) -> Items {
    let built: Vec<(BuiltItem, Diagnostics)> = groups
        .into_par_iter()
        .map(|(kind, files)| build_item(kind, files, inputs))
        .collect();
    let mut items = Items {
        commands: Vec::new(),
        stories: Vec::new(),
        pages: Vec::new(),
        unbuilt_refs: Vec::new(),
    };
    for (item, item_diags) in built {
        diags.extend(item_diags.into_items());
        match item {
            BuiltItem::Command(c) => items.commands.extend(c),
            BuiltItem::Story(Some(story), refs) => items.stories.push((story, refs)),
            BuiltItem::Story(None, refs) => items.unbuilt_refs.push(refs),
            BuiltItem::Page(p) => items.pages.extend(p),
        }
    }
    items.commands.sort_by(|a, b| a.slug.cmp(&b.slug));
    items
}

/// Commands' and free pages' slugs are unique in each language, and a free
/// page does not take a path of the site's own.
fn check_command_and_page_slugs(
    commands: &[Command],
    pages: &[Page],
    languages: &[String],
    slug_pos: &HashMap<String, Pos>,
    diags: &mut Diagnostics,
) {
    check_unique(
        commands
            .iter()
            .map(|c| (c.primary().lang.as_str(), c.slug.as_str(), c.primary().path.as_str())),
        "command",
        slug_pos,
        diags,
    );
    check_unique(
        pages.iter().flat_map(|p| {
            p.versions
                .iter()
                .map(|v| (v.lang.as_str(), p.slug.as_str(), v.path.as_str()))
        }),
        "page",
        slug_pos,
        diags,
    );
    check_page_slugs(pages, languages, slug_pos, diags);
}

/// The published stories' slugs are unique in each language.
fn check_story_slugs(stories: &[Story], slug_pos: &HashMap<String, Pos>, diags: &mut Diagnostics) {
    check_unique(
        stories.iter().flat_map(|s| {
            s.versions
                .iter()
                .map(|v| (v.lang.as_str(), v.fields.slug.as_str(), v.path.as_str()))
        }),
        "story",
        slug_pos,
        diags,
    );
}

/// The sectors of `site.yaml`, in its order.
fn sectors(config: &SiteConfig) -> Vec<Sector> {
    config
        .sectors
        .iter()
        .map(|(term, labels)| Sector {
            term: term.clone(),
            labels: labels.clone(),
        })
        .collect()
}

/// What every item's build reads, besides its own files.
struct ItemInputs<'a> {
    story_files: &'a super::assets::AssetIndex,
    config: &'a SiteConfig,
    indicators: &'a IndexMap<String, super::Indicator>,
    languages: &'a [&'a str],
}

/// One item built from its files.
enum BuiltItem {
    Command(Option<Command>),
    /// The story (`None` when it cannot be built) and its references.
    Story(Option<Story>, StoryRefs),
    Page(Option<Page>),
}

/// Builds the item made of `files`, with the problems it found.
fn build_item(kind: DocKind, files: Vec<SourceDoc>, inputs: &ItemInputs) -> (BuiltItem, Diagnostics) {
    let mut diags = Diagnostics::new();
    let item = match kind {
        DocKind::Command => BuiltItem::Command(build_command(files, inputs.config, &mut diags)),
        DocKind::Story => {
            let (story, refs) = build_story(
                inputs.story_files,
                files,
                inputs.config,
                inputs.indicators,
                inputs.languages,
                &mut diags,
            );
            BuiltItem::Story(story, refs)
        }
        DocKind::Page => BuiltItem::Page(build_page(files, &mut diags)),
    };
    (item, diags)
}

/// A free page's slug must not be a path of the site's own (`stories`,
/// `figures`…) or a language's.
fn check_page_slugs(pages: &[Page], languages: &[String], slug_pos: &HashMap<String, Pos>, diags: &mut Diagnostics) {
    for p in pages {
        if RESERVED_SLUGS.contains(&p.slug.as_str()) || languages.contains(&p.slug) {
            for v in &p.versions {
                let pos = slug_pos.get(&v.path).copied().unwrap_or(Pos { line: 1, col: 1 });
                diags.error(
                    &v.path,
                    pos.line,
                    pos.col,
                    format!(
                        "a free page cannot be called `{}`: that path belongs to the site",
                        p.slug
                    ),
                );
            }
        }
    }
}

/// The stories this build publishes, and the drafts and scheduled stories
/// it leaves out (by path, for `check` to list).
fn leave_out(stories: Vec<(Story, StoryRefs)>, options: &BuildOptions) -> (Vec<Story>, LeftOut) {
    let mut left_out = LeftOut::default();
    let mut kept: Vec<Story> = Vec::with_capacity(stories.len());
    for (story, refs) in stories {
        if !is_left_out(&story, options) {
            kept.push(story);
        } else if story.draft && !options.drafts {
            left_out.drafts.push(refs.path);
        } else {
            left_out.scheduled.push((refs.path, story.date.rfc3339()));
        }
    }
    (kept, left_out)
}

/// The content files grouped by item (kind and key), one file per language,
/// in the site's language order. An item whose default-language file could
/// not be read is left out: built from its translations alone, it would
/// bring errors about fields the unread file has. A language given twice
/// (`x.md` and `x.<default>.md`) is an error.
fn group_files(
    docs: Vec<SourceDoc>,
    config: &SiteConfig,
    languages: &[String],
    diags: &mut Diagnostics,
) -> BTreeMap<(DocKind, String), Vec<SourceDoc>> {
    let mut groups: BTreeMap<(DocKind, String), Vec<SourceDoc>> = BTreeMap::new();
    for d in docs {
        groups.entry((d.kind, d.key.clone())).or_default().push(d);
    }
    // Files that could not be read (their errors are reported already).
    let unread: HashSet<String> = diags.iter().filter(|d| d.is_error()).map(|d| d.path.clone()).collect();
    let mut items = BTreeMap::new();
    for ((kind, key), mut files) in groups {
        // An item whose default-language file could not be read is not built
        // from its translations alone: that would add errors about fields the
        // unread file has.
        let default_unread = !files.iter().any(|d| d.lang == config.default_language)
            && [
                format!("content/{}/{key}.md", kind.folder()),
                format!("content/{}/{key}.{}.md", kind.folder(), config.default_language),
            ]
            .iter()
            .any(|p| unread.contains(p));
        if default_unread {
            continue;
        }
        files.sort_by_key(|d| (lang_rank(languages, &d.lang), d.rel.clone()));
        // x.md and x.<default>.md are the same language twice.
        files.dedup_by(|b, a| {
            if a.lang == b.lang {
                diags.error(
                    &b.rel,
                    0,
                    0,
                    format!(
                        "`{}` and `{}` are both the `{}` version of one item; keep one",
                        a.rel, b.rel, a.lang
                    ),
                );
                true
            } else {
                false
            }
        });
        items.insert((kind, key), files);
    }
    items
}

/// Reports a story's commands that do not exist and sectors site.yaml does
/// not list.
pub(super) fn check_refs(refs: &StoryRefs, commands: &[Command], config: &SiteConfig, diags: &mut Diagnostics) {
    for (slug, pos) in &refs.commands {
        if commands.binary_search_by(|c| c.slug.as_str().cmp(slug)).is_err() {
            let hint = crate::diagnostic::did_you_mean(slug, commands.iter().map(|c| c.slug.as_str()))
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            diags.error(&refs.path, pos.line, pos.col, format!("unknown command `{slug}`{hint}"));
        }
    }
    for (term, pos) in &refs.sectors {
        if !config.sectors.contains_key(term) {
            let hint = crate::diagnostic::did_you_mean(term, config.sectors.keys().map(String::as_str))
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            diags.error(
                &refs.path,
                pos.line,
                pos.col,
                format!("unknown sector `{term}`{hint}: sectors must be listed in site.yaml"),
            );
        }
    }
}

/// Whether a story built under `options` is left out of the site (a draft,
/// or scheduled).
pub(super) fn is_left_out(story: &Story, options: &BuildOptions) -> bool {
    (story.draft && !options.drafts) || (story.date.0 > options.now && !options.future)
}

fn lang_rank(languages: &[String], lang: &str) -> usize {
    languages.iter().position(|l| l == lang).unwrap_or(usize::MAX)
}

/// Reports two items of one language with one slug, naming both files, at
/// the `slug:` of the second file when it sets one (`slug_pos`), else at 1:1.
fn check_unique<'a>(
    items: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    what: &str,
    slug_pos: &HashMap<String, Pos>,
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<(&str, &str), &str> = HashMap::new();
    let mut all: Vec<(&str, &str, &str)> = items.collect();
    all.sort();
    for (lang, slug, path) in all {
        if let Some(first) = seen.get(&(lang, slug)) {
            let pos = slug_pos.get(path).copied().unwrap_or(Pos { line: 1, col: 1 });
            diags.error(
                path,
                pos.line,
                pos.col,
                format!("{what} slug `{slug}` ({lang}) is also used by `{first}`"),
            );
        } else {
            seen.insert((lang, slug), path);
        }
    }
}

/// The slug of an item: front matter `slug` (checked) or the file stem (slugified).
fn read_slug(f: &mut Fields, stem: &str, inherited: Option<&str>, diags: &mut Diagnostics) -> String {
    if let Some((s, p)) = f.string("slug", diags) {
        if !is_valid_slug(&s) {
            diags.error(
                f.path(),
                p.line,
                p.col,
                format!("slug `{s}` must match ^[a-z0-9][a-z0-9-]*$"),
            );
        } else if s.len() > super::slug::MAX_SLUG_LEN {
            diags.error(
                f.path(),
                p.line,
                p.col,
                format!(
                    "slug is {} characters long, longer than {} characters (the limit of a folder name)",
                    s.len(),
                    super::slug::MAX_SLUG_LEN
                ),
            );
        }
        return s;
    }
    if let Some(s) = inherited {
        return s.to_string();
    }
    let s = slug_from_stem(stem);
    if s.is_empty() {
        diags.error(
            f.path(),
            1,
            1,
            format!("cannot make a URL slug from the file name `{stem}`; set `slug:` in the front matter"),
        );
    }
    s
}

/// Raw HTML left open in a body hides the rest of it: an error.
fn check_bodies(files: &[SourceDoc], diags: &mut Diagnostics) {
    for d in files {
        super::raw_html::check_body(&d.rel, &d.body, d.body_line, diags);
    }
}

fn opt_string(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<String> {
    f.string(key, diags).map(|(s, _)| s).filter(|s| !s.trim().is_empty())
}

fn primary_index(files: &[SourceDoc], config: &SiteConfig) -> usize {
    files
        .iter()
        .position(|d| d.lang == config.default_language)
        .unwrap_or(0)
}

fn build_command(files: Vec<SourceDoc>, config: &SiteConfig, diags: &mut Diagnostics) -> Option<Command> {
    check_bodies(&files, diags);
    let primary = primary_index(&files, config);
    let mut since = None;
    let mut batch = None;
    let mut slug = String::new();
    let mut base: Option<CommandText> = None;
    let mut versions = Vec::new();
    // Primary first, so translations can fall back to it.
    let order: Vec<usize> = std::iter::once(primary)
        .chain((0..files.len()).filter(|i| *i != primary))
        .collect();
    for i in order {
        let d = &files[i];
        let mut f = Fields::new(&d.rel, &d.front, "the front matter", diags);
        let is_primary = i == primary;
        let name = if is_primary {
            f.required_string("name", diags).map(|(s, _)| s).unwrap_or_default()
        } else {
            opt_string(&mut f, "name", diags)
                .or_else(|| base.as_ref().map(|b| b.name.clone()))
                .unwrap_or_default()
        };
        let text = CommandText {
            name,
            short_name: opt_string(&mut f, "short_name", diags)
                .or_else(|| base.as_ref().and_then(|b| b.short_name.clone())),
            origin: opt_string(&mut f, "origin", diags).or_else(|| base.as_ref().and_then(|b| b.origin.clone())),
            partner: opt_string(&mut f, "partner", diags).or_else(|| base.as_ref().and_then(|b| b.partner.clone())),
        };
        if is_primary {
            slug = read_slug(&mut f, &d.stem, None, diags);
            since = f.integer("since", diags).map(|(n, _)| n);
            batch = f.integer("batch", diags).map(|(n, _)| n);
            base = Some(text.clone());
        } else if let Some((s, p)) = f.string("slug", diags) {
            if s != slug {
                diags.error(
                    &d.rel,
                    p.line,
                    p.col,
                    format!("a translation cannot change the command's slug (`{slug}`)"),
                );
            }
        }
        f.report_unknown("front matter", COMMAND_KEYS, false, diags);
        versions.push(Translation {
            lang: d.lang.clone(),
            path: d.rel.clone(),
            fields: text,
            body: d.body.clone(),
            body_line: d.body_line,
            front_hash: d.front_hash,
        });
    }
    let (versions, primary) = restore_order(versions, &files);
    Some(Command {
        slug,
        versions,
        primary,
        since,
        batch,
    })
}

/// Versions were built primary-first; put them back in language order.
fn restore_order<T>(mut versions: Vec<Translation<T>>, files: &[SourceDoc]) -> (Vec<Translation<T>>, usize) {
    let primary_lang = versions[0].lang.clone();
    versions.sort_by_key(|v| files.iter().position(|d| d.lang == v.lang));
    let primary = versions.iter().position(|v| v.lang == primary_lang).unwrap_or(0);
    (versions, primary)
}

fn build_page(files: Vec<SourceDoc>, diags: &mut Diagnostics) -> Option<Page> {
    check_bodies(&files, diags);
    let mut slug = String::new();
    let mut versions = Vec::new();
    for (i, d) in files.iter().enumerate() {
        let mut f = Fields::new(&d.rel, &d.front, "the front matter", diags);
        let title = f.required_string("title", diags).map(|(s, _)| s).unwrap_or_default();
        let s = read_slug(&mut f, &d.stem, (i > 0).then_some(slug.as_str()), diags);
        if i == 0 {
            slug = s;
        }
        let summary = opt_string(&mut f, "summary", diags);
        let _ = f.bool("draft", diags);
        f.report_unknown("front matter", PAGE_KEYS, false, diags);
        versions.push(Translation {
            lang: d.lang.clone(),
            path: d.rel.clone(),
            fields: PageText { title, summary },
            body: d.body.clone(),
            body_line: d.body_line,
            front_hash: d.front_hash,
        });
    }
    Some(Page {
        slug,
        versions,
        primary: 0,
    })
}

/// Where a story's references are written, to check them once all commands are known.
pub(super) struct StoryRefs {
    path: String,
    commands: Vec<(String, crate::load::yaml::Pos)>,
    sectors: Vec<(String, crate::load::yaml::Pos)>,
}

fn read_date(f: &mut Fields, key: &str, config: &SiteConfig, diags: &mut Diagnostics) -> Option<Date> {
    let (text, pos) = f.string(key, diags)?;
    match Date::parse(&text, config.timezone) {
        Some(d) if !config.years.contains(&d.year()) => {
            let (first, last) = (config.years.start(), config.years.end());
            diags.error(
                f.path(),
                pos.line,
                pos.col,
                format!("`{key}` {text} is outside the site's years {first}–{last} (`years` in site.yaml)"),
            );
            None
        }
        Some(d) => Some(d),
        None => {
            diags.error(
                f.path(),
                pos.line,
                pos.col,
                format!("`{key}` must be a date as YYYY-MM-DD or RFC 3339, not `{text}`"),
            );
            None
        }
    }
}

/// Builds one story from its files (one per language). Every problem of the
/// story and of its translations is reported, even when the story cannot be
/// built (no usable title or date): then the story is `None`, and its
/// references are still returned, to be checked like those of the others.
pub(super) fn build_story(
    story_files: &super::assets::AssetIndex,
    files: Vec<SourceDoc>,
    config: &SiteConfig,
    indicators: &IndexMap<String, super::Indicator>,
    languages: &[&str],
    diags: &mut Diagnostics,
) -> (Option<Story>, StoryRefs) {
    check_bodies(&files, diags);
    let primary_i = primary_index(&files, config);
    let p = &files[primary_i];
    let mut f = Fields::new(&p.rel, &p.front, "the front matter", diags);
    let title = f.required_string("title", diags).map(|(s, _)| s);
    let slug = read_slug(&mut f, &p.stem, None, diags);
    let date = match read_date(&mut f, "date", config, diags) {
        Some(d) => Some(d),
        None if f.node("date").is_none() => {
            diags.error(&p.rel, f.pos.line, f.pos.col, "missing required field `date`");
            None
        }
        None => None,
    };
    let updated = read_date(&mut f, "updated", config, diags);
    let commands = f.string_list("command", diags).unwrap_or_default();
    if commands.is_empty() {
        diags.error(
            &p.rel,
            f.key_pos("command").line,
            f.key_pos("command").col,
            "missing required field `command` (a command slug)",
        );
    }
    let sectors = f.string_list("sectors", diags).unwrap_or_default();
    let source = opt_string(&mut f, "source", diags);
    let author = opt_string(&mut f, "author", diags);
    let summary = opt_string(&mut f, "summary", diags);
    let draft = f.bool("draft", diags).unwrap_or(false);
    let share_image = f.bool("share_image", diags).unwrap_or(false);
    let (cover_alt, cover) = read_cover(p.cover.as_ref(), &p.rel, &mut f, diags);
    // Where the primary's cover is given: its versions show it unless they have their own.
    let primary_cover = cover.as_ref().map(|(c, pos)| (c, *pos, p.rel.as_str()));
    let year = date.map(|d| d.year()).unwrap_or(0);
    let figures = match f.node("figures") {
        Some(node) => read_figures(&p.rel, node, year, languages, indicators, diags),
        None => Vec::new(),
    };
    f.report_unknown("front matter", STORY_KEYS, false, diags);
    let refs = StoryRefs {
        path: p.rel.clone(),
        commands: commands.clone(),
        sectors: sectors.clone(),
    };
    // Without a title or a date the story is not built, but its
    // translations are still read for their own errors (with a stand-in date).
    let built = date.is_some() && title.is_some();
    let date = date.unwrap_or(Date(DateTime::UNIX_EPOCH.fixed_offset()));
    let title = title.unwrap_or_default();

    let d = p;
    let primary_version = Translation {
        lang: d.lang.clone(),
        path: d.rel.clone(),
        fields: StoryText {
            slug,
            title,
            summary,
            source,
            author,
            cover_alt,
            cover: cover.as_ref().map(|(c, _)| c.clone()),
            revised: updated.unwrap_or(date),
            stale: false,
            shortcodes: Vec::new(),
            assets: story_assets(&d.rel, &d.body, story_files, primary_cover, diags),
        },
        body: d.body.clone(),
        body_line: d.body_line,
        front_hash: d.front_hash,
    };
    let primary = Primary {
        rel: &p.rel,
        text: &primary_version.fields,
        cover: primary_cover,
        date,
        updated,
        commands: &commands,
        sectors: &sectors,
        draft,
    };
    let mut versions: Vec<Translation<StoryText>> = files
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != primary_i)
        .map(|(_, d)| read_translation(d, &primary, story_files, config, diags))
        .collect();
    versions.insert(primary_i, primary_version);
    if !built {
        return (None, refs);
    }
    let mut command_slugs: Vec<String> = commands.into_iter().map(|(s, _)| s).collect();
    command_slugs.dedup();
    let mut sector_terms: Vec<String> = sectors.into_iter().map(|(s, _)| s).collect();
    sector_terms.dedup();
    let story = Story {
        key: p.key.clone(),
        versions,
        primary: primary_i,
        date,
        updated,
        commands: command_slugs,
        sectors: sector_terms,
        figures,
        draft,
        share_image,
    };
    (Some(story), refs)
}

/// What a translation of a story takes from the primary file.
struct Primary<'a> {
    rel: &'a str,
    /// The primary version's text (slug, source, author, cover description).
    text: &'a StoryText,
    /// The primary's cover, with where it is given.
    cover: Option<(&'a Cover, Pos, &'a str)>,
    date: Date,
    updated: Option<Date>,
    commands: &'a [(String, Pos)],
    sectors: &'a [(String, Pos)],
    draft: bool,
}

/// One translation of a story, from its file `d`: what it gives, and the
/// rest from the primary file.
fn read_translation(
    d: &SourceDoc,
    primary: &Primary,
    story_files: &super::assets::AssetIndex,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Translation<StoryText> {
    let mut t = Fields::new(&d.rel, &d.front, "the front matter", diags);
    let t_title = t.required_string("title", diags).map(|(s, _)| s).unwrap_or_default();
    let t_slug = read_slug(&mut t, &d.stem, Some(&primary.text.slug), diags);
    let t_date = read_date(&mut t, "date", config, diags);
    let t_updated = read_date(&mut t, "updated", config, diags);
    if t.node("figures").is_some() {
        let pos = t.key_pos("figures");
        diags.error(
            &d.rel,
            pos.line,
            pos.col,
            format!(
                "a translation cannot carry `figures`: figures belong to the primary file `{}`",
                primary.rel
            ),
        );
    }
    warn_ignored_fields(&mut t, &d.rel, primary, diags);
    // A translation may have a cover of its own (with its own description);
    // else it shows the primary file's.
    let (t_cover_alt, t_cover) = read_cover(d.cover.as_ref(), &d.rel, &mut t, diags);
    let v_cover = match &t_cover {
        Some((c, pos)) => Some((c, *pos, d.rel.as_str())),
        None => primary.cover,
    };
    let revised = t_updated.or(t_date).unwrap_or(primary.date);
    let fields = StoryText {
        slug: t_slug,
        title: t_title,
        summary: opt_string(&mut t, "summary", diags),
        source: opt_string(&mut t, "source", diags).or_else(|| primary.text.source.clone()),
        author: opt_string(&mut t, "author", diags).or_else(|| primary.text.author.clone()),
        cover_alt: t_cover_alt.or_else(|| primary.text.cover_alt.clone()),
        assets: story_assets(&d.rel, &d.body, story_files, v_cover, diags),
        cover: v_cover.map(|(c, _, _)| c.clone()),
        stale: primary.updated.is_some_and(|u| revised < u),
        revised,
        shortcodes: Vec::new(),
    };
    t.report_unknown("front matter", STORY_KEYS, false, diags);
    Translation {
        lang: d.lang.clone(),
        path: d.rel.clone(),
        fields,
        body: d.body.clone(),
        body_line: d.body_line,
        front_hash: d.front_hash,
    }
}

/// Warns about `command`, `sectors` and `draft` in a translation (at `rel`)
/// that differ from the primary file's: they are taken from the primary.
fn warn_ignored_fields(t: &mut Fields, rel: &str, primary: &Primary, diags: &mut Diagnostics) {
    for key in ["command", "sectors", "draft"] {
        // Repeating the primary's value (as tools that need it in every
        // file do) is harmless; a different value is ignored: say so.
        let same = t.node(key).is_none_or(|n| {
            let given: Vec<&str> = match &n.value {
                Value::String(s) => vec![s.as_str()],
                Value::Seq(items) => items
                    .iter()
                    .filter_map(|i| match &i.value {
                        Value::String(s) => Some(s.as_str()),
                        _ => None,
                    })
                    .collect(),
                Value::Bool(b) => vec![if *b { "true" } else { "false" }],
                _ => vec![],
            };
            let primary_values: Vec<&str> = match key {
                "command" => primary.commands.iter().map(|(c, _)| c.as_str()).collect(),
                "sectors" => primary.sectors.iter().map(|(s, _)| s.as_str()).collect(),
                _ => vec![if primary.draft { "true" } else { "false" }],
            };
            given == primary_values
        });
        if !same {
            let pos = t.key_pos(key);
            diags.warning(
                rel,
                pos.line,
                pos.col,
                format!(
                    "`{key}` of a translation differs from the primary file's and is ignored: it is taken from `{}`",
                    primary.rel
                ),
            );
        }
    }
}

/// A story file's `cover_alt`, and its `cover` resolved with where it is
/// given. A cover needs a description.
fn read_cover(
    probe: Option<&CoverProbe>,
    rel: &str,
    f: &mut Fields,
    diags: &mut Diagnostics,
) -> (Option<String>, Option<(Cover, Pos)>) {
    let alt = opt_string(f, "cover_alt", diags);
    let cover = f.string("cover", diags).and_then(|(c, pos)| {
        if alt.is_none() {
            diags.error(
                rel,
                pos.line,
                pos.col,
                "`cover_alt` is required when `cover` is given (describe the image for readers who cannot see it)",
            );
        }
        let cover = resolve_cover(probe, rel, &c, pos, diags)?;
        Some((
            Cover {
                given_in: rel.to_string(),
                pos,
                ..cover
            },
            pos,
        ))
    });
    (alt, cover)
}

/// The files beside the story that the body of the file at `rel` links to
/// ([`super::assets::body_assets`]). The page's cover (given at a position
/// of the file `cover_rel`) is copied beside the page too, under its file
/// name: a linked file that is the cover is copied once; another file at the
/// cover's place is an error at the cover.
fn story_assets(
    rel: &str,
    body: &str,
    story_files: &super::assets::AssetIndex,
    cover: Option<(&Cover, Pos, &str)>,
    diags: &mut Diagnostics,
) -> Vec<super::assets::StoryAsset> {
    let mut assets = super::assets::body_assets(rel, body, story_files);
    if let Some((c, pos, cover_rel)) = cover {
        assets.retain(|a| {
            if a.path != c.file {
                return true;
            }
            if a.source != c.source {
                diags.error(
                    cover_rel,
                    pos.line,
                    pos.col,
                    format!(
                        "the cover is copied as `{}` beside the page, where `{rel}` links to another file of that name; rename one",
                        c.file
                    ),
                );
            }
            false
        });
    }
    assets
}

/// The cover `cover`, given at `pos` of the story file at `story_rel`, as
/// `load` found it ([`crate::load::cover`]).
fn resolve_cover(
    probe: Option<&CoverProbe>,
    story_rel: &str,
    cover: &str,
    pos: Pos,
    diags: &mut Diagnostics,
) -> Option<Cover> {
    let found = match probe {
        Some(p) if p.given == cover => p.found.clone(),
        // Not probed (never so for a story file that `load` read).
        _ => Err(CoverProblem::NotFound),
    };
    let message = match found {
        Ok(c) => return Some(c),
        Err(CoverProblem::NotRelative) => format!("`cover` must be a path relative to the story file, not `{cover}`"),
        Err(CoverProblem::OutsideContent) => format!("`cover` `{cover}` points outside content/"),
        Err(CoverProblem::NotFound) => format!("cover image `{cover}` not found beside the story"),
    };
    diags.error(story_rel, pos.line, pos.col, message);
    None
}

fn read_figures(
    path: &str,
    node: &crate::load::yaml::Node,
    story_year: i32,
    languages: &[&str],
    indicators: &IndexMap<String, super::Indicator>,
    diags: &mut Diagnostics,
) -> Vec<Figure> {
    let Value::Seq(items) = &node.value else {
        diags.error(
            path,
            node.pos.line,
            node.pos.col,
            format!("`figures` must be a list, found {}", node.value.kind()),
        );
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let mut f = Fields::new(path, item, "a figure", diags);
        let key = f.string("key", diags).map(|(k, p)| {
            if !super::figure::is_valid_key(&k) {
                diags.error(path, p.line, p.col, format!("figure key `{k}` must match ^[a-z0-9_]+$"));
            }
            k
        });
        let label = match f.node("label") {
            Some(n) => read_label(path, n, languages, diags),
            None => match key.as_ref().and_then(|k| indicators.get(k)) {
                Some(ind) if !ind.labels.is_empty() => Some(Label::PerLanguage(ind.labels.clone())),
                _ => {
                    diags.error(
                        path,
                        item.pos.line,
                        item.pos.col,
                        "a figure needs a `label` (or a `key` with a label in data/indicators.yaml)",
                    );
                    None
                }
            },
        };
        let number = match f.node("value") {
            Some(n) => match &n.value {
                Value::Number(text) => match FigureNumber::parse(text) {
                    Ok(num) => Some(num),
                    Err(e) => {
                        diags.error(path, n.pos.line, n.pos.col, format!("`value` {text}: {e}"));
                        None
                    }
                },
                // `1e400` is no YAML float (it overflows): a string here.
                Value::String(text) if crate::figures::number::has_exponent(text) => {
                    if let Err(e) = FigureNumber::parse(text) {
                        diags.error(path, n.pos.line, n.pos.col, format!("`value` {text}: {e}"));
                    }
                    None
                }
                other => {
                    let shown = n.scalar_text().map(|s| format!(" `{s}`")).unwrap_or_default();
                    diags.error(
                        path,
                        n.pos.line,
                        n.pos.col,
                        format!("`value` must be a number, found {}{shown} (write 3.2186, not \"3.2186亿\"; the unit goes in `unit`)", other.kind()),
                    );
                    None
                }
            },
            None => {
                diags.error(path, item.pos.line, item.pos.col, "a figure needs a `value`");
                None
            }
        };
        let unit = f
            .string("unit", diags)
            .map(|(u, _)| u.trim().to_string())
            .filter(|u| !u.is_empty());
        let year = match f.integer("year", diags) {
            Some((y, p)) if !(1900..=2200).contains(&y) => {
                diags.error(path, p.line, p.col, format!("`year` {y} is not a plausible year"));
                story_year
            }
            Some((y, _)) => y as i32,
            None => story_year,
        };
        let note = opt_string(&mut f, "note", diags);
        f.report_unknown("figure", FIGURE_KEYS, false, diags);
        if let (Some(label), Some(number)) = (label, number) {
            out.push(Figure {
                key,
                label,
                number,
                unit,
                year,
                note,
                path: path.to_string(),
                pos: item.pos,
            });
        }
    }
    out
}

/// The order of a site's stories: newest first, then by key.
pub(super) fn story_order(a: &Story, b: &Story) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key))
}

/// Each command's and each sector's stories (indices, in site order).
pub(super) type StoryLists = (BTreeMap<String, Vec<usize>>, BTreeMap<String, Vec<usize>>);

/// [`StoryLists`] of `stories`, in site order.
pub(super) fn story_lists(stories: &[Story]) -> StoryLists {
    let mut by_command: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_sector: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in stories.iter().enumerate() {
        for c in &s.commands {
            by_command.entry(c.clone()).or_default().push(i);
        }
        for t in &s.sectors {
            by_sector.entry(t.clone()).or_default().push(i);
        }
    }
    (by_command, by_sector)
}

/// Finds and checks the shortcodes of every story body (after the figures
/// index exists, since they refer to it); of the stories `only` holds (by
/// index), when it is given.
pub(super) fn resolve_shortcodes(
    stories: &mut [Story],
    only: Option<&std::collections::BTreeSet<usize>>,
    commands: &[super::Command],
    indicators: &IndexMap<String, super::Indicator>,
    figures: &super::FiguresIndex,
    diags: &mut Diagnostics,
) {
    use super::shortcode::{find, resolve, ResolveContext};
    // Every key a figure has makes a cell: a few hundred cells, not every row.
    let mut keys: Vec<&str> = indicators.keys().map(String::as_str).collect();
    keys.extend(figures.cells.keys().map(|(k, _)| k.as_str()));
    keys.sort_unstable();
    keys.dedup();
    let command_slugs: Vec<&str> = commands.iter().map(|c| c.slug.as_str()).collect();
    let cell = |k: &str, y: i32, c: &str| figures.cell(k, y).and_then(|m| m.get(c)).copied();
    let chosen = stories
        .iter_mut()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o.contains(i)));
    for (_, story) in chosen {
        let date_year = story.date.year();
        let own: Vec<(Option<String>, i32)> = story.figures.iter().map(|f| (f.key.clone(), f.year)).collect();
        let default_year = |k: &str| {
            own.iter()
                .find(|(key, _)| key.as_deref() == Some(k))
                .map_or(date_year, |(_, y)| *y)
        };
        let story_command = story.commands.first().cloned().unwrap_or_default();
        let has_figures = !story.figures.is_empty();
        for v in &mut story.versions {
            if !v.body.contains("{{") {
                continue;
            }
            let (raw, errors) = find(&v.body);
            for (line, col, message) in errors {
                diags.error(&v.path, v.body_line + line, col, message);
            }
            let ctx = ResolveContext {
                keys: &keys,
                commands: &command_slugs,
                story_command: &story_command,
                default_year: &default_year,
                cell: &cell,
                has_figures,
            };
            v.fields.shortcodes = resolve(raw, &ctx, &v.path, v.body_line, diags);
        }
    }
}
