//! Share images in the output: the two PNGs ([`crate::share::Layout`]) of
//! every command-year widget, indicator widget, yearly 数读 page, and of the
//! stories that ask for theirs (`share_image: true`, or site-wide in
//! site.yaml). An image the cache (`.shudu-cache/share/`, listed by `load`)
//! holds is copied from it; any other is drawn, counted, and handed back
//! for the write stage to add to the cache.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::context::ShareImage;
use super::pages::{Output, OutputData, Renderer};
use crate::diagnostic::Diagnostic;
use crate::load::FileSource;
use crate::model::urls::output_file;
use crate::model::FigureRow;
use crate::share::{self, Frame, Layout, ShareError};

/// What the share images of one build did.
#[derive(Debug, Default)]
pub(crate) struct ShareState {
    /// Whether images are drawn: `check` only checks their glyphs.
    pub(crate) draw: bool,
    /// Images drawn (not from the cache).
    pub(crate) rendered: AtomicUsize,
    /// Images drawn by this build, by key, for the cache.
    pub(crate) new: Mutex<Vec<(String, Vec<u8>)>>,
    /// Keys of every image the output holds (drawn or cached).
    pub(crate) used: Mutex<BTreeSet<String>>,
}

/// What a build hands the write stage about its share images.
#[derive(Debug, Default)]
pub struct ShareImages {
    /// Images drawn by this build (the others came from the cache).
    pub rendered: usize,
    pub(crate) new: Vec<(String, Vec<u8>)>,
    pub(crate) used: BTreeSet<String>,
}

impl ShareState {
    pub(crate) fn new(draw: bool) -> Self {
        ShareState {
            draw,
            ..ShareState::default()
        }
    }

    /// The counts and images, for the write stage.
    pub(crate) fn take(&self) -> ShareImages {
        ShareImages {
            rendered: self.rendered.load(Ordering::Relaxed),
            new: self.new.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default(),
            used: self
                .used
                .lock()
                .map(|mut v| std::mem::take(&mut *v))
                .unwrap_or_default(),
        }
    }
}

impl Renderer<'_> {
    /// The frame of a share image in language `li`: the site's name, and
    /// `source` (a URL) without its scheme.
    pub(super) fn share_frame<'s>(&'s self, li: usize, source: &'s str) -> Frame<'s> {
        let code = &self.langs[li].code;
        Frame {
            lang: code,
            header: self.site.config.language(code).map(|c| c.title.as_str()).unwrap_or(""),
            footer: source.split_once("://").map_or(source, |(_, rest)| rest),
        }
    }

    /// The two share images in folder `dir` (a URL path ending in `/`):
    /// `svgs[0]` drawn 1200×630, `svgs[1]` tall; a character the font lacks
    /// is an error at the figure it comes from among `rows` (else at
    /// site.yaml, whose title the frame shows).
    pub(super) fn share_outputs(
        &self,
        svgs: [&str; 2],
        frame: &Frame<'_>,
        dir: &str,
        rows: &[&FigureRow],
    ) -> Result<Vec<Output>, Diagnostic> {
        let state = &self.share;
        let mut out = Vec::with_capacity(2);
        for (layout, svg) in Layout::ALL.into_iter().zip(svgs) {
            let key = share::key(svg, frame, layout);
            let path = output_file(&format!("{dir}{}", layout.file_name()));
            if let Some(file) = self.site.share_cache.get(&key) {
                if let Ok(mut used) = state.used.lock() {
                    used.insert(key);
                }
                out.push(Output {
                    path,
                    data: OutputData::Copy(FileSource::Disk(file.clone())),
                });
                continue;
            }
            if !state.draw {
                share::check(svg, frame).map_err(|e| self.share_error(e, rows))?;
                // `check` draws nothing, but the picture is a file of the
                // site: links to it (download links, `og:image`) resolve.
                out.push(Output {
                    path,
                    data: OutputData::Bytes(Vec::new()),
                });
                continue;
            }
            let png = share::render(svg, frame, layout).map_err(|e| self.share_error(e, rows))?;
            state.rendered.fetch_add(1, Ordering::Relaxed);
            if let Ok(mut new) = state.new.lock() {
                new.push((key.clone(), png.clone()));
            }
            if let Ok(mut used) = state.used.lock() {
                used.insert(key);
            }
            out.push(Output {
                path,
                data: OutputData::Bytes(png),
            });
        }
        Ok(out)
    }

    /// The `og:image` of a page whose share images are in folder `dir`.
    pub(super) fn share_meta(&self, dir: &str, alt: String) -> ShareImage {
        let (width, height) = Layout::Og.size();
        ShareImage {
            url: self.site.urls.permalink(&format!("{dir}{}", Layout::Og.file_name())),
            width,
            height,
            alt,
        }
    }

    /// A share image's error as a diagnostic: a missing glyph at the figure
    /// whose label, unit or note has the character.
    pub(super) fn share_error(&self, e: ShareError, rows: &[&FigureRow]) -> Diagnostic {
        let site = self.site;
        if let ShareError::MissingGlyph { ch, .. } = &e {
            for r in rows {
                let Some(f) = site.stories.get(r.story).and_then(|s| s.figures.get(r.figure)) else {
                    continue;
                };
                let labels: Vec<&str> = match &f.label {
                    crate::model::Label::Plain(s) => vec![s.as_str()],
                    crate::model::Label::PerLanguage(m) => m.values().map(String::as_str).collect(),
                };
                let texts = labels.into_iter().chain(f.unit.as_deref()).chain(f.note.as_deref());
                let key_label = f
                    .key
                    .as_ref()
                    .and_then(|k| site.indicators.get(k))
                    .is_some_and(|i| i.labels.values().any(|l| l.contains(*ch)));
                if texts.into_iter().any(|t| t.contains(*ch)) && !key_label {
                    return Diagnostic::error(&f.path, f.pos.line, f.pos.col, e.to_string());
                }
                if key_label {
                    return Diagnostic::error(crate::load::INDICATORS_FILE, 1, 1, e.to_string());
                }
            }
            let in_command = site.commands.iter().flat_map(|c| c.versions.iter()).find(|v| {
                v.fields.name.contains(*ch) || v.fields.short_name.as_deref().is_some_and(|s| s.contains(*ch))
            });
            if let Some(v) = in_command {
                return Diagnostic::error(&v.path, 1, 1, e.to_string());
            }
            if let Some(r) = rows.first() {
                if let Some(s) = site.stories.get(r.story) {
                    return Diagnostic::error(&s.primary().path, 1, 1, e.to_string());
                }
            }
        }
        Diagnostic::error(crate::config::CONFIG_FILE, 1, 1, e.to_string())
    }
}
