//! The share-image cache, `.shudu-cache/share/` under the site root: one
//! `<key>.png` per image, the key a hash of everything the image is drawn
//! from (see `crate::share::key`), so an entry is never stale, only unused.
//! `load` lists it (the render stage copies a cached image instead of
//! drawing it again); `write` adds the images a build drew and removes the
//! ones no page uses any more.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the cache is, under the site root.
pub const SHARE_CACHE_DIR: &str = ".shudu-cache/share";

/// Key → the cached PNG.
pub(crate) type ShareCache = BTreeMap<String, PathBuf>;

/// The cached images under `root` (none when there is no cache).
pub(crate) fn list(root: &Path) -> ShareCache {
    let mut out = ShareCache::new();
    let Ok(entries) = std::fs::read_dir(root.join(SHARE_CACHE_DIR)) else {
        return out;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(key) = entry_key(&name) {
            out.insert(key.to_string(), entry.path());
        }
    }
    out
}

/// The key of a cache file named `<32 lowercase hex digits>.png`.
pub(crate) fn entry_key(name: &str) -> Option<&str> {
    let key = name.strip_suffix(".png")?;
    (key.len() == 32 && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_the_cache_gives_are_entries() {
        let key = "0123456789abcdef0123456789abcdef";
        assert_eq!(entry_key(&format!("{key}.png")), Some(key));
        assert_eq!(entry_key(&format!("{key}.png.tmp-shudu")), None);
        assert_eq!(entry_key("README.png"), None);
        assert_eq!(entry_key(&format!("{}.png", key.to_uppercase())), None);
    }
}
