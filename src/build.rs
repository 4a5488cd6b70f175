//! The whole pipeline: load → model → render → write.

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load;
use crate::model::{self, build::LeftOut, BuildOptions, Site};
use crate::render::{OutputData, RenderedContent, Renderer, Templates};
use crate::write::lock::{OutputLock, WhenBusy};
use crate::write::{owner, stale, Place, Staging, WriteError, WriteStats};

/// Time spent in each phase of a build.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Reading the site: configuration, content files, pictures, theme and
    /// indicator registry (for a build that found its output up to date, the
    /// whole build).
    pub load: Duration,
    /// Building and validating the site graph (alongside `templates_compile`).
    pub model: Duration,
    /// Rendering the Markdown bodies and their shortcodes to HTML.
    pub markdown: Duration,
    /// Compiling the theme's templates (alongside `model`).
    pub templates_compile: Duration,
    /// Encoding the photos the cache did not have.
    pub photos: Duration,
    /// Rendering every page and writing it to the staging folder (in memory:
    /// rendering only).
    pub render_and_write: Duration,
    /// Committing the staging folder: swapping it in for the previous output
    /// (zero for a build in memory).
    pub swap: Duration,
    /// Per kind of page (`Story`, `Command`, `Feed`…): jobs, time rendering
    /// templates, time writing files (summed over threads, so larger than
    /// the wall time of `render_and_write`).
    pub by_kind: std::collections::BTreeMap<String, KindTiming>,
}

/// Time spent on one kind of page, summed over threads.
#[derive(Debug, Default, Clone, Copy)]
pub struct KindTiming {
    /// Render jobs of this kind.
    pub jobs: usize,
    /// Time rendering their templates.
    pub render: Duration,
    /// Time writing their files to the staging folder.
    pub write: Duration,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// The build's warnings (a successful build has no errors), sorted by path,
    /// line and column.
    pub warnings: Vec<Diagnostic>,
    /// Files written, left as they were, and removed (all zero for a build in
    /// memory).
    pub stats: WriteStats,
    /// Output files produced.
    pub files: usize,
    /// Drafts and future-dated stories this build left out.
    pub left_out: LeftOut,
    /// Time spent in each phase.
    pub timings: Timings,
    /// Every file of the output (path, size, mtime in ns), sorted; empty for
    /// a build in memory or one that stopped early.
    pub(crate) output_files: Vec<crate::write::OutputFile>,
    /// Photos encoded by this build (the others came from the cache).
    pub photos_encoded: usize,
    /// Share images drawn by this build (the others came from the cache),
    /// and those it drew, for the cache.
    pub share_images: crate::render::share_images::ShareImages,
    /// Things worth telling that did not stop the build (what dead builds
    /// left beside the output, and what became of it).
    pub notes: Vec<String>,
    /// Pages, files, folders and bytes of the output written; none for a
    /// build in memory or one that stopped early (nothing changed).
    pub summary: Option<OutputSummary>,
    /// What the search index took: documents, how many were segmented
    /// anew, index files (and the words for the cache); none when
    /// `search: false` or when the build stopped early.
    pub search: Option<crate::render::search_page::SearchReport>,
}

/// How a build treats its output folder.
#[derive(Debug, Clone, Copy)]
pub struct OutputOptions {
    /// Replace a non-empty output folder that no shudu build made (its
    /// paths under `keep:` are still carried over).
    pub force: bool,
    /// When another build is writing the same output: wait for it, or fail at once.
    pub when_busy: WhenBusy,
    /// Called before waiting for another build, with its process id when known.
    pub on_wait: fn(&Path, Option<u32>),
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            force: false,
            when_busy: WhenBusy::Wait,
            on_wait: |_, _| {},
        }
    }
}

/// The size of an output: what `shudu build` reports on its last line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputSummary {
    /// HTML files.
    pub pages: usize,
    /// All files, HTML or not.
    pub files: usize,
    /// Folders below the output folder (the output folder itself not counted).
    pub folders: usize,
    /// Total size of the files, in bytes.
    pub bytes: u64,
}

impl OutputSummary {
    /// The summary of output files given as (`/`-separated relative path, size).
    pub(crate) fn of<'a>(files: impl IntoIterator<Item = (&'a str, u64)>) -> OutputSummary {
        let mut folders = std::collections::HashSet::new();
        let mut s = OutputSummary::default();
        for (path, size) in files {
            s.files += 1;
            s.bytes += size;
            if path.ends_with(".html") {
                s.pages += 1;
            }
            let mut rest = path;
            while let Some(i) = rest.rfind('/') {
                rest = &rest[..i];
                if !folders.insert(rest) {
                    break;
                }
            }
        }
        s.folders = folders.len();
        s
    }
}

/// Why a build failed. Nothing was written in either case.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Errors in the site's files (content, configuration, templates), all of them, with warnings.
    #[error("the site has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Site(Vec<Diagnostic>),
    /// The output could not be written (see [`WriteError`] for what became of
    /// the previous output).
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The output folder would replace the site's own files (wrong usage: nothing was read or written).
    #[error("{}: the output folder would replace {what}; choose another --output", .output.display())]
    OutputOverlapsSite {
        /// The output folder, as given.
        output: std::path::PathBuf,
        /// What of the site it would replace (`the site's root folder`…).
        what: String,
    },
    /// The output folder holds files and no mark of a shudu build (wrong usage: nothing was written).
    #[error("{}: this folder holds files shudu did not write ({holds}), and a build replaces its output folder whole; choose another --output, empty it, or add --force to replace it (paths under `keep:` in site.yaml are carried over)", .output.display())]
    ForeignOutput {
        /// The output folder, as given.
        output: std::path::PathBuf,
        /// Some of the names it holds (`index.html, img/ and 3 more`).
        holds: String,
    },
}

/// A validated site with rendered bodies and compiled templates: everything
/// needed to produce pages, without the disk.
pub(crate) struct Prepared {
    pub(crate) site: Site,
    pub(crate) content: RenderedContent,
    pub(crate) templates: Templates,
    pub(crate) left_out: LeftOut,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) timings: Timings,
}

/// Loads, validates and prepares the site under `root`.
pub(crate) fn prepare(root: &Path, options: &BuildOptions) -> Result<Prepared, BuildError> {
    prepare_reusing(root, options, Reuse::default())
}

/// What a rebuild may take from earlier work (`serve` keeps both).
#[derive(Default)]
pub(crate) struct Reuse<'a> {
    /// Content files read before: only changed files are read again.
    pub(crate) docs: Option<&'a mut load::DocCache>,
    /// The last build: bodies it rendered are reused where still valid.
    pub(crate) previous: Option<&'a Prepared>,
}

/// As [`prepare`], reusing earlier work.
pub(crate) fn prepare_reusing(root: &Path, options: &BuildOptions, reuse: Reuse<'_>) -> Result<Prepared, BuildError> {
    let mut timings = Timings::default();
    let mut diags = Diagnostics::new();
    let t = Instant::now();
    let loaded = load::load_site_cached(root, &mut diags, reuse.docs);
    timings.load = t.elapsed();
    let Some(loaded) = loaded else {
        return Err(BuildError::Site(diags.into_sorted()));
    };
    let theme = loaded.theme.clone();
    // The templates compile while the model is built: neither needs the other.
    let ((built, model_time), (templates, templates_time)) = rayon::join(
        || timed(|| model::build_site(loaded, options, &mut diags)),
        || timed(|| Templates::compile(&theme)),
    );
    timings.model = model_time;
    timings.templates_compile = templates_time;
    let t = Instant::now();
    let built = built.map(|(mut site, left_out)| {
        site.photos = encode_photos(&site, &mut diags);
        (site, left_out)
    });
    timings.photos = t.elapsed();
    let templates = match templates {
        Ok(t) => Some(t),
        Err(errs) => {
            diags.extend(errs);
            None
        }
    };
    let (Some((site, left_out)), Some(templates), false) = (built, templates, diags.has_errors()) else {
        return Err(BuildError::Site(diags.into_sorted()));
    };
    let t = Instant::now();
    let previous = reuse
        .previous
        .map(|p| crate::render::content::PreviousContent::new(&p.site, &p.content));
    let content = match crate::render::content::render_content_reusing(&site, &templates, previous.as_ref()) {
        Ok(c) => c,
        Err(errs) => {
            diags.extend(errs);
            return Err(BuildError::Site(diags.into_sorted()));
        }
    };
    timings.markdown = t.elapsed();
    Ok(Prepared {
        site,
        content,
        templates,
        left_out,
        warnings: diags.into_sorted(),
        timings,
    })
}

/// `f`'s result, and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed())
}

/// The photos the pages show: from the cache, else encoded now (in
/// parallel); a picture that cannot be decoded is an error where it is used.
fn encode_photos(site: &Site, diags: &mut Diagnostics) -> crate::photo::Photos {
    use crate::photo::{Job, Probe};
    let mut photos = crate::photo::Photos::new();
    let mut jobs = Vec::new();
    for source in site.picture_uses.keys() {
        let Some(img) = site.images.get(source) else {
            continue;
        };
        if let Some(p) = &img.cached {
            photos.insert(source.clone(), p.clone());
        } else if let (Some(bytes), Ok(Probe::Raster { width, height })) = (&img.bytes, &img.probe) {
            jobs.push(Job {
                source: source.clone(),
                name: img.rel.clone(),
                key: img.key.clone(),
                bytes: bytes.clone(),
                pixels: u64::from(*width) * u64::from(*height),
            });
        }
    }
    let processed = crate::photo::process(jobs);
    for (source, e) in processed.failed {
        let (Some(u), Some(img)) = (site.picture_uses.get(&source), site.images.get(&source)) else {
            continue;
        };
        diags.error(&u.file, u.line, u.col, format!("image `{}`: {e}", img.rel));
    }
    photos.extend(processed.photos);
    photos
}

/// Builds the site under `root` into `output`, replacing it whole on success
/// (waiting for another build into the same output; refusing a folder that
/// is not shudu's): [`build_into`] with the default [`OutputOptions`].
pub fn build(root: &Path, output: &Path, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_into(root, output, options, &OutputOptions::default())
}

/// Builds the site under `root` into `output`, replacing it whole on success.
///
/// The build holds the output's lock throughout (see [`crate::write::lock`]),
/// removes staging folders of dead builds, and replaces only a folder it
/// owns (see [`crate::write::owner`]) unless `out.force`. When nothing the
/// build reads has changed since the last successful build into `output`
/// (and the output is as that build left it), nothing is rendered or
/// written: see `crate::write::state`.
pub fn build_into(
    root: &Path,
    output: &Path,
    options: &BuildOptions,
    out: &OutputOptions,
) -> Result<BuildReport, BuildError> {
    use crate::write::state;
    if let Some(what) = crate::write::guard::overlap(root, output) {
        return Err(BuildError::OutputOverlapsSite {
            output: output.to_path_buf(),
            what,
        });
    }
    let t = Instant::now();
    let place = Place::resolve(output)?;
    let _lock = OutputLock::acquire(&place, out.when_busy, |pid| (out.on_wait)(output, pid))?;
    let notes = stale_notes(stale::clean(&place));
    let inputs = state::input_fingerprint(root, options);
    if let Some(files) = state::up_to_date(&place.folder, inputs, options.now.timestamp()) {
        return Ok(BuildReport {
            warnings: Vec::new(),
            stats: WriteStats {
                written: 0,
                unchanged: files,
                removed: 0,
            },
            files,
            left_out: LeftOut::default(),
            timings: Timings {
                load: t.elapsed(),
                ..Timings::default()
            },
            output_files: Vec::new(),
            photos_encoded: 0,
            share_images: Default::default(),
            notes,
            summary: None,
            search: None,
        });
    }
    state::clear(&place.folder);
    let prepared = prepare(root, options)?;
    let photos = prepared.site.photos.clone();
    let keep = prepared.site.config.keep.clone();
    if let owner::Found::Foreign { names, count } = owner::inspect(&place, &keep)? {
        if !out.force {
            return Err(BuildError::ForeignOutput {
                output: output.to_path_buf(),
                holds: owner::describe(&names, count, &place.folder),
            });
        }
    }
    let due = prepared
        .left_out
        .scheduled
        .iter()
        .filter_map(|(_, date)| chrono::DateTime::parse_from_rfc3339(date).ok())
        .map(|d| d.timestamp())
        .min();
    let mut report = render_site(prepared, Some(&place))?;
    report.notes.splice(0..0, notes);
    crate::write::photo_cache::save(root, &photos);
    crate::write::share_cache::save(root, &report.share_images);
    // The drawn images are in the output and the cache now.
    report.share_images.new = Vec::new();
    if let Some(search) = report.search.as_mut() {
        crate::write::search_cache::save(root, &std::mem::take(&mut search.cache));
    }
    state::save(
        &place.folder,
        &state::BuildState::after_build(&place.folder, inputs, due, std::mem::take(&mut report.output_files)),
    );
    Ok(report)
}

/// What cleaning up after dead builds did, for the report.
fn stale_notes(cleaned: stale::Cleaned) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(path) = cleaned.restored {
        notes.push(format!(
            "a build that died mid-swap had moved the output aside; it was put back from {}",
            path.display()
        ));
    }
    if let Some(path) = cleaned.reused {
        notes.push(format!("reused {}, left by a build that died", path.display()));
    }
    for path in cleaned.removed {
        notes.push(format!("removed {}, left by a build that died", path.display()));
    }
    notes
}

/// Renders every page of the site under `root` and keeps them in memory:
/// nothing is written (`shudu build --render-to-memory`, as Hugo's
/// `--renderToMemory`). It measures the build without the disk, and checks
/// that every page renders.
pub fn build_in_memory(root: &Path, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    render_site(prepare(root, options)?, None)
}

/// Renders every page; with an `output`, writes them there (replacing it
/// whole), without, only counts them.
fn render_site(prepared: Prepared, output: Option<&Place>) -> Result<BuildReport, BuildError> {
    let Prepared {
        site,
        content,
        templates,
        left_out,
        warnings,
        mut timings,
    } = prepared;
    let photos_encoded = site.photos.values().filter(|p| p.encoded).count();
    let t = Instant::now();
    let renderer = Renderer::new(&site, &content, &templates);
    let jobs = renderer.plan();
    let staging = output.map(|place| Staging::new(place, &site.config.keep)).transpose()?;
    let results: Vec<Result<(usize, String, Duration, Duration), Problem>> = jobs
        .par_iter()
        .map(|job| {
            let t = Instant::now();
            let outputs = renderer.render(job).map_err(Problem::Site)?;
            let rendered = t.elapsed();
            let n = outputs.len();
            for o in outputs {
                match (&staging, &o.data) {
                    (Some(staging), OutputData::Bytes(b)) => staging.write(&o.path, b),
                    (Some(staging), OutputData::Copy(src)) => staging.copy(&o.path, src),
                    (None, _) => Ok(()),
                }
                .map_err(Problem::Write)?;
            }
            Ok((n, job.kind().to_string(), rendered, t.elapsed() - rendered))
        })
        .collect();
    let mut files = 0;
    let mut site_errors = Vec::new();
    let mut write_error = None;
    for r in results {
        match r {
            Ok((n, kind, render, write)) => {
                files += n;
                let k = timings.by_kind.entry(kind).or_default();
                k.jobs += 1;
                k.render += render;
                k.write += write;
            }
            Err(Problem::Site(d)) => site_errors.push(d),
            Err(Problem::Write(e)) => write_error = write_error.or(Some(e)),
        }
    }
    timings.render_and_write = t.elapsed();
    let share_images = renderer.take_share_images();
    let search = site.config.search.then(|| renderer.search_report());
    drop(renderer);
    if !site_errors.is_empty() {
        if let Some(staging) = staging {
            staging.abort();
        }
        let mut all = Diagnostics::new();
        all.extend(site_errors);
        all.extend(warnings);
        return Err(BuildError::Site(all.into_sorted()));
    }
    if let Some(e) = write_error {
        if let Some(staging) = staging {
            staging.abort();
        }
        return Err(e.into());
    }
    let t = Instant::now();
    let staging_used = staging.is_some();
    let (stats, output_files) = match staging {
        Some(staging) => {
            let done = staging.commit()?;
            (done.stats, done.files)
        }
        None => (WriteStats::default(), Vec::new()),
    };
    timings.swap = t.elapsed();
    let summary = staging_used.then(|| OutputSummary::of(output_files.iter().map(|(p, size, _)| (p.as_str(), *size))));
    Ok(BuildReport {
        warnings,
        stats,
        files,
        left_out,
        timings,
        output_files,
        photos_encoded,
        share_images,
        notes: Vec::new(),
        summary,
        search,
    })
}

/// Renders `jobs` in parallel into memory (for `serve`): every output, or
/// every error.
pub(crate) fn render_jobs(
    renderer: &Renderer<'_>,
    jobs: &[crate::render::Job],
) -> Result<Vec<crate::render::Output>, Vec<Diagnostic>> {
    let results: Vec<Result<Vec<crate::render::Output>, Diagnostic>> =
        jobs.par_iter().map(|job| renderer.render(job)).collect();
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(o) => outputs.extend(o),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

enum Problem {
    Site(Diagnostic),
    Write(WriteError),
}

#[cfg(test)]
mod tests {
    use super::OutputSummary;

    #[test]
    fn a_summary_counts_pages_files_every_folder_once_and_bytes() {
        let s = OutputSummary::of([
            ("index.html", 10),
            ("stories/a/index.html", 20),
            ("stories/a/widget.html", 5),
            ("stories/a/oembed.json", 1),
            ("en/stories/b/index.html", 7),
            ("css/site.css", 3),
        ]);
        // stories, stories/a, en, en/stories, en/stories/b, css
        assert_eq!(
            s,
            OutputSummary {
                pages: 4,
                files: 6,
                folders: 6,
                bytes: 46
            }
        );
        assert_eq!(OutputSummary::of([]), OutputSummary::default());
    }
}
