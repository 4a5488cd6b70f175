//! Writes the share-image cache, `.shudu-cache/share/` (see
//! [`crate::load::share_cache`]): the images this build drew are added, and
//! the ones its output does not use are removed. A failure to write it loses
//! nothing: the next build draws again.

use std::fs;
use std::io;
use std::path::Path;

use crate::load::share_cache::{entry_key, SHARE_CACHE_DIR};
use crate::render::share_images::ShareImages;

/// Adds `images.new` to the cache under `root` and removes the entries not
/// in `images.used`.
pub(crate) fn save(root: &Path, images: &ShareImages) {
    let dir = root.join(SHARE_CACHE_DIR);
    if !images.new.is_empty() {
        let _ = add(&dir, images);
    }
    let _ = prune(&dir, images);
}

fn add(dir: &Path, images: &ShareImages) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for (key, png) in &images.new {
        let path = dir.join(format!("{key}.png"));
        let tmp = dir.join(format!("{key}.png.tmp-shudu"));
        fs::write(&tmp, png)?;
        fs::rename(&tmp, path)?;
    }
    Ok(())
}

fn prune(dir: &Path, images: &ShareImages) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = match entry_key(&name) {
            Some(key) => !images.used.contains(key),
            None => name.ends_with(".png.tmp-shudu"),
        };
        if stale {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Writes a picture `shudu card` drew to `path` (replacing it).
pub fn write_card(path: &Path, png: &[u8]) -> io::Result<()> {
    fs::write(path, png)
}
