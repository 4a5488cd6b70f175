//! Write: the output folder, replaced whole or not at all.
//!
//! Nothing in the output is touched until every page has rendered. Files are
//! first compared with the previous output: an unchanged file is left alone
//! (no write, same modification time, so rsync and object-storage sync upload
//! nothing); a new or changed file goes into a staging folder beside the
//! output. On success ([`Staging::commit`]) files the new build no longer
//! produces are removed from the output and the staged files are moved in
//! (for a first build, the staging folder simply becomes the output). On
//! failure ([`Staging::abort`]) the staging folder is removed and the previous
//! output stays exactly as it was.

pub mod guard;
pub mod photo_cache;
pub mod state;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::load::FileSource;

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
    #[error("{0}: the output must be a folder")]
    NotAFolder(PathBuf),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Files written and files left as they were.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    /// Files of the previous output that the build no longer produces.
    pub removed: usize,
}

/// An output being built.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    /// No previous output: everything is new, and the staging folder becomes the output.
    fresh: bool,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// Every path produced (duplicates are an error; the rest of the old output is stale).
    paths: Mutex<HashSet<String>>,
    /// Paths written into the staging folder.
    staged: Mutex<Vec<String>>,
    /// Folders already created in the staging folder.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Every output file as it will be after the commit: (path, size, mtime
    /// in ns), read from the open file or the old output's metadata, so the
    /// build state needs no second walk over the output.
    files: Mutex<Vec<OutputFile>>,
    /// Content fingerprint → a staged file with those bytes: identical files
    /// (a widget's CSV in each language, a cover beside each version) are
    /// hard-linked rather than written again.
    by_content: Mutex<std::collections::HashMap<Fingerprint, (PathBuf, u128)>>,
}

/// A 128-bit hash of a file's bytes, as two halves, and its length.
type Fingerprint = (u64, u64, usize);

/// An output file: path relative to the output, size, modification time in ns.
pub type OutputFile = (String, u64, u128);

pub(crate) use crate::load::mtime_ns;

/// A 128-bit fingerprint of `bytes` (XXH3, which hashes at memory speed:
/// every byte of the output goes through it) and its length.
fn fingerprint(bytes: &[u8]) -> Fingerprint {
    let h = xxhash_rust::xxh3::xxh3_128(bytes);
    (h as u64, (h >> 64) as u64, bytes.len())
}

/// A hidden path beside `output`: `.<output name>.shudu-<tail>`.
pub(crate) fn beside(output: &Path, tail: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.shudu-{tail}"))
}

/// This process's working folder named `suffix` beside `output`.
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    beside(output, &format!("{suffix}-{}", std::process::id()))
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, WriteError> {
        let output = absolute(output);
        if let Some(parent) = output.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let fresh = match fs::metadata(&output) {
            Ok(m) if m.is_dir() => false,
            Ok(_) => return Err(WriteError::NotAFolder(output)),
            Err(_) => true,
        };
        let staging = sibling(&output, "new");
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(io_err(&staging))?;
        Ok(Staging {
            output,
            staging,
            fresh,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            paths: Default::default(),
            staged: Default::default(),
            dirs: Default::default(),
            files: Default::default(),
            by_content: Default::default(),
        })
    }

    fn claim(&self, rel: &str) -> Result<(), WriteError> {
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
        Ok(())
    }

    /// Creates `dir` (inside the staging folder) once.
    fn ensure_dir(&self, dir: &Path) -> Result<(), WriteError> {
        if self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false) {
            return Ok(());
        }
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        if let Ok(mut d) = self.dirs.lock() {
            d.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Writes `bytes` at `rel` (relative, `/`-separated), unless the previous
    /// output holds the same bytes there.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.claim(rel)?;
        if !self.fresh {
            if let Some(mtime) = same_content(&self.output.join(rel), bytes) {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                self.record(rel, bytes.len(), mtime);
                return Ok(());
            }
        }
        let target = self.staging.join(rel);
        if let Some(parent) = target.parent() {
            self.ensure_dir(parent)?;
        }
        let key = fingerprint(bytes);
        let twin = self.by_content.lock().ok().and_then(|m| m.get(&key).cloned());
        let linked = twin.and_then(|(t, mtime)| fs::hard_link(&t, &target).ok().map(|()| mtime));
        let mtime = match linked {
            Some(mtime) => mtime,
            None => {
                let mtime = write_file(&target, bytes).map_err(io_err(&target))?;
                if let Ok(mut m) = self.by_content.lock() {
                    m.entry(key).or_insert_with(|| (target.clone(), mtime));
                }
                mtime
            }
        };
        self.record(rel, bytes.len(), mtime);
        if !self.fresh {
            if let Ok(mut s) = self.staged.lock() {
                s.push(rel.to_string());
            }
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn record(&self, rel: &str, len: usize, mtime: u128) {
        if let Ok(mut files) = self.files.lock() {
            files.push((rel.to_string(), len as u64, mtime));
        }
    }

    /// Copies a file (static files, covers) to `rel`.
    pub fn copy(&self, rel: &str, source: &FileSource) -> Result<(), WriteError> {
        match source {
            FileSource::Embedded(bytes) => self.write(rel, bytes),
            FileSource::Disk(path) => {
                let bytes = fs::read(path).map_err(io_err(path))?;
                self.write(rel, &bytes)
            }
        }
    }

    /// Makes the output what this build produced; returns what was done and
    /// every file of the output, sorted by path.
    pub fn commit(self) -> Result<(WriteStats, Vec<OutputFile>), WriteError> {
        let mut stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: 0,
        };
        let mut files = self.files.into_inner().unwrap_or_default();
        files.sort_unstable();
        if self.fresh {
            fs::rename(&self.staging, &self.output).map_err(io_err(&self.staging))?;
            return Ok((stats, files));
        }
        let produced = self.paths.into_inner().unwrap_or_default();
        stats.removed = remove_stale(&self.output, &produced)?;
        let staged = self.staged.into_inner().unwrap_or_default();
        let mut made: HashSet<PathBuf> = HashSet::new();
        for rel in &staged {
            let from = self.staging.join(rel);
            let to = self.output.join(rel);
            if let Some(parent) = to.parent() {
                if made.insert(parent.to_path_buf()) {
                    fs::create_dir_all(parent).map_err(io_err(parent))?;
                }
            }
            fs::rename(&from, &to).map_err(io_err(&to))?;
        }
        fs::remove_dir_all(&self.staging).map_err(io_err(&self.staging))?;
        Ok((stats, files))
    }

    /// Removes the staging folder; the output is untouched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Removes from `output` every file (or symlink) not in `produced`, then the
/// folders left empty. Symlinks are removed, never followed.
fn remove_stale(output: &Path, produced: &HashSet<String>) -> Result<usize, WriteError> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| WriteError::Io {
            path: output.to_path_buf(),
            source: e.into(),
        })?;
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
            continue;
        }
        let rel = crate::load::rel_path(output, entry.path());
        if !produced.contains(&rel) {
            fs::remove_file(entry.path()).map_err(io_err(entry.path()))?;
            removed += 1;
        }
    }
    // Deepest first, so that a folder emptied of folders goes too.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = fs::remove_dir(&d); // fails (and stays) when not empty
    }
    Ok(removed)
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

/// The modification time of the file at `path` if it holds exactly `bytes`.
fn same_content(path: &Path, bytes: &[u8]) -> Option<u128> {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).ok().filter(|old| old == bytes).map(|_| mtime_ns(&m))
        }
        _ => None,
    }
}

/// Writes a new file; returns its modification time (from the open file: no second lookup).
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<u128> {
    use std::io::Write;
    let mut f = fs::File::create(path)?;
    f.write_all(bytes)?;
    Ok(mtime_ns(&f.metadata()?))
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
        let (stats, _) = s.commit().expect("commit");
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 0
            }
        );
        let after = fs::metadata(out.join("a.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(before, after);
        assert_eq!(fs::read(out.join("b.html")).expect("read"), b"new");
    }

    #[test]
    fn stale_files_go_and_a_file_can_become_a_folder() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        let s = Staging::new(&out).expect("staging");
        s.write("old/index.html", b"old").expect("ok");
        s.write("x", b"file").expect("ok");
        s.write("keep.html", b"k").expect("ok");
        s.commit().expect("commit");
        let s = Staging::new(&out).expect("staging");
        s.write("x/index.html", b"now a folder").expect("ok");
        s.write("keep.html", b"k").expect("ok");
        let (stats, _) = s.commit().expect("commit");
        assert_eq!(stats.removed, 2);
        assert!(!out.join("old").exists(), "emptied folder removed");
        assert_eq!(fs::read(out.join("x/index.html")).expect("read"), b"now a folder");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left: {leftovers:?}");
    }

    #[test]
    fn nothing_changed_writes_nothing() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        for _ in 0..2 {
            let s = Staging::new(&out).expect("staging");
            s.write("a/index.html", b"a").expect("ok");
            s.write("b.css", b"b").expect("ok");
            let (stats, _) = s.commit().expect("commit");
            assert_eq!(stats.removed, 0);
        }
        let s = Staging::new(&out).expect("staging");
        s.write("a/index.html", b"a").expect("ok");
        s.write("b.css", b"b").expect("ok");
        assert_eq!(
            s.commit().expect("commit").0,
            WriteStats {
                written: 0,
                unchanged: 2,
                removed: 0
            }
        );
    }

    #[test]
    fn the_recorded_files_are_the_output() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        let s = Staging::new(&out).expect("staging");
        s.write("a/index.html", b"same").expect("ok");
        s.write("b/index.html", b"same").expect("ok"); // hard-linked twin
        s.write("c.css", b"old").expect("ok");
        s.write("gone.txt", b"x").expect("ok");
        let (_, files) = s.commit().expect("commit");
        assert_eq!(files, state::scan_output(&out), "fresh output");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = Staging::new(&out).expect("staging");
        s.write("a/index.html", b"same").expect("ok"); // unchanged
        s.write("b/index.html", b"same").expect("ok");
        s.write("c.css", b"new").expect("ok"); // changed
        s.write("d/e/f.json", b"same").expect("ok"); // new, a twin of an unchanged file
        let (stats, files) = s.commit().expect("commit");
        assert_eq!((stats.written, stats.unchanged, stats.removed), (2, 2, 1));
        assert_eq!(files, state::scan_output(&out), "updated output");
    }

    #[test]
    fn abort_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        let s = Staging::new(&out).expect("staging");
        s.write("a.html", b"one").expect("ok");
        s.commit().expect("commit");
        let s = Staging::new(&out).expect("staging");
        s.write("a.html", b"two").expect("ok");
        s.write("b.html", b"new").expect("ok");
        s.abort();
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"one");
        assert!(!out.join("b.html").exists());
    }
}
