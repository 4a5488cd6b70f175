//! Pictures beside stories: read once, their headers probed, and looked up in
//! the photo cache (`.shudu-cache/images/` under the site root).
//!
//! A picture found in the cache keeps only the cache's file names; one that
//! is not keeps its bytes for the encoder (`crate::photo::process`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::photo::{self, Manifest, Photo, Probe, Variant, VariantData};

/// The folder of the photo cache, relative to the site root.
pub const CACHE_DIR: &str = ".shudu-cache/images";

/// A picture file beside a story.
#[derive(Debug, Clone)]
pub(crate) struct SourceImage {
    /// Path relative to the site root (`content/stories/images/a.jpg`).
    pub(crate) rel: String,
    /// What its header says, or why it cannot be used.
    pub(crate) probe: Result<Probe, String>,
    /// The cache key (bytes and settings); empty when unreadable.
    pub(crate) key: String,
    /// The cached photo, when the cache has it.
    pub(crate) cached: Option<Photo>,
    /// The file's bytes, when they are still to be encoded.
    pub(crate) bytes: Option<Arc<Vec<u8>>>,
}

/// Pictures by absolute path.
pub(crate) type SourceImages = BTreeMap<PathBuf, SourceImage>;

/// Whether a file name is one of the pictures shudu handles.
pub(crate) fn is_picture(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Reads and probes the pictures among `assets` (in parallel).
pub(crate) fn read_images(root: &Path, assets: &[super::Asset]) -> SourceImages {
    let cache = root.join(CACHE_DIR);
    assets
        .par_iter()
        .filter(|a| is_picture(&a.rel))
        .map(|a| (a.abs.clone(), read_one(&cache, a)))
        .collect()
}

fn read_one(cache: &Path, asset: &super::Asset) -> SourceImage {
    let rel = format!("content/{}", asset.rel);
    let bytes = match std::fs::read(&asset.abs) {
        Ok(b) => b,
        Err(e) => {
            return SourceImage {
                rel,
                probe: Err(format!("cannot read: {e}")),
                key: String::new(),
                cached: None,
                bytes: None,
            }
        }
    };
    let probe = photo::probe(&asset.rel, &bytes);
    let key = photo::cache_key(&bytes);
    let raster = matches!(probe, Ok(Probe::Raster { .. }));
    let cached = raster.then(|| cached(cache, &key)).flatten();
    let keep = raster && cached.is_none();
    SourceImage {
        rel,
        probe,
        key,
        cached,
        bytes: keep.then(|| Arc::new(bytes)),
    }
}

/// The cache's entry for `key`, when it is whole.
fn cached(cache: &Path, key: &str) -> Option<Photo> {
    let text = std::fs::read_to_string(cache.join(format!("{key}.json"))).ok()?;
    let manifest: Manifest = serde_json::from_str(&text).ok()?;
    let variants: Option<Vec<Variant>> = manifest
        .variants
        .iter()
        .map(|&(width, height, format)| {
            let path = cache.join(Manifest::file_name(key, width, format));
            path.is_file().then_some(Variant {
                width,
                height,
                format,
                data: VariantData::Cached(path),
            })
        })
        .collect();
    Some(Photo {
        key: key.to_string(),
        manifest,
        variants: variants?,
        encoded: false,
    })
}
