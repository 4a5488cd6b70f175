//! The search cache, `.shudu-cache/search/words.txt` under the site root
//! (see [`crate::search::cache`]): replaced after each build by the words of
//! the documents that build indexed, so entries no page uses are dropped.
//!
//! The cache only saves work: a failure to write it loses nothing, and the
//! next build segments again.

use std::fs;
use std::io;
use std::path::Path;

use crate::load::SEARCH_CACHE_FILE;
use crate::search::TermCache;

/// Writes `cache` under `root` (atomically), unless it holds the same bytes.
pub(crate) fn save(root: &Path, cache: &TermCache) {
    let _ = write(root, cache);
}

fn write(root: &Path, cache: &TermCache) -> io::Result<()> {
    let path = root.join(SEARCH_CACHE_FILE);
    let text = cache.to_text();
    if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp-shudu");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, &path)
}
