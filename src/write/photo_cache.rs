//! The photo cache, `.shudu-cache/images/` under the site root: the
//! variants this build encoded are added, and entries no page uses any more
//! are removed. Each entry is `<key>.json` (the [`Manifest`]) and its
//! variants, `<key>-<width>.<ext>`; the key is a hash of the source bytes
//! and the encoding settings, so an entry is never stale, only unused.
//!
//! The cache only saves work: a failure to write it loses nothing, and the
//! next build encodes again.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

use crate::load::images::CACHE_DIR;
use crate::photo::{Manifest, Photos, VariantData};

/// Adds the photos encoded by this build to the cache under `root`, then
/// removes the entries none of `photos` uses.
pub(crate) fn save(root: &Path, photos: &Photos) {
    let dir = root.join(CACHE_DIR);
    if photos.values().any(|p| p.encoded) {
        // A cache that cannot be written only means encoding again next time.
        let _ = add(&dir, photos);
    }
    let _ = prune(&dir, photos);
}

fn add(dir: &Path, photos: &Photos) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for photo in photos.values().filter(|p| p.encoded) {
        for v in &photo.variants {
            if let VariantData::Encoded(bytes) = &v.data {
                write_atomic(&dir.join(Manifest::file_name(&photo.key, v.width, v.format)), bytes)?;
            }
        }
        // The manifest last: an entry without it is never read.
        let json = serde_json::to_vec(&photo.manifest).map_err(io::Error::other)?;
        write_atomic(&dir.join(format!("{}.json", photo.key)), &json)?;
    }
    Ok(())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp-shudu");
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

/// Removes the cache files (named as shudu names them) of keys not in `photos`.
fn prune(dir: &Path, photos: &Photos) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let used: BTreeSet<&str> = photos.values().map(|p| p.key.as_str()).collect();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(key) = entry_key(&name) else {
            continue;
        };
        if !used.contains(key) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// The key of a file of the cache (`<32 hex digits>.json`, `<key>-<w>.<ext>`,
/// or a temporary `<key>…tmp-shudu`); `None` for any other name.
fn entry_key(name: &str) -> Option<&str> {
    let key = name.get(..32)?;
    let rest = &name[32..];
    let ours = key.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && (rest == ".json" || rest.starts_with('-') || rest.ends_with(".tmp-shudu"));
    ours.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_named_as_the_cache_names_them_are_entries() {
        let key = "0123456789abcdef0123456789abcdef";
        assert_eq!(entry_key(&format!("{key}.json")), Some(key));
        assert_eq!(entry_key(&format!("{key}-480.webp")), Some(key));
        assert_eq!(entry_key("README.md"), None);
        assert_eq!(entry_key(&format!("{}.json", key.to_uppercase())), None);
        assert_eq!(entry_key(&format!("{key}.txt")), None);
    }
}
