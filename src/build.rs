//! The whole pipeline: load → model → render → write.

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load;
use crate::model::{self, build::LeftOut, BuildOptions, Site};
use crate::render::{OutputData, RenderedContent, Renderer, Templates};
use crate::write::{Staging, WriteError, WriteStats};

/// Time spent in each phase of a build.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub load: Duration,
    pub model: Duration,
    pub markdown: Duration,
    pub templates_compile: Duration,
    /// Encoding the photos the cache did not have.
    pub photos: Duration,
    pub render_and_write: Duration,
    pub swap: Duration,
    /// Per kind of page (`Story`, `Command`, `Feed`…): jobs, time rendering
    /// templates, time writing files (summed over threads, so larger than
    /// the wall time of `render_and_write`).
    pub by_kind: std::collections::BTreeMap<String, KindTiming>,
}

/// Time spent on one kind of page, summed over threads.
#[derive(Debug, Default, Clone, Copy)]
pub struct KindTiming {
    pub jobs: usize,
    pub render: Duration,
    pub write: Duration,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub warnings: Vec<Diagnostic>,
    pub stats: WriteStats,
    /// Output files produced.
    pub files: usize,
    pub left_out: LeftOut,
    pub timings: Timings,
    /// Every file of the output (path, size, mtime in ns), sorted; empty for
    /// a build in memory or one that stopped early.
    pub output_files: Vec<crate::write::OutputFile>,
    /// Photos encoded by this build (the others came from the cache).
    pub photos_encoded: usize,
}

/// Why a build failed. Nothing was written in either case.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Errors in the site's files (content, configuration, templates), all of them, with warnings.
    #[error("the site has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Site(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The output folder would replace the site's own files (wrong usage: nothing was read or written).
    #[error("{}: the output folder would replace {what}; choose another --output", .output.display())]
    OutputOverlapsSite { output: std::path::PathBuf, what: String },
}

/// A validated site with rendered bodies and compiled templates: everything
/// needed to produce pages, without the disk.
pub struct Prepared {
    pub site: Site,
    pub content: RenderedContent,
    pub templates: Templates,
    pub left_out: LeftOut,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Loads, validates and prepares the site under `root`.
pub fn prepare(root: &Path, options: &BuildOptions) -> Result<Prepared, BuildError> {
    prepare_reusing(root, options, Reuse::default())
}

/// What a rebuild may take from earlier work (`serve` keeps both).
#[derive(Default)]
pub struct Reuse<'a> {
    /// Content files read before: only changed files are read again.
    pub docs: Option<&'a mut load::DocCache>,
    /// The last build: bodies it rendered are reused where still valid.
    pub previous: Option<&'a Prepared>,
}

/// As [`prepare`], reusing earlier work.
pub fn prepare_reusing(root: &Path, options: &BuildOptions, reuse: Reuse<'_>) -> Result<Prepared, BuildError> {
    let mut timings = Timings::default();
    let mut diags = Diagnostics::new();
    let t = Instant::now();
    let loaded = load::load_site_cached(root, &mut diags, reuse.docs);
    timings.load = t.elapsed();
    let Some(loaded) = loaded else {
        return Err(BuildError::Site(diags.into_sorted()));
    };
    let t = Instant::now();
    let theme = loaded.theme.clone();
    let built = model::build_site(loaded, options, &mut diags);
    timings.model = t.elapsed();
    let t = Instant::now();
    let built = built.map(|(mut site, left_out)| {
        site.photos = encode_photos(&site, &mut diags);
        (site, left_out)
    });
    timings.photos = t.elapsed();
    let t = Instant::now();
    let templates = Templates::compile(&theme);
    timings.templates_compile = t.elapsed();
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

/// Builds the site under `root` into `output`, replacing it whole on success.
///
/// When nothing the build reads has changed since the last successful build
/// into `output` (and the output is as that build left it), nothing is
/// rendered or written: see [`crate::write::state`].
pub fn build(root: &Path, output: &Path, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    use crate::write::state;
    if let Some(what) = crate::write::guard::overlap(root, output) {
        return Err(BuildError::OutputOverlapsSite {
            output: output.to_path_buf(),
            what,
        });
    }
    let t = Instant::now();
    let inputs = state::input_fingerprint(root, options);
    if let Some(files) = state::up_to_date(output, inputs, options.now.timestamp()) {
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
        });
    }
    state::clear(output);
    let prepared = prepare(root, options)?;
    let photos = prepared.site.photos.clone();
    let due = prepared
        .left_out
        .scheduled
        .iter()
        .filter_map(|(_, date)| chrono::DateTime::parse_from_rfc3339(date).ok())
        .map(|d| d.timestamp())
        .min();
    let mut report = write_site(prepared, output)?;
    crate::write::photo_cache::save(root, &photos);
    state::save(
        output,
        &state::BuildState::after_build(output, inputs, due, std::mem::take(&mut report.output_files)),
    );
    Ok(report)
}

/// Renders every page of a prepared site and swaps it in at `output`.
pub fn write_site(prepared: Prepared, output: &Path) -> Result<BuildReport, BuildError> {
    render_site(prepared, Some(output))
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
fn render_site(prepared: Prepared, output: Option<&Path>) -> Result<BuildReport, BuildError> {
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
    let staging = output.map(Staging::new).transpose()?;
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
    let (stats, output_files) = match staging {
        Some(staging) => staging.commit()?,
        None => (WriteStats::default(), Vec::new()),
    };
    timings.swap = t.elapsed();
    Ok(BuildReport {
        warnings,
        stats,
        files,
        left_out,
        timings,
        output_files,
        photos_encoded,
    })
}

/// Renders `jobs` in parallel into memory (for `serve`): every output, or
/// every error.
pub fn render_jobs(
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
