//! `shudu check`: every validation of a build, a link check of the would-be
//! output, and editorial warnings — without writing anything.
//!
//! Errors are what would make `build` fail, plus broken internal links.
//! Warnings are what a site can publish but an editor should look at: unknown
//! front-matter keys, missing or stale translations, scheduled stories,
//! figures with an unknown unit or without a key, covers without a
//! description in some language, pictures without alt text, Chinese
//! typography slips, and an output past a common static host's limits
//! ([`hosting`]).

mod alt_text;
mod editorial;
pub mod hosting;
pub(crate) mod links;
mod source;
mod typography;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::build::{prepare, BuildError, Prepared};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{BuildOptions, Site};
use crate::render::{Output, Renderer};

use source::Sources;

/// What `check` found.
#[derive(Debug, Default, Clone)]
pub struct CheckReport {
    /// Errors and warnings, sorted by path, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Drafts left out of the build (root-relative paths): deliberate, so
    /// not warnings, but worth a note.
    pub drafts: Vec<String>,
    /// How many output files the site would have (0 when it has errors
    /// that stop rendering).
    pub files: usize,
}

impl CheckReport {
    /// The errors among the diagnostics.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
    /// The warnings among the diagnostics.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }
    /// Whether the site has an error (a build would fail).
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
    /// Whether the site has a warning.
    pub fn has_warnings(&self) -> bool {
        self.warnings().next().is_some()
    }
}

/// Checks the site under `root`. Reads the site, renders every page into
/// memory, and writes nothing.
pub fn check(root: &Path, options: &BuildOptions) -> CheckReport {
    check_with_limits(root, options, &hosting::Limits::default())
}

/// [`check`], with other hosting limits than the hosts' own.
pub fn check_with_limits(root: &Path, options: &BuildOptions, limits: &hosting::Limits) -> CheckReport {
    let prepared = match prepare(root, options) {
        Ok(p) => p,
        Err(BuildError::Site(diagnostics)) => {
            return CheckReport {
                diagnostics,
                ..CheckReport::default()
            }
        }
        Err(e) => {
            return CheckReport {
                diagnostics: vec![Diagnostic::error("", 0, 0, e.to_string())],
                ..CheckReport::default()
            }
        }
    };
    let Prepared {
        site,
        content,
        templates,
        left_out,
        warnings,
        ..
    } = &prepared;
    let mut diags = Diagnostics::new();
    diags.extend(warnings.iter().cloned());
    let mut sources = Sources::new(root);

    editorial::untranslated(site, &mut diags);
    editorial::stale(site, &mut sources, &mut diags);
    editorial::scheduled(left_out, &mut sources, &mut diags);
    editorial::figures(site, &mut sources, &mut diags);
    editorial::covers(site, &mut sources, &mut diags);
    typography_of_site(site, &mut sources, &mut diags);
    for body in bodies(site) {
        alt_text::check_body(body.path, body.body, body.body_line, &mut diags);
    }

    // Share images are only checked (every character in the font), not drawn.
    let renderer = Renderer::new(site, content, templates).draw_share_images(false);
    let jobs = renderer.plan();
    let results: Vec<Result<(&'static str, Vec<Output>), Diagnostic>> = jobs
        .par_iter()
        .map(|job| renderer.render(job).map(|o| (job.kind(), o)))
        .collect();
    let mut outputs = Vec::new();
    let mut kinds = Vec::new();
    let mut render_errors = Vec::new();
    for r in results {
        match r {
            Ok((kind, o)) => {
                kinds.extend(std::iter::repeat_n(kind, o.len()));
                outputs.extend(o);
            }
            Err(e) => render_errors.push(e),
        }
    }
    let files = outputs.len();
    if render_errors.is_empty() {
        // Links are only meaningful against the whole output.
        links_of_site(root, site, &outputs, &mut diags);
        let entries: Vec<hosting::OutputEntry<'_>> = outputs
            .iter()
            .zip(&kinds)
            .map(|(o, kind)| hosting::OutputEntry {
                path: &o.path,
                bytes: output_size(o),
                kind,
            })
            .collect();
        hosting::check(&entries, limits, &mut diags);
    } else {
        diags.extend(render_errors);
    }
    CheckReport {
        diagnostics: diags.into_sorted(),
        drafts: left_out.drafts.clone(),
        files,
    }
}

/// The size of an output file (a copied file's is asked of `load`).
fn output_size(o: &Output) -> u64 {
    match &o.data {
        crate::render::OutputData::Bytes(b) => b.len() as u64,
        crate::render::OutputData::Copy(source) => crate::load::copied_size(source),
    }
}

/// Every body of the site with the page that shows it.
fn bodies(site: &Site) -> Vec<links::Body<'_>> {
    let urls = &site.urls;
    let mut out = Vec::new();
    for story in &site.stories {
        for v in &story.versions {
            out.push(links::Body {
                path: &v.path,
                body: &v.body,
                body_line: v.body_line,
                page: urls.story(&v.lang, &v.fields.slug),
            });
        }
    }
    for command in &site.commands {
        for v in &command.versions {
            out.push(links::Body {
                path: &v.path,
                body: &v.body,
                body_line: v.body_line,
                page: urls.command(&v.lang, &command.slug, 1),
            });
        }
    }
    for page in &site.pages {
        for v in &page.versions {
            out.push(links::Body {
                path: &v.path,
                body: &v.body,
                body_line: v.body_line,
                page: urls.page(&v.lang, &page.slug),
            });
        }
    }
    out
}

fn links_of_site(root: &Path, site: &Site, outputs: &[Output], diags: &mut Diagnostics) {
    let resolver = links::Resolver::new(site);
    let set = links::OutputSet::new(outputs);
    let mut reported = HashSet::new();
    for body in bodies(site) {
        reported.extend(links::check_body(root, &body, &resolver, &set, diags));
    }
    links::check_output(outputs, &resolver, &set, &reported, diags);
}

/// Typography warnings for every Chinese file: its body, and its `title`,
/// `name` and `summary` in the front matter (titles and names as headlines,
/// whose spaces may separate phrases).
fn typography_of_site(site: &Site, sources: &mut Sources, diags: &mut Diagnostics) {
    let versions = site
        .stories
        .iter()
        .flat_map(|s| {
            s.versions
                .iter()
                .map(|v| (v.lang.as_str(), v.path.as_str(), v.body.as_str(), v.body_line))
        })
        .chain(site.commands.iter().flat_map(|c| {
            c.versions
                .iter()
                .map(|v| (v.lang.as_str(), v.path.as_str(), v.body.as_str(), v.body_line))
        }))
        .chain(site.pages.iter().flat_map(|p| {
            p.versions
                .iter()
                .map(|v| (v.lang.as_str(), v.path.as_str(), v.body.as_str(), v.body_line))
        }));
    for (lang, path, body, body_line) in versions {
        if !typography::is_chinese(lang) {
            continue;
        }
        for (key, kind) in [
            ("title", typography::Text::Headline),
            ("name", typography::Text::Headline),
            ("summary", typography::Text::Prose),
        ] {
            for (pos, message) in field_slips(sources, path, key, kind) {
                diags.warning(path, pos.line, pos.col, message);
            }
        }
        let mut locator = source::Locator::new(body, body_line);
        for slip in typography::scan_markdown(body) {
            let pos = locator.pos(slip.offset);
            diags.warning(path, pos.line, pos.col, slip.message);
        }
    }
}

/// Typography slips in the front-matter value of `key`, at their file positions.
fn field_slips(
    sources: &mut Sources,
    path: &str,
    key: &str,
    kind: typography::Text,
) -> Vec<(crate::load::yaml::Pos, String)> {
    use crate::load::yaml::Pos;
    let Some(file) = sources.get(path) else {
        return Vec::new();
    };
    let Some(entries) = file.front.as_ref().and_then(|f| f.entries()) else {
        return Vec::new();
    };
    let Some(i) = entries.iter().position(|e| e.key == key) else {
        return Vec::new();
    };
    let start = entries[i].value.pos;
    // The value runs to the next key (or to the end of the front matter).
    let end_line = entries
        .get(i + 1)
        .map_or(usize::MAX, |e| e.key_pos.line.max(start.line + 1));
    let mut out = Vec::new();
    for line_no in start.line..end_line {
        let Some(line) = file.line(line_no) else {
            break;
        };
        if line.trim_end() == "---" {
            break;
        }
        let first_col = if line_no == start.line { start.col } else { 1 };
        let Some((from, _)) = line.char_indices().nth(first_col.saturating_sub(1)) else {
            continue;
        };
        let mut text = &line[from..];
        // A comment after a plain value is not part of it.
        if !text.starts_with(['"', '\'']) {
            if let Some(c) = text.find(" #") {
                text = &text[..c];
            }
        }
        for slip in typography::scan_text(text, kind) {
            let col = first_col + text[..slip.offset].chars().count();
            out.push((Pos { line: line_no, col }, slip.message));
        }
    }
    out
}
