//! Load: find the site's files and read them — configuration, front matter and
//! bodies, the indicator registry, the theme and static files. This is the only
//! stage that reads the disk; everything after works on what it returns.

pub(crate) mod cover;
pub(crate) mod discover;
pub(crate) mod fields;
pub mod front_matter;
pub mod images;
pub mod share_cache;
pub(crate) mod source;
pub(crate) mod theme;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::config::{self, SiteConfig};
use crate::diagnostic::Diagnostics;

pub(crate) use cover::{Cover, CoverProbe, CoverProblem};
pub(crate) use discover::{Asset, DocCache, DocKind, SourceDoc};
pub(crate) use theme::ThemeSource;

/// Where a file to be copied into the output comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileSource {
    /// A file on disk (absolute path).
    Disk(PathBuf),
    /// A file built into the binary (the default theme).
    Embedded(&'static [u8]),
}

/// The size in bytes of a file the output copies (0 when it cannot be
/// read: `build` reports that when it copies it). For `check`'s hosting
/// limits, which count the output without writing it.
pub(crate) fn copied_size(source: &FileSource) -> u64 {
    match source {
        FileSource::Disk(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        FileSource::Embedded(bytes) => bytes.len() as u64,
    }
}

/// A file copied as it is into the output.
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// Path in the output, relative, with `/` (`css/site.css`).
    pub(crate) output: String,
    pub(crate) source: FileSource,
}

/// Everything read from disk for one build.
#[derive(Debug)]
pub(crate) struct LoadedSite {
    pub(crate) config: SiteConfig,
    pub(crate) docs: Vec<SourceDoc>,
    pub(crate) assets: Vec<Asset>,
    /// The pictures among `assets`, read and probed.
    pub(crate) images: images::SourceImages,
    /// The share images drawn by earlier builds.
    pub(crate) share_cache: share_cache::ShareCache,
    /// `data/indicators.yaml`, parsed, when present.
    pub(crate) indicators: Option<yaml::Node>,
    pub(crate) theme: ThemeSource,
    /// Theme static files the site's `static/` does not replace, then the site's.
    pub(crate) static_files: Vec<StaticFile>,
    /// The search cache's text (`.shudu-cache/search/words.txt`), when
    /// search is on and the file is there (see [`crate::search::cache`]).
    pub(crate) search_words: Option<String>,
}

/// The search cache file, relative to the root (see `crate::search::cache`).
pub const SEARCH_CACHE_FILE: &str = ".shudu-cache/search/words.txt";

/// The theme's search script, left out when `search: false`.
pub(crate) const SEARCH_SCRIPT: &str = "js/search.js";

/// Path of the indicator registry, relative to the root.
pub(crate) const INDICATORS_FILE: &str = "data/indicators.yaml";

/// Reads the whole site under `root`; with a `cache`, only the content files
/// that changed since they went into it (see [`DocCache`]). All problems go
/// to `diags`; `None` when the site cannot be read at all (no usable
/// `site.yaml`).
pub(crate) fn load_site_cached(
    root: &Path,
    diags: &mut Diagnostics,
    cache: Option<&mut DocCache>,
) -> Option<LoadedSite> {
    let config = load_config(root, diags)?;
    let (docs, assets) = discover::discover_content_cached(root, &config, diags, cache);
    let images = images::read_images(root, &assets);
    let share_cache = share_cache::list(root);
    let indicators = read_indicators(root, diags);
    let theme = theme::load_theme(root, &config.theme, config.theme_pos, diags);
    let site_static = discover::static_dir(root, "static", diags);
    let mut static_files: Vec<StaticFile> = theme
        .static_files
        .iter()
        .filter(|t| !site_static.iter().any(|s| s.output == t.output))
        .filter(|t| config.search || t.output != SEARCH_SCRIPT)
        .cloned()
        .collect();
    static_files.extend(site_static);
    // A cache that cannot be read only means segmenting again.
    let search_words = config
        .search
        .then(|| std::fs::read_to_string(root.join(SEARCH_CACHE_FILE)).ok())
        .flatten();
    Some(LoadedSite {
        config,
        docs,
        assets,
        images,
        share_cache,
        indicators,
        theme,
        static_files,
        search_words,
    })
}

/// Reads `site.yaml` under `root`. Problems are added to `diags`; `None` when
/// the configuration cannot be used at all.
pub(crate) fn load_config(root: &Path, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let path = config::CONFIG_FILE;
    let text = match std::fs::read_to_string(root.join(path)) {
        Ok(t) => t,
        Err(e) => {
            diags.error(
                path,
                0,
                0,
                format!(
                    "cannot read the site configuration in {}: {e} (is this a shudu site? `shudu init DIR` makes one)",
                    root.display()
                ),
            );
            return None;
        }
    };
    config::parse_config(&text, diags)
}

fn read_indicators(root: &Path, diags: &mut Diagnostics) -> Option<yaml::Node> {
    let path = root.join(INDICATORS_FILE);
    if !path.is_file() {
        return None;
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            diags.error(INDICATORS_FILE, 0, 0, format!("cannot read: {e}"));
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match yaml::parse(text, 1) {
        Ok(n) => Some(n),
        Err(e) => {
            diags.error(INDICATORS_FILE, e.pos.line, e.pos.col, e.message);
            None
        }
    }
}

/// A file's modification time in nanoseconds since the Unix epoch (0 when
/// the system cannot tell): with its size, the stamp that tells whether a
/// file changed since it was read (content files here, output files in
/// `write`).
pub(crate) fn mtime_ns(m: &std::fs::Metadata) -> u128 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Whether `rel` (relative to `root`) is a file of the site (`check` asks,
/// to say why a link to it is broken).
pub(crate) fn is_site_file(root: &Path, rel: &str) -> bool {
    root.join(rel).is_file()
}

/// `path` relative to `root`, with `/` separators, for messages and keys.
pub(crate) fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a symbolic link found in the site's folders leads to.
pub(crate) enum LinkTarget {
    /// A file inside the site: read it.
    File,
    /// A folder inside the site.
    Folder,
    /// Nothing to follow, and why (`points outside the site root`).
    Refused(&'static str),
}

/// Whether an entry of a walked folder is a file to read: `Ok(true)` for a
/// file, or a symbolic link to a file inside the site; `Ok(false)` for what
/// is skipped quietly (folders); `Err(why)` for a link that is not followed.
pub(crate) fn walked_file(entry: &walkdir::DirEntry, canonical_root: &std::path::Path) -> Result<bool, &'static str> {
    if !entry.path_is_symlink() {
        return Ok(entry.file_type().is_file());
    }
    match link_target(entry.path(), canonical_root) {
        LinkTarget::File => Ok(true),
        LinkTarget::Folder => Err("symbolic link points to a folder"),
        LinkTarget::Refused(why) => Err(why),
    }
}

/// Where the symbolic link `path` leads, for a site whose canonical root is
/// `canonical_root`: a link may point anywhere, and is followed only when it
/// stays inside the site.
pub(crate) fn link_target(path: &std::path::Path, canonical_root: &std::path::Path) -> LinkTarget {
    /// ELOOP: too many levels of symbolic links.
    #[cfg(target_os = "linux")]
    const ELOOP: i32 = 40;
    #[cfg(not(target_os = "linux"))]
    const ELOOP: i32 = 62;
    match path.canonicalize() {
        Ok(t) if t.starts_with(canonical_root) && t.is_file() => LinkTarget::File,
        Ok(t) if t.starts_with(canonical_root) => LinkTarget::Folder,
        Ok(_) => LinkTarget::Refused("symbolic link points outside the site root"),
        Err(e) if e.raw_os_error() == Some(ELOOP) => {
            LinkTarget::Refused("symbolic link loop: the link leads back to itself")
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            LinkTarget::Refused("symbolic link points to nothing (its target does not exist)")
        }
        Err(_) => LinkTarget::Refused("symbolic link cannot be followed"),
    }
}
