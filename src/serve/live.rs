//! The site as `serve` keeps it: the last good build in memory, the errors of
//! the last attempt, and rebuilds that render only what an edit affects.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::files::SiteFiles;
use crate::build::{prepare_reusing, render_jobs, Prepared, Reuse};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::rel_path;
use crate::load::DocCache;
use crate::model::shortcode;
use crate::model::{self, BuildOptions, Story};
use crate::render::affected::{affected_jobs, body_edit_jobs, edit_jobs, keeps_every_job, Lists, Places};
use crate::render::markdown::RenderedMarkdown;
use crate::render::open_data::RowsBefore;
use crate::render::{Job, Renderer};
use crate::BuildError;

/// What a (re)build did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebuildReport {
    /// Whether it succeeded (else the previous site is still served).
    pub ok: bool,
    /// Rendering jobs run (one per page or generated file).
    pub rendered: usize,
    /// Jobs a full build runs.
    pub total: usize,
    /// Output paths rendered by an incremental rebuild (sorted; empty after
    /// a full build).
    pub outputs: Vec<String>,
    pub(crate) elapsed: Duration,
    /// How the site graph was brought up to date.
    pub model: ModelUpdate,
}

/// How a rebuild brought the site graph up to date, fastest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelUpdate {
    /// Only story bodies changed: patched in place.
    Bodies,
    /// Stories changed but kept their places: rebuilt from their files and
    /// patched in place.
    Stories,
    /// Built again from every file, reusing the files and bodies that did
    /// not change; only the affected pages rendered.
    Rebuilt,
    /// Built and rendered whole (or the attempt failed).
    Whole,
    /// Not changed: the files earlier rebuilds left for after the reload
    /// were rendered ([`LiveSite::accept_later`]).
    Later,
}

impl RebuildReport {
    /// A failed attempt: nothing rendered, the previous site still served.
    fn failed(total: usize, start: Instant) -> Self {
        RebuildReport {
            ok: false,
            rendered: 0,
            total,
            outputs: Vec::new(),
            elapsed: start.elapsed(),
            model: ModelUpdate::Whole,
        }
    }
}

/// A build error as the diagnostics the overlay lists.
fn diagnostics_of(e: BuildError) -> Vec<Diagnostic> {
    match e {
        BuildError::Site(d) => d,
        other => vec![Diagnostic::error("", 0, 0, other.to_string())],
    }
}

/// The last good build and the current errors.
pub struct LiveSite {
    root: PathBuf,
    /// `root` resolved, to make watcher paths relative.
    canonical_root: PathBuf,
    options: BuildOptions,
    built: Option<Prepared>,
    files: SiteFiles,
    errors: Vec<Diagnostic>,
    /// Files changed since the last good build (a failed attempt leaves them
    /// pending, so the next success renders them too).
    pending: BTreeSet<String>,
    /// A change since the last good build needs a full rebuild.
    pending_full: bool,
    /// Content files as last read (a full rebuild starts it anew).
    docs: DocCache,
    /// Every job of a full build of `built`.
    jobs: Vec<Job>,
    /// Site-wide files an incremental rebuild left for after the reload
    /// ([`after_reload`]), to render from `built` as it is now.
    later: Vec<Job>,
    /// Counts the rebuilds, so that files rendered for one are not served
    /// after another.
    generation: u64,
}

/// Files that no page needs to show an edit, and that take the longest to
/// render: `sitemap.xml` (every URL of the site) and the open data (every
/// figure). [`LiveSite::rebuild_pages`] leaves them for after the browser
/// reloads.
fn after_reload(job: &Job) -> bool {
    matches!(job, Job::Sitemap | Job::OpenData)
}

/// `jobs` as (those [`after_reload`], the others).
fn split_later(jobs: Vec<Job>) -> (Vec<Job>, Vec<Job>) {
    jobs.into_iter().partition(after_reload)
}

/// The files left for after a reload, rendered for one rebuild (see
/// [`LiveSite::render_later`]).
pub struct Later {
    generation: u64,
    result: Result<Vec<crate::render::Output>, Vec<Diagnostic>>,
    elapsed: Duration,
}

/// A full build into memory, keeping the files read in `docs`.
fn build_all(
    root: &Path,
    options: &BuildOptions,
    docs: &mut DocCache,
) -> Result<(Prepared, SiteFiles, Vec<Job>), Vec<Diagnostic>> {
    let reuse = Reuse {
        docs: Some(docs),
        previous: None,
    };
    let mut prepared = prepare_reusing(root, options, reuse).map_err(diagnostics_of)?;
    // The next rebuild takes the photos from the cache: only a changed one is encoded again.
    crate::write::photo_cache::save(root, &prepared.site.photos);
    let renderer = Renderer::new(&prepared.site, &prepared.content, &prepared.templates);
    let jobs = renderer.plan();
    let outputs = render_jobs(&renderer, &jobs)?;
    let search = renderer.search_report();
    drop(renderer);
    // So does the search index: only edited pages are segmented again.
    if prepared.site.config.search {
        crate::write::search_cache::save(root, &search.cache);
        prepared.site.search_cache = search.cache;
    }
    Ok((prepared, SiteFiles::from_outputs(outputs), jobs))
}

impl LiveSite {
    /// Builds the site under `root`; errors are kept, not returned.
    pub fn new(root: &Path, options: BuildOptions) -> (LiveSite, RebuildReport) {
        let mut live = LiveSite {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            options,
            built: None,
            files: SiteFiles::default(),
            errors: Vec::new(),
            pending: BTreeSet::new(),
            pending_full: false,
            docs: DocCache::default(),
            jobs: Vec::new(),
            later: Vec::new(),
            generation: 0,
        };
        let report = live.rebuild_all();
        (live, report)
    }

    /// The files of the last good build (what is served).
    pub fn files(&self) -> &SiteFiles {
        &self.files
    }

    /// Errors of the last attempt (empty when it succeeded).
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    pub(crate) fn has_site(&self) -> bool {
        self.built.is_some()
    }

    fn rebuild_all(&mut self) -> RebuildReport {
        let start = Instant::now();
        // Configuration, templates or data changed: read everything again.
        self.docs = DocCache::default();
        match build_all(&self.root, &self.options, &mut self.docs) {
            Ok((prepared, files, jobs)) => {
                let total = jobs.len();
                self.built = Some(prepared);
                self.jobs = jobs;
                self.files = files;
                self.later.clear();
                self.errors.clear();
                self.pending.clear();
                self.pending_full = false;
                RebuildReport {
                    ok: true,
                    rendered: total,
                    total,
                    outputs: Vec::new(),
                    elapsed: start.elapsed(),
                    model: ModelUpdate::Whole,
                }
            }
            Err(errors) => {
                // The last good site (if any) stays served.
                self.errors = errors;
                self.pending_full = true;
                RebuildReport::failed(0, start)
            }
        }
    }

    /// The commonest edit, fast: only the bodies of existing stories changed
    /// (their front matter text is as it was, and neither the old nor the
    /// new body has a shortcode). The model is patched in place, those
    /// stories' Markdown rendered again, and only the pages that show them
    /// ([`body_edit_jobs`]). `None` when that does not apply, or nothing was
    /// changed yet.
    fn rebuild_bodies(&mut self, rel: &BTreeSet<String>) -> Option<RebuildReport> {
        if self.pending_full || rel.is_empty() {
            return None;
        }
        let start = Instant::now();
        let built = self.built.as_mut()?;
        let mut edits = Vec::new();
        for path in rel {
            let (i, vi) = built.site.story_file(path)?;
            let doc = self.docs.doc(&self.root, &built.site.config, path).ok()?;
            let old = &built.site.stories[i].versions[vi];
            // The old body's shortcodes are in the model (a body whose
            // shortcodes do not resolve never makes a good build).
            let (found, errors) = shortcode::find(&doc.body);
            // A body that links to other files beside the story changes the
            // files beside its page: that is for a whole rebuild.
            let assets = model::assets::body_assets(path, &doc.body, &built.site.story_files);
            if doc.front_hash != old.front_hash
                || doc.body_line != old.body_line
                || !old.fields.shortcodes.is_empty()
                || !found.is_empty()
                || !errors.is_empty()
                || assets != old.fields.assets
            {
                return None;
            }
            edits.push((i, vi, doc.body));
        }
        let mut edited = BTreeSet::new();
        for (i, vi, body) in edits {
            built.site.stories[i].versions[vi].body = body;
            edited.insert(i);
        }
        for &i in &edited {
            match crate::render::content::render_story(&built.site, &built.templates, i) {
                Ok(rendered) => built.content.stories[i] = rendered,
                // Not expected without shortcodes; a full rebuild reports it.
                Err(_) => {
                    self.pending_full = true;
                    return Some(self.rebuild_all());
                }
            }
        }
        let renderer = Renderer::new(&built.site, &built.content, &built.templates);
        let total = self.jobs.len();
        let (later, subset) = split_later(body_edit_jobs(&built.site, &edited, &self.jobs));
        let result = render_jobs(&renderer, &subset);
        drop(renderer);
        match result {
            Ok(outputs) => Some(self.accept(outputs, later, ModelUpdate::Bodies, (subset.len(), total), start)),
            Err(_) => {
                self.pending_full = true;
                Some(self.rebuild_all())
            }
        }
    }

    /// An edit to the files of existing stories that keeps each in its place
    /// (see [`model::patch`]: the same files, slugs, date, commands and
    /// sectors; a new title, summary, source, body, figures…). Those stories
    /// are built again and patched into the model (with the figures index
    /// when their figures changed), the bodies that show them rendered
    /// again, and only the pages that show them ([`edit_jobs`]). `None` when
    /// that does not apply (or the files have errors, which a full rebuild
    /// reports); the site is then as it was.
    fn rebuild_stories(&mut self, rel: &BTreeSet<String>) -> Option<RebuildReport> {
        if self.pending_full || rel.is_empty() {
            return None;
        }
        let start = Instant::now();
        let built = self.built.as_mut()?;
        let mut edited = BTreeSet::new();
        for path in rel {
            edited.insert(built.site.story_file(path)?.0);
        }
        let mut rebuilt = Vec::with_capacity(edited.len());
        let mut diags = Diagnostics::new();
        for &i in &edited {
            let files = built.site.stories[i]
                .versions
                .iter()
                .map(|v| self.docs.doc(&self.root, &built.site.config, &v.path).ok())
                .collect::<Option<Vec<_>>>()?;
            let story = model::patch::rebuild_story(&built.site, i, files, &self.options, &mut diags)?;
            rebuilt.push((i, story));
        }
        let patch = model::patch::patch(&mut built.site, rebuilt, &mut diags)?;
        if let Some(moves) = &patch.moves {
            // New dates moved stories: their bodies and rows move with them.
            built.content.stories = moves.apply(std::mem::take(&mut built.content.stories));
            built.content.open_data.reorder(|rows| moves.apply(rows));
        }
        let edited: BTreeSet<usize> = patch.before.iter().map(|(i, _)| *i).collect();
        // The bodies that show other figures, or other text, than before.
        let mut bodies: BTreeSet<usize> = edited.union(&patch.reshown).copied().collect();
        if patch.figures_changed() {
            bodies.extend((0..built.site.stories.len()).filter(|&i| built.site.shows_figures_of(i, &edited)));
        }
        // The open-data rows of the edited stories.
        let old_rows = built.content.open_data.refresh(&built.site, &edited);
        let mut old_bodies = Vec::with_capacity(bodies.len());
        for &i in &bodies {
            match crate::render::content::render_story(&built.site, &built.templates, i) {
                Ok(rendered) => old_bodies.push((i, std::mem::replace(&mut built.content.stories[i], rendered))),
                Err(_) => {
                    undo(built, patch, old_bodies, old_rows);
                    return None;
                }
            }
        }
        let renderer = Renderer::new(&built.site, &built.content, &built.templates);
        let plan = patch.index_rebuilt().then(|| renderer.plan());
        let rank = patch.moves.as_ref().map(|m| m.rank.as_slice());
        if plan.as_ref().is_some_and(|p| !keeps_every_job(&self.jobs, rank, p)) {
            drop(renderer);
            undo(built, patch, old_bodies, old_rows);
            return None;
        }
        let jobs = plan.as_ref().unwrap_or(&self.jobs);
        let edits: Vec<(usize, &Story)> = patch.before.iter().map(|(i, s)| (*i, s)).collect();
        let pages_added = jobs.len() != self.jobs.len();
        let places = match &patch.moves {
            None => Places::Same,
            Some(moves) => Places::Moved {
                moved: edits.iter().map(|(i, _)| (moves.order[*i], *i)).collect(),
                lists_before: Lists {
                    by_command: &moves.lists_before.0,
                    by_sector: &moves.lists_before.1,
                },
            },
        };
        let (later, subset) = split_later(edit_jobs(
            &built.site,
            &edits,
            places,
            &patch.reshown,
            pages_added,
            jobs,
        ));
        let total = jobs.len();
        let result = render_jobs(&renderer, &subset);
        drop(renderer);
        match result {
            Ok(outputs) => {
                if let Some(plan) = plan {
                    self.jobs = plan;
                }
                Some(self.accept(outputs, later, ModelUpdate::Stories, (subset.len(), total), start))
            }
            Err(_) => {
                undo(built, patch, old_bodies, old_rows);
                None
            }
        }
    }

    /// Serves the `outputs` of a successful rebuild that ran `jobs` =
    /// (rendered, of a full build's) jobs: all of the site when it was
    /// rendered whole, else in place of the files they replace. `later`:
    /// the jobs it left for after the reload.
    fn accept(
        &mut self,
        outputs: Vec<crate::render::Output>,
        later: Vec<Job>,
        model: ModelUpdate,
        (rendered, total): (usize, usize),
        start: Instant,
    ) -> RebuildReport {
        let mut paths: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
        paths.sort();
        if model == ModelUpdate::Whole {
            self.files = SiteFiles::from_outputs(outputs);
            self.later.clear();
        } else {
            self.files.insert(outputs);
        }
        for job in later {
            if !self.later.contains(&job) {
                self.later.push(job);
            }
        }
        self.errors.clear();
        self.pending.clear();
        RebuildReport {
            ok: true,
            rendered,
            total,
            outputs: paths,
            elapsed: start.elapsed(),
            model,
        }
    }

    /// Rebuilds after `changed` files (absolute or root-relative paths),
    /// whole: [`rebuild_pages`](Self::rebuild_pages), then the files it left
    /// for later.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> RebuildReport {
        let mut report = self.rebuild_pages(changed);
        if let Some(done) = self.render_later().and_then(|later| self.accept_later(later)) {
            report.ok &= done.ok;
            report.rendered += done.rendered;
            report.outputs.extend(done.outputs);
            report.outputs.sort();
            report.elapsed += done.elapsed;
        }
        report
    }

    /// Rebuilds after `changed` files (absolute or root-relative paths),
    /// all but the site-wide files no page needs (`after_reload`), which
    /// an incremental rebuild leaves for [`render_later`](Self::render_later):
    /// `serve` reloads the browser first. When the changed files are all
    /// story files, only the affected pages are rendered again.
    pub fn rebuild_pages(&mut self, changed: &[PathBuf]) -> RebuildReport {
        self.generation += 1;
        self.pending.extend(changed.iter().map(|p| {
            if p.is_absolute() {
                rel_path(&self.canonical_root, &p.canonicalize().unwrap_or_else(|_| p.clone()))
            } else {
                p.to_string_lossy().replace('\\', "/")
            }
        }));
        let rel = self.pending.clone();
        for path in &rel {
            self.docs.forget(&self.root, path);
        }
        if let Some(report) = self.rebuild_bodies(&rel) {
            return report;
        }
        if let Some(report) = self.rebuild_stories(&rel) {
            return report;
        }
        let only_stories = !self.pending_full
            && !rel.is_empty()
            && rel
                .iter()
                .all(|p| p.starts_with("content/stories/") && p.ends_with(".md"));
        if !only_stories {
            return self.rebuild_all();
        }
        let Some(old) = self.built.take() else {
            return self.rebuild_all();
        };
        let start = Instant::now();
        let reuse = Reuse {
            docs: Some(&mut self.docs),
            previous: Some(&old),
        };
        let prepared = match prepare_reusing(&self.root, &self.options, reuse) {
            Ok(p) => p,
            Err(e) => {
                self.errors = diagnostics_of(e);
                self.built = Some(old);
                return RebuildReport::failed(0, start);
            }
        };
        crate::write::photo_cache::save(&self.root, &prepared.site.photos);
        let edited: BTreeSet<String> = [&old.site, &prepared.site]
            .iter()
            .flat_map(|site| site.stories.iter())
            .filter(|s| s.versions.iter().any(|v| rel.contains(&v.path)))
            .map(|s| s.key.clone())
            .collect();
        let renderer = Renderer::new(&prepared.site, &prepared.content, &prepared.templates);
        let jobs = renderer.plan();
        let total = jobs.len();
        let subset = affected_jobs(&old.site, &prepared.site, &edited, &self.jobs, &jobs);
        let full = subset.is_none();
        let (later, to_render) = match subset {
            Some(subset) => split_later(subset),
            None => (Vec::new(), jobs.clone()),
        };
        let result = render_jobs(&renderer, &to_render);
        drop(renderer);
        match result {
            Ok(outputs) => {
                self.built = Some(prepared);
                self.jobs = jobs;
                let how = if full { ModelUpdate::Whole } else { ModelUpdate::Rebuilt };
                self.accept(outputs, later, how, (to_render.len(), total), start)
            }
            Err(errors) => {
                self.errors = errors;
                self.built = Some(old);
                RebuildReport::failed(total, start)
            }
        }
    }
}

impl LiveSite {
    /// Renders the files the last rebuilds left for later, from the site as
    /// it is (read access only: pages are served meanwhile). `None` when
    /// nothing is left.
    pub fn render_later(&self) -> Option<Later> {
        let built = self.built.as_ref().filter(|_| !self.later.is_empty())?;
        let start = Instant::now();
        let renderer = Renderer::new(&built.site, &built.content, &built.templates);
        Some(Later {
            generation: self.generation,
            result: render_jobs(&renderer, &self.later),
            elapsed: start.elapsed(),
        })
    }

    /// Serves the files of `later` when no rebuild came since it was
    /// rendered (else they stay to render again), and reports what it did.
    /// An error (a template failing on the sitemap, say) is shown like a
    /// build's, and the next edit rebuilds the whole site.
    pub fn accept_later(&mut self, later: Later) -> Option<RebuildReport> {
        if later.generation != self.generation {
            return None;
        }
        // The same generation: `later` rendered these jobs.
        let jobs = std::mem::take(&mut self.later);
        let mut report = RebuildReport {
            ok: true,
            rendered: jobs.len(),
            total: self.jobs.len(),
            outputs: Vec::new(),
            elapsed: later.elapsed,
            model: ModelUpdate::Later,
        };
        match later.result {
            Ok(outputs) => {
                report.outputs = outputs.iter().map(|o| o.path.clone()).collect();
                report.outputs.sort();
                self.files.insert(outputs);
            }
            Err(errors) => {
                self.errors = errors;
                self.pending_full = true;
                report.ok = false;
                report.rendered = 0;
            }
        }
        Some(report)
    }
}

/// Puts back the model, the rendered bodies and the open-data rows a patch
/// replaced.
fn undo(
    built: &mut Prepared,
    patch: model::patch::Patch,
    bodies: Vec<(usize, Vec<RenderedMarkdown>)>,
    rows: RowsBefore,
) {
    built.content.open_data.put_back(rows);
    for (i, body) in bodies {
        built.content.stories[i] = body;
    }
    if let Some(moves) = &patch.moves {
        built.content.stories = moves.revert(std::mem::take(&mut built.content.stories));
        built.content.open_data.reorder(|rows| moves.revert(rows));
    }
    patch.undo(&mut built.site);
}
