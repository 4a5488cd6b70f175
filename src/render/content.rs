//! Markdown of every item rendered once, in parallel, before any page; story
//! shortcodes (`{{ figure(…) }}`, `{{ figures() }}`) expanded through the
//! theme's `shortcodes/*.html` templates.

use rayon::prelude::*;

use super::context::{FigureData, Link, ShortcodeFigure};
use super::markdown::{render_markdown, MarkdownOptions, RenderedMarkdown};
use super::open_data::OpenDataRows;
use super::pages::ui_strings;
use super::templates::Templates;
use crate::diagnostic::Diagnostic;
use crate::model::shortcode::{Shortcode, ShortcodeKind};
use crate::model::{Site, StoryText, Translation};

/// Target length of derived summaries, in characters.
pub(crate) const SUMMARY_CHARS: usize = 120;

/// Private-use characters around a shortcode's number while Markdown is rendered.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Rendered bodies, indexed like the site: `stories[i][v]` is version `v` of story `i`.
pub(crate) struct RenderedContent {
    pub(crate) stories: Vec<Vec<RenderedMarkdown>>,
    pub(crate) commands: Vec<Vec<RenderedMarkdown>>,
    pub(crate) pages: Vec<Vec<RenderedMarkdown>>,
    /// Each story's figures as open-data rows, serialised once for
    /// `/data/figures.*` and the story's widgets.
    pub(crate) open_data: OpenDataRows,
}

fn options(lang: &str) -> MarkdownOptions<'_> {
    MarkdownOptions {
        lang,
        summary_chars: SUMMARY_CHARS,
    }
}

fn render_versions<T: Sync>(versions: &[Translation<T>]) -> Vec<RenderedMarkdown> {
    versions
        .iter()
        .map(|v| render_markdown(&v.body, &options(&v.lang)))
        .collect()
}

fn placeholder(n: usize) -> String {
    format!("{OPEN}{n}{CLOSE}")
}

/// Removes placeholders from plain text (summaries).
fn strip_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            OPEN => inside = true,
            CLOSE => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HTML of one shortcode in story `i`, version `v`.
fn expand(
    site: &Site,
    templates: &Templates,
    i: usize,
    v: &Translation<StoryText>,
    sc: &Shortcode,
) -> Result<String, Diagnostic> {
    let story = &site.stories[i];
    let lang = v.lang.as_str();
    let extra: Vec<&str> = site.indicators.values().filter_map(|x| x.unit.as_deref()).collect();
    let mut ctx = tera::Context::new();
    ctx.insert("t", &ui_strings(site, lang));
    ctx.insert("lang", lang);
    let urls = &site.urls;
    let (template, html) = match sc.kind {
        ShortcodeKind::Figures => {
            let figures: Vec<FigureData> = story
                .figures
                .iter()
                .map(|f| FigureData::new(site, f, lang, &extra))
                .collect();
            ctx.insert("figures", &figures);
            (
                "shortcodes/figures.html",
                templates.render("shortcodes/figures.html", &ctx),
            )
        }
        ShortcodeKind::Figure { row } => {
            let r = &site.figures.rows[row];
            let source_story = &site.stories[r.story];
            let sv = source_story.shown(lang);
            let command = match site.command(&r.command) {
                Some(c) => {
                    let cv = c.shown(lang);
                    Link {
                        label: cv.fields.short_name.clone().unwrap_or_else(|| cv.fields.name.clone()),
                        href: urls.href(&urls.command(&cv.lang, &c.slug, 1)),
                    }
                }
                None => Link {
                    label: r.command.clone(),
                    href: urls.href(&urls.commands(lang)),
                },
            };
            let data = ShortcodeFigure {
                figure: FigureData::new(site, &source_story.figures[r.figure], lang, &extra),
                command,
                source: Link {
                    label: sv.fields.title.clone(),
                    href: urls.href(&urls.story(&sv.lang, &sv.fields.slug)),
                },
                from_this_story: r.story == i,
            };
            ctx.insert("figure", &data);
            (
                "shortcodes/figure.html",
                templates.render("shortcodes/figure.html", &ctx),
            )
        }
    };
    html.map_err(|mut d| {
        d.message = format!("{} (rendering shortcode in {}: {template})", d.message, v.path);
        d
    })
}

/// Renders one version of a story, expanding its shortcodes.
fn render_story_version(
    site: &Site,
    templates: &Templates,
    i: usize,
    v: &Translation<StoryText>,
) -> Result<RenderedMarkdown, Diagnostic> {
    let mut rendered = render_with_shortcodes(site, templates, i, v)?;
    rendered.html = super::pictures::rewrite_body(&rendered.html, site, v);
    Ok(rendered)
}

/// Renders one version of a story's Markdown, expanding its shortcodes.
fn render_with_shortcodes(
    site: &Site,
    templates: &Templates,
    i: usize,
    v: &Translation<StoryText>,
) -> Result<RenderedMarkdown, Diagnostic> {
    let shortcodes = &v.fields.shortcodes;
    if shortcodes.is_empty() {
        return Ok(render_markdown(&v.body, &options(&v.lang)));
    }
    let mut body = String::with_capacity(v.body.len());
    let mut at = 0;
    for (n, sc) in shortcodes.iter().enumerate() {
        body.push_str(&v.body[at..sc.range.start]);
        body.push_str(&placeholder(n));
        at = sc.range.end;
    }
    body.push_str(&v.body[at..]);
    let mut rendered = render_markdown(&body, &options(&v.lang));
    for (n, sc) in shortcodes.iter().enumerate() {
        let html = expand(site, templates, i, v, sc)?;
        let ph = placeholder(n);
        let block = format!("<p>{ph}</p>\n");
        rendered.html = if rendered.html.contains(&block) {
            rendered.html.replacen(&block, &format!("{}\n", html.trim_end()), 1)
        } else {
            rendered.html.replacen(&ph, html.trim(), 1)
        };
    }
    rendered.summary = strip_placeholders(&rendered.summary);
    Ok(rendered)
}

pub(crate) fn render_story(site: &Site, templates: &Templates, i: usize) -> Result<Vec<RenderedMarkdown>, Diagnostic> {
    site.stories[i]
        .versions
        .iter()
        .map(|v| render_story_version(site, templates, i, v))
        .collect()
}

/// Bodies rendered by an earlier build, to be reused where nothing that
/// shapes them changed: the same file, language and body, and no shortcode
/// (whose output depends on other stories' figures). `serve` keeps its last
/// build for this.
pub(crate) struct PreviousContent<'a> {
    content: &'a RenderedContent,
    /// Story file path → (story, version) in the earlier site.
    versions: std::collections::HashMap<&'a str, (usize, usize)>,
    site: &'a Site,
}

impl<'a> PreviousContent<'a> {
    pub(crate) fn new(site: &'a Site, content: &'a RenderedContent) -> Self {
        let versions = site
            .stories
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                s.versions
                    .iter()
                    .enumerate()
                    .map(move |(vi, v)| (v.path.as_str(), (i, vi)))
            })
            .collect();
        PreviousContent {
            content,
            versions,
            site,
        }
    }

    /// The earlier rendering of `v`, when it is still valid.
    fn get(&self, v: &Translation<StoryText>) -> Option<&'a RenderedMarkdown> {
        // Pictures beside the story may have changed under the same body.
        if !v.fields.shortcodes.is_empty() || !v.fields.assets.is_empty() {
            return None;
        }
        let &(i, vi) = self.versions.get(v.path.as_str())?;
        let old = &self.site.stories[i].versions[vi];
        (old.fields.shortcodes.is_empty() && old.lang == v.lang && old.body == v.body)
            .then(|| self.content.stories.get(i)?.get(vi))
            .flatten()
    }
}

/// Renders every body of the site, reusing what `previous` rendered where it can.
pub(crate) fn render_content_reusing(
    site: &Site,
    templates: &Templates,
    previous: Option<&PreviousContent<'_>>,
) -> Result<RenderedContent, Vec<Diagnostic>> {
    let stories: Vec<Result<Vec<RenderedMarkdown>, Diagnostic>> = (0..site.stories.len())
        .into_par_iter()
        .map(|i| {
            site.stories[i]
                .versions
                .iter()
                .map(|v| match previous.and_then(|prev| prev.get(v)) {
                    Some(done) => Ok(done.clone()),
                    None => render_story_version(site, templates, i, v),
                })
                .collect()
        })
        .collect();
    let mut errors = Vec::new();
    let mut ok = Vec::with_capacity(stories.len());
    for s in stories {
        match s {
            Ok(s) => ok.push(s),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RenderedContent {
        stories: ok,
        commands: site.commands.par_iter().map(|c| render_versions(&c.versions)).collect(),
        pages: site.pages.par_iter().map(|p| render_versions(&p.versions)).collect(),
        open_data: OpenDataRows::build(site),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_stripped_from_summaries() {
        let text = format!("前言 {} 后文", placeholder(3));
        assert_eq!(strip_placeholders(&text), "前言 后文");
    }
}
