//! Photos: the pictures beside stories made fit for the web — decoded once,
//! turned upright by their EXIF orientation, stripped of all metadata (no GPS
//! or camera data reaches the output), resized to [`WIDTHS`] without ever
//! upscaling, and encoded as WebP plus a JPEG fallback (PNG when the picture
//! has transparency). GIF and SVG files pass through as they are.
//!
//! Everything here is a pure transform of bytes already read: `load` reads the
//! files and looks them up in the cache (`.shudu-cache/images/`), this module
//! probes and encodes, and `write` writes the outputs and the cache entries.

pub(crate) mod probe;
pub(crate) mod process;
pub(crate) mod transform;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub(crate) use probe::{probe, Probe};
pub(crate) use process::{process, Job};

/// The widths (CSS pixels at 1×) a photo is resized to. A photo narrower than
/// the largest gets its own width as its largest variant instead: photos are
/// never upscaled.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];
/// WebP quality (0–100, libwebp's scale).
pub(crate) const WEBP_QUALITY: f32 = 80.0;
/// JPEG quality (0–100).
pub(crate) const JPEG_QUALITY: u8 = 82;
/// The largest picture shudu decodes, in pixels (a 100-megapixel camera's).
/// Larger declared dimensions are an error before anything is decoded, so a
/// hostile or broken header cannot exhaust memory.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;
/// The `sizes` attribute of a picture in the text column.
pub(crate) const SIZES: &str = "(max-width: 44rem) 100vw, 44rem";

/// A version of the settings above: a cache entry made with other settings
/// is not used.
const SETTINGS: &str = "photo-v1 widths=480,960,1600 webp=80 jpeg=82 lanczos3";

/// The cache key of a photo: its bytes and the settings.
pub(crate) fn cache_key(bytes: &[u8]) -> String {
    let settings = xxhash_rust::xxh3::xxh3_64(SETTINGS.as_bytes());
    let content = xxhash_rust::xxh3::xxh3_128_with_seed(bytes, settings);
    format!("{content:032x}")
}

/// An encoded format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    /// The file extension of this format (`jpg`).
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
    /// The MIME type (`image/webp`).
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
    /// The format a file name's extension names, for the formats encoded here.
    pub(crate) fn of_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }
}

/// Where a variant's bytes are.
#[derive(Debug, Clone)]
pub(crate) enum VariantData {
    /// Encoded by this build (the `write` stage adds it to the cache).
    Encoded(Arc<Vec<u8>>),
    /// A file of the cache.
    Cached(PathBuf),
}

/// One encoded size and format of a photo.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Format,
    pub(crate) data: VariantData,
}

/// What a cache entry records about a photo (`<key>.json` in the cache).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// Upright size of the source.
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// The fallback format (JPEG, or PNG for pictures with transparency).
    pub(crate) fallback: Format,
    /// (width, height, format) of each variant, smallest first.
    pub(crate) variants: Vec<(u32, u32, Format)>,
}

impl Manifest {
    /// The cache file name of variant `i` of the photo with `key`.
    pub(crate) fn file_name(key: &str, width: u32, format: Format) -> String {
        format!("{key}-{width}.{}", format.ext())
    }
}

/// A photo ready for the output.
#[derive(Debug, Clone)]
pub(crate) struct Photo {
    pub(crate) key: String,
    pub(crate) manifest: Manifest,
    pub(crate) variants: Vec<Variant>,
    /// True when this build encoded it (not taken from the cache).
    pub(crate) encoded: bool,
}

impl Photo {
    /// The largest variant of `format`.
    pub(crate) fn largest(&self, format: Format) -> Option<&Variant> {
        self.variants
            .iter()
            .filter(|v| v.format == format)
            .max_by_key(|v| v.width)
    }
    /// The file names of the variants of a photo linked as `path`
    /// (`images/a.jpg` → `images/a-480.webp`…), with each variant.
    pub(crate) fn outputs<'a>(&'a self, path: &str) -> Vec<(String, &'a Variant)> {
        let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
        let mut out: Vec<(String, &Variant)> = self
            .variants
            .iter()
            .map(|v| (format!("{stem}-{}.{}", v.width, v.format.ext()), v))
            .collect();
        // The link as written leads to the largest variant in its own format.
        if let Some(v) = Format::of_name(path).and_then(|f| self.largest(f)) {
            out.push((path.to_string(), v));
        }
        out
    }
    /// The `srcset` of `format` for a photo linked as `href`.
    pub(crate) fn srcset(&self, href: &str, format: Format) -> String {
        let stem = href.rsplit_once('.').map_or(href, |(s, _)| s);
        self.variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| format!("{stem}-{}.{} {}w", v.width, format.ext(), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The photos of a build, by source file.
pub(crate) type Photos = BTreeMap<PathBuf, Photo>;
