//! Creating a file that must not exist yet.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::Path;

use super::error::ScaffoldError;

/// Writes `text` to a new file at `path`, creating its folders. An existing
/// file (or link) is never replaced: the check and the creation are one step.
pub(crate) fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(ScaffoldError::io(parent))?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => ScaffoldError::Io {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(ScaffoldError::io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_folders_and_never_overwrites() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("a/b/c.md");
        write_new(&p, "one").expect("first write");
        assert!(matches!(write_new(&p, "two"), Err(ScaffoldError::Exists(e)) if e == p));
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "one");
    }
}
