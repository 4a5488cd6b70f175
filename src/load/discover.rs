//! Discovering content files: commands, stories (any depth), free pages and
//! the assets beside stories.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::front_matter;
use super::yaml::Node;
use super::{rel_path, FileSource, StaticFile};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// What kind of item a Markdown file is, by its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum DocKind {
    Command,
    Story,
    Page,
}

impl DocKind {
    pub(crate) fn folder(self) -> &'static str {
        match self {
            DocKind::Command => "commands",
            DocKind::Story => "stories",
            DocKind::Page => "pages",
        }
    }
}

/// One Markdown file, read and split.
#[derive(Debug, Clone)]
pub(crate) struct SourceDoc {
    pub(crate) kind: DocKind,
    /// Path relative to the site root (`content/stories/2022/a.en.md`).
    pub(crate) rel: String,
    /// The language of this file.
    pub(crate) lang: String,
    /// Identity shared by translations: the path under the kind's folder
    /// without language suffix and extension (`2022/a`).
    pub(crate) key: String,
    /// The file stem without language suffix (`a`, or `台州智力援疆`).
    pub(crate) stem: String,
    pub(crate) front: Node,
    pub(crate) body: String,
    /// 1-based line where the body starts.
    pub(crate) body_line: usize,
    /// [`front_matter::fingerprint`] of the front matter text.
    pub(crate) front_hash: u64,
    /// A story's `cover`, found and measured ([`super::cover`]).
    pub(crate) cover: Option<super::cover::CoverProbe>,
}

/// A non-Markdown file under `content/` (an image beside a story).
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Path relative to `content/` with `/` (`stories/2022/images/a.jpg`).
    pub(crate) rel: String,
    pub(crate) abs: PathBuf,
}

/// Content files read earlier, by path, with the size and modification time
/// they had then: `serve` keeps them so that a rebuild reads only the files
/// that changed. Valid for one site configuration (languages decide how a
/// file is read): start a new one when `site.yaml` changes.
#[derive(Debug, Default)]
pub(crate) struct DocCache {
    docs: std::collections::HashMap<std::path::PathBuf, (u64, u128, SourceDoc)>,
}

impl DocCache {
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.docs.len()
    }

    /// Drops the file at `rel` (relative to `root`): it is read afresh next
    /// time, whatever its size and modification time say (they can stay the
    /// same across a quick edit of the same length: file times are as
    /// coarse as the kernel's clock tick).
    pub(crate) fn forget(&mut self, root: &Path, rel: &str) {
        self.docs.remove(&root.join(rel));
    }

    /// The content file at `rel` (relative to `root`), as [`discover_content_cached`]
    /// would give it: from the cache when its size and modification time are
    /// those it was read at, else read afresh and kept.
    pub(crate) fn doc(&mut self, root: &Path, config: &SiteConfig, rel: &str) -> Result<SourceDoc, Vec<Diagnostic>> {
        let path = root.join(rel);
        let unreadable = |e: std::io::Error| vec![Diagnostic::error(rel, 0, 0, format!("cannot read: {e}"))];
        let now = stamp(&path).ok_or_else(|| unreadable(std::io::ErrorKind::NotFound.into()))?;
        if let Some((len, mtime, doc)) = self.docs.get(&path) {
            if (*len, *mtime) == now {
                let mut doc = doc.clone();
                super::cover::probe_doc(root, &mut doc);
                return Ok(doc);
            }
        }
        let mut doc = read_doc(root, &root.join("content"), &path, config)?;
        self.docs.insert(path, (now.0, now.1, doc.clone()));
        super::cover::probe_doc(root, &mut doc);
        Ok(doc)
    }
}

/// Size and modification time (ns) of the file at `path`.
fn stamp(path: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), super::mtime_ns(&m)))
}

/// Finds and reads every content file. Files are read in parallel.
#[cfg(test)]
pub(crate) fn discover_content(
    root: &Path,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> (Vec<SourceDoc>, Vec<Asset>) {
    discover_content_cached(root, config, diags, None)
}

/// Finds and reads every content file, in parallel; with a `cache`, takes
/// a file from it when its size and modification time are those it was read
/// at, and keeps every file read afresh there.
pub(crate) fn discover_content_cached(
    root: &Path,
    config: &SiteConfig,
    diags: &mut Diagnostics,
    mut cache: Option<&mut DocCache>,
) -> (Vec<SourceDoc>, Vec<Asset>) {
    let content = root.join("content");
    let mut md_files = Vec::new();
    let mut assets = Vec::new();
    if !content.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(|p| rel_path(root, p)).unwrap_or_else(|| "content".into());
                diags.error(&p, 0, 0, format!("cannot read: {e}"));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue;
        }
        if entry.path_is_symlink() {
            // A link may point anywhere: follow it only when it stays inside the site.
            match super::link_target(path, &canonical_root) {
                super::LinkTarget::File => {}
                super::LinkTarget::Folder => continue,
                super::LinkTarget::Refused(why) => {
                    diags.error(&rel_path(root, path), 0, 0, format!("{why}; it is not read"));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let under = path.strip_prefix(&content).unwrap_or(path);
        if name.ends_with(".md") {
            md_files.push(path.to_path_buf());
        } else if under.starts_with("stories") {
            assets.push(Asset {
                rel: rel_path(&content, path),
                abs: path.to_path_buf(),
            });
        }
    }

    let known = cache.as_deref();
    /// One content file, from the cache or read afresh.
    struct Got<'p> {
        path: &'p std::path::PathBuf,
        /// Size and mtime before reading (with a cache only).
        stamp: Option<(u64, u128)>,
        fresh: bool,
        doc: Result<SourceDoc, Vec<Diagnostic>>,
    }
    let results: Vec<Got> = md_files
        .par_iter()
        .map(|path| {
            let stamp = known.and(stamp(path));
            let cached = known
                .and_then(|c| c.docs.get(path))
                .filter(|(len, mtime, _)| Some((*len, *mtime)) == stamp)
                .map(|(_, _, doc)| doc.clone());
            match cached {
                Some(doc) => Got {
                    path,
                    stamp,
                    fresh: false,
                    doc: Ok(doc),
                },
                None => Got {
                    path,
                    stamp,
                    fresh: true,
                    doc: read_doc(root, &content, path, config),
                },
            }
        })
        // A story's cover is found and measured here, in parallel too (a
        // cached file's cover may have changed: it is probed again).
        .map(|mut got| {
            if let Ok(d) = &mut got.doc {
                super::cover::probe_doc(root, d);
            }
            got
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    for got in results {
        match got.doc {
            Ok(d) => {
                if let (true, Some((len, mtime)), Some(c)) = (got.fresh, got.stamp, cache.as_deref_mut()) {
                    c.docs.insert(got.path.clone(), (len, mtime, d.clone()));
                }
                docs.push(d);
            }
            Err(errs) => diags.extend(errs),
        }
    }
    (docs, assets)
}

fn read_doc(root: &Path, content: &Path, path: &Path, config: &SiteConfig) -> Result<SourceDoc, Vec<Diagnostic>> {
    let rel = rel_path(root, path);
    let under = rel_path(content, path);
    let err = |line, col, msg: String| vec![Diagnostic::error(rel.clone(), line, col, msg)];
    let (folder, inner) = under.split_once('/').unwrap_or(("", &under));
    let kind = match folder {
        "commands" => DocKind::Command,
        "stories" => DocKind::Story,
        "pages" => DocKind::Page,
        _ => {
            return Err(vec![Diagnostic::warning(
                rel.clone(),
                0,
                0,
                "Markdown outside content/commands, content/stories and content/pages is ignored",
            )])
        }
    };
    debug_assert_eq!(kind.folder(), folder);
    let without_ext = inner.strip_suffix(".md").unwrap_or(inner);
    let (key, lang) = match without_ext.rsplit_once('.') {
        Some((k, l)) if !l.contains('/') => {
            if !config.has_language(l) {
                return Err(err(
                    0,
                    0,
                    format!(
                        "file name says language `{l}`, which is not one of site.yaml's languages ({})",
                        config.language_codes().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            (k.to_string(), l.to_string())
        }
        _ => (without_ext.to_string(), config.default_language.clone()),
    };
    let stem = key.rsplit('/').next().unwrap_or(&key).to_string();
    if kind != DocKind::Story && key.contains('/') {
        return Err(err(
            0,
            0,
            format!("{} must sit directly in content/{}/", kind_name(kind), kind.folder()),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| err(0, 0, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        err(line, 1, "file is not valid UTF-8 (save it as UTF-8)".into())
    })?;
    let split = front_matter::split(&text).map_err(|e| err(e.pos.line, e.pos.col, e.message))?;
    Ok(SourceDoc {
        kind,
        rel,
        lang,
        key,
        stem,
        body: split.body.to_string(),
        body_line: split.body_line,
        front_hash: front_matter::fingerprint(split.front_text),
        front: split.front,
        cover: None,
    })
}

fn kind_name(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Command => "a command",
        DocKind::Story => "a story",
        DocKind::Page => "a free page",
    }
}

/// Files of a static folder (`static/` of the site), to be copied to the output root.
pub(crate) fn static_dir(root: &Path, folder: &str, diags: &mut Diagnostics) -> Vec<StaticFile> {
    let dir = root.join(folder);
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let Ok(entry) = entry else {
            diags.error(folder, 0, 0, "cannot read a file of the static folder");
            continue;
        };
        match super::walked_file(&entry, &canonical_root) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(why) => {
                diags.error(&rel_path(root, entry.path()), 0, 0, format!("{why}; it is not copied"));
                continue;
            }
        }
        out.push(StaticFile {
            output: rel_path(&dir, entry.path()),
            source: FileSource::Disk(entry.path().to_path_buf()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, SiteConfig) {
        let dir = tempfile::tempdir().expect("tmp");
        let mut diags = Diagnostics::new();
        let config = crate::config::parse_config(
            "base_url: https://x.example\nlanguages:\n  zh: {title: 站}\n  en: {title: Site}\n",
            &mut diags,
        )
        .expect("config");
        std::fs::create_dir_all(dir.path().join("content/stories")).expect("mkdir");
        (dir, config)
    }

    fn write(dir: &Path, rel: &str, text: &str) {
        std::fs::write(dir.join(rel), text).expect("write");
    }

    fn bodies(docs: &[SourceDoc]) -> Vec<(String, String)> {
        let mut v: Vec<_> = docs.iter().map(|d| (d.rel.clone(), d.body.clone())).collect();
        v.sort();
        v
    }

    #[test]
    fn a_cache_rereads_only_files_whose_size_or_mtime_changed() {
        let (dir, config) = site();
        let root = dir.path();
        write(root, "content/stories/a.md", "---\ntitle: 甲\n---\nold a\n");
        write(root, "content/stories/b.md", "---\ntitle: 乙\n---\nold b\n");
        let mut cache = DocCache::default();
        let mut diags = Diagnostics::new();
        let (docs, _) = discover_content_cached(root, &config, &mut diags, Some(&mut cache));
        assert_eq!(cache.len(), 2);
        assert_eq!(docs.len(), 2);

        // `a` changes size; `b` changes bytes but keeps its size and mtime,
        // which only a cached read would miss.
        let b = root.join("content/stories/b.md");
        let mtime = std::fs::metadata(&b).and_then(|m| m.modified()).expect("mtime");
        write(root, "content/stories/a.md", "---\ntitle: 甲\n---\nnew text of a\n");
        write(root, "content/stories/b.md", "---\ntitle: 乙\n---\nNEW b\n");
        std::fs::File::options()
            .write(true)
            .open(&b)
            .and_then(|f| f.set_modified(mtime))
            .expect("set mtime");
        let (docs, _) = discover_content_cached(root, &config, &mut diags, Some(&mut cache));
        assert_eq!(
            bodies(&docs),
            [
                ("content/stories/a.md".to_string(), "new text of a\n".to_string()),
                ("content/stories/b.md".to_string(), "old b\n".to_string()),
            ]
        );
        // Without the cache, everything is read.
        let (docs, _) = discover_content(root, &config, &mut diags);
        assert_eq!(bodies(&docs)[1].1, "NEW b\n");
        assert!(!diags.has_errors());
    }
}
