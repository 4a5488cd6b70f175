//! Write: the output folder, replaced whole or not at all.
//!
//! Files are written into a fresh staging folder beside the output. A file
//! whose bytes equal the previous build's is hard-linked from the previous
//! output instead of written, so it keeps its modification time (rsync and
//! object-storage sync then upload nothing). On success the staging folder is
//! swapped in; on failure it is removed and the previous output stays exactly
//! as it was.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::load::FileSource;

/// Errors of the write stage.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("refusing to write `{0}`: the path leaves the output folder")]
    UnsafePath(String),
    #[error("`{0}` is written twice in one build")]
    Duplicate(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Counts of what a build wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written with new content.
    pub written: usize,
    /// Files identical to the previous build's, kept (hard-linked).
    pub unchanged: usize,
}

/// A build's output in progress.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    paths: std::sync::Mutex<std::collections::HashSet<String>>,
}

fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.shudu-{suffix}-{}", std::process::id()))
}

impl Staging {
    /// Creates an empty staging folder beside `output`.
    pub fn new(output: &Path) -> Result<Staging, WriteError> {
        let output = absolute(output);
        if let Some(parent) = output.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let staging = sibling(&output, "new");
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(io_err(&staging))?;
        Ok(Staging {
            output,
            staging,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            paths: Default::default(),
        })
    }

    fn target(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let p = Path::new(rel);
        if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(WriteError::UnsafePath(rel.to_string()));
        }
        let fresh = self
            .paths
            .lock()
            .map(|mut set| set.insert(rel.to_string()))
            .unwrap_or(true);
        if !fresh {
            return Err(WriteError::Duplicate(rel.to_string()));
        }
        Ok(self.staging.join(p))
    }

    /// Writes `bytes` at `rel` (relative to the output root). Thread-safe.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let target = self.target(rel)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let previous = self.output.join(rel);
        if same_content(&previous, bytes) && fs::hard_link(&previous, &target).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        fs::write(&target, bytes).map_err(io_err(&target))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies a source file to `rel`.
    pub fn copy(&self, rel: &str, source: &FileSource) -> Result<(), WriteError> {
        match source {
            FileSource::Embedded(bytes) => self.write(rel, bytes),
            FileSource::Disk(path) => {
                let bytes = fs::read(path).map_err(io_err(path))?;
                self.write(rel, &bytes)
            }
        }
    }

    /// Swaps the staging folder in as the output.
    pub fn commit(self) -> Result<WriteStats, WriteError> {
        let stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        };
        if self.output.exists() {
            let old = sibling(&self.output, "old");
            if old.exists() {
                fs::remove_dir_all(&old).map_err(io_err(&old))?;
            }
            fs::rename(&self.output, &old).map_err(io_err(&self.output))?;
            if let Err(e) = fs::rename(&self.staging, &self.output) {
                // Put the previous output back.
                let _ = fs::rename(&old, &self.output);
                return Err(io_err(&self.staging)(e));
            }
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        } else {
            fs::rename(&self.staging, &self.output).map_err(io_err(&self.staging))?;
        }
        Ok(stats)
    }

    /// Removes the staging folder; the output is untouched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let s = Staging::new(&dir.path().join("out")).expect("staging");
        assert!(matches!(s.write("../x", b"a"), Err(WriteError::UnsafePath(_))));
        assert!(matches!(s.write("/etc/x", b"a"), Err(WriteError::UnsafePath(_))));
        s.write("a/b.html", b"a").expect("ok");
        assert!(matches!(s.write("a/b.html", b"a"), Err(WriteError::Duplicate(_))));
        s.abort();
    }

    #[test]
    fn unchanged_files_keep_their_mtime() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        let s = Staging::new(&out).expect("staging");
        s.write("a.html", b"same").expect("ok");
        s.write("b.html", b"old").expect("ok");
        s.commit().expect("commit");
        let before = fs::metadata(out.join("a.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = Staging::new(&out).expect("staging");
        s.write("a.html", b"same").expect("ok");
        s.write("b.html", b"new").expect("ok");
        let stats = s.commit().expect("commit");
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1
            }
        );
        let after = fs::metadata(out.join("a.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(before, after);
        assert_eq!(fs::read(out.join("b.html")).expect("read"), b"new");
    }
}
