//! Write: the output folder, replaced whole or not at all.
//!
//! Nothing in the output is touched until every page has rendered. The new
//! site is built whole in a staging folder beside the real output
//! (`.<output>.shudu-new-<pid>`, on the same file system): a file with the
//! same bytes as in the previous output is hard-linked from there (same
//! bytes, same modification time, so rsync and object-storage sync upload
//! nothing), a new or changed one is written, and the paths the site keeps
//! (`keep:` in site.yaml) are carried over from the previous output. On
//! success (`Staging::commit`) the staging folder and the output change
//! places in one step (`swap`). On failure (`Staging::abort`), or if the
//! process dies, the output was never touched.
//!
//! The old tree is not removed: removing thousands of files and folders
//! takes many seconds on some disks. It is kept beside the output as the
//! spare (`.<output>.shudu-spare`) and becomes the next build's staging
//! folder, brought up to date: files already linked to the output's stay,
//! others are replaced (never written into: a file of the spare may share
//! its bytes with the output), and what the build does not produce is
//! removed. So a rebuild touches what changed, as an update in place would,
//! but never the output. [`lock`] keeps builds into one output from overlapping, [`owner`]
//! keeps a build from replacing a folder that is not its own, and `stale`
//! removes what dead builds left.

pub(crate) mod failpoint;
pub(crate) mod guard;
pub mod lock;
pub mod owner;
pub(crate) mod photo_cache;
pub(crate) mod place;
pub(crate) mod search_cache;
pub mod share_cache;
pub(crate) mod stale;
pub(crate) mod state;
pub(crate) mod swap;
pub(crate) mod tree;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::load::FileSource;
pub use place::Place;

/// Why the output could not be written. The previous output stays as it
/// was, except after a failed [`WriteError::Swap`] (see
/// [`WriteError::output_untouched`]).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: io::Error,
    },
    /// An output path is not a plain relative path inside the output folder
    /// (empty, with `..`, absolute).
    #[error("refusing to write `{0}`: the path leaves the output folder")]
    UnsafePath(String),
    /// Two outputs of the build have the same path (relative).
    #[error("`{0}` is written twice in one build")]
    Duplicate(String),
    /// An output would have the name of shudu's marker file.
    #[error(
        "refusing to write `{}`: the name is shudu's mark on its output folder",
        owner::MARKER
    )]
    Reserved,
    /// The output path names something that is not a folder.
    #[error("{0}: the output must be a folder")]
    NotAFolder(PathBuf),
    /// Another build holds the output's lock.
    #[error("{}: another shudu build{} is writing this output", .output.display(), .pid.map(|p| format!(" (process {p})")).unwrap_or_default())]
    Busy {
        /// The output folder.
        output: PathBuf,
        /// The other build's process id, when known.
        pid: Option<u32>,
    },
    /// The swap failed; `moved_to` is where the previous output is when it
    /// could not be put back (the two-rename fallback only).
    #[error("{}: the new site could not be swapped in: {source}{}", .output.display(), .moved_to.as_ref().map(|m| format!("; the previous output could not be put back and is at {}: rename it to {} to restore it", m.display(), .output.display())).unwrap_or_default())]
    Swap {
        /// The output folder.
        output: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: io::Error,
        /// Where the previous output is, when it could not be put back.
        moved_to: Option<PathBuf>,
    },
}

impl WriteError {
    /// Whether the output folder is exactly as before the build.
    pub fn output_untouched(&self) -> bool {
        !matches!(self, WriteError::Swap { moved_to: Some(_), .. })
    }
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
    /// Files written afresh.
    pub written: usize,
    /// Files with the same bytes as in the previous output, linked from it.
    pub unchanged: usize,
    /// Files of the previous output that the build no longer produces.
    pub removed: usize,
}

/// What a successful commit did.
#[derive(Debug)]
pub(crate) struct Committed {
    pub(crate) stats: WriteStats,
    /// Every file of the output (the mark aside), sorted by path.
    pub(crate) files: Vec<OutputFile>,
}

/// An output being built.
pub(crate) struct Staging {
    /// The real output folder.
    output: PathBuf,
    staging: PathBuf,
    /// Where the two-rename swap moves the output aside.
    aside: PathBuf,
    /// Where the old tree is kept for the next build.
    spare: PathBuf,
    /// There is a previous output folder (its unchanged files are linked, its kept paths carried over).
    previous: bool,
    /// Paths of the previous output carried over.
    keep: Vec<String>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// Every path produced (duplicates are an error; the rest of the old output is stale).
    paths: Mutex<HashSet<String>>,
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
pub(crate) type OutputFile = (String, u64, u128);

pub(crate) use crate::load::mtime_ns;

/// A 128-bit fingerprint of `bytes` (XXH3, which hashes at memory speed:
/// every byte of the output goes through it) and its length.
fn fingerprint(bytes: &[u8]) -> Fingerprint {
    let h = xxhash_rust::xxh3::xxh3_128(bytes);
    (h as u64, (h >> 64) as u64, bytes.len())
}

impl Staging {
    /// Starts a build of the output at `place` (whose lock the caller holds),
    /// carrying the paths in `keep` over from the previous output.
    pub(crate) fn new(place: &Place, keep: &[String]) -> Result<Staging, WriteError> {
        let output = place.folder.clone();
        let previous = match fs::metadata(&output) {
            Ok(m) if m.is_dir() => true,
            Ok(_) => return Err(WriteError::NotAFolder(output)),
            Err(_) => false,
        };
        let pid = std::process::id();
        let staging = place.beside(&format!("new-{pid}"));
        let spare = place.beside("spare");
        recycle(&spare, &staging).map_err(io_err(&staging))?;
        for kept in keep {
            // Brought over afresh from the output at the end.
            let at = staging.join(kept);
            tree::remove_tree(&at).map_err(io_err(&at))?;
        }
        Ok(Staging {
            output,
            staging,
            aside: place.beside(&format!("old-{pid}")),
            spare,
            previous,
            keep: keep.to_vec(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            paths: Default::default(),
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
        if rel == owner::MARKER {
            return Err(WriteError::Reserved);
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

    /// Creates `dir` (inside the staging folder) once. A file or a link of
    /// the spare where a folder must go is removed: nothing is ever written
    /// through a link.
    fn ensure_dir(&self, dir: &Path) -> Result<(), WriteError> {
        if self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false) {
            return Ok(());
        }
        let rel = dir.strip_prefix(&self.staging).unwrap_or(Path::new(""));
        let mut at = self.staging.clone();
        for part in rel.components() {
            at.push(part);
            match fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() => continue,
                Ok(_) => fs::remove_file(&at).map_err(io_err(&at))?,
                Err(_) => {}
            }
            match fs::create_dir(&at) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && at.is_dir() && !at.is_symlink() => {}
                other => other.map_err(io_err(&at))?,
            }
        }
        if let Ok(mut d) = self.dirs.lock() {
            d.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Writes `bytes` at `rel` (relative, `/`-separated); a file of the
    /// previous output with the same bytes is linked instead.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.claim(rel)?;
        let (mtime, written) = self.place_file(rel, bytes)?;
        self.record(rel, bytes.len(), mtime);
        let counter = if written { &self.written } else { &self.unchanged };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Puts `bytes` at `rel` in the staging folder; returns the file's
    /// modification time and whether it was written (not the previous output's).
    fn place_file(&self, rel: &str, bytes: &[u8]) -> Result<(u128, bool), WriteError> {
        let target = self.staging.join(rel);
        failpoint::check(&format!("write:{rel}")).map_err(io_err(&target))?;
        if let Some(parent) = target.parent() {
            self.ensure_dir(parent)?;
        }
        let there = fs::symlink_metadata(&target).ok();
        if self.previous {
            let old = self.output.join(rel);
            if let Some(live) = same_content(&old, bytes) {
                let mtime = mtime_ns(&live);
                if there.as_ref().is_some_and(|t| same_inode(t, &live)) {
                    return Ok((mtime, false)); // the spare already links the output's file
                }
                clear(&target, there.as_ref())?;
                if tree::link_or_copy(&old, &target).is_ok() {
                    return Ok((mtime, false));
                }
            }
        }
        clear(&target, there.as_ref())?;
        let key = fingerprint(bytes);
        let twin = self.by_content.lock().ok().and_then(|m| m.get(&key).cloned());
        if let Some(mtime) = twin.and_then(|(t, mtime)| fs::hard_link(&t, &target).ok().map(|()| mtime)) {
            return Ok((mtime, true));
        }
        let mtime = write_file(&target, bytes).map_err(io_err(&target))?;
        if let Ok(mut m) = self.by_content.lock() {
            m.entry(key).or_insert_with(|| (target.clone(), mtime));
        }
        Ok((mtime, true))
    }

    fn record(&self, rel: &str, len: usize, mtime: u128) {
        if let Ok(mut files) = self.files.lock() {
            files.push((rel.to_string(), len as u64, mtime));
        }
    }

    /// Copies a file (static files, covers) to `rel`.
    pub(crate) fn copy(&self, rel: &str, source: &FileSource) -> Result<(), WriteError> {
        match source {
            FileSource::Embedded(bytes) => self.write(rel, bytes),
            FileSource::Disk(path) => {
                let bytes = fs::read(path).map_err(io_err(path))?;
                self.write(rel, &bytes)
            }
        }
    }

    /// Makes the output what this build produced, in one swap; returns what
    /// was done and every file of the output. On error the output is as it
    /// was (unless the error says otherwise), and the staging folder is kept
    /// as the spare.
    pub(crate) fn commit(self) -> Result<Committed, WriteError> {
        let result = self.finish();
        match &result {
            Err(_) => recycle(&self.staging, &self.spare).unwrap_or(()),
            Ok((_, Some(old))) => recycle(old, &self.spare).unwrap_or(()),
            Ok((_, None)) => {}
        }
        let (removed, _) = result?;
        let mut files = self.files.into_inner().unwrap_or_default();
        files.sort_unstable();
        Ok(Committed {
            stats: WriteStats {
                written: self.written.load(Ordering::Relaxed),
                unchanged: self.unchanged.load(Ordering::Relaxed),
                removed,
            },
            files,
        })
    }

    /// Completes the staging folder and swaps it in: returns how many files
    /// of the previous output are gone and where the old tree now is.
    fn finish(&self) -> Result<(usize, Option<PathBuf>), WriteError> {
        self.claim_marker();
        self.place_file(owner::MARKER, owner::MARKER_TEXT.as_bytes())?;
        let produced = self.paths.lock().map(|p| p.clone()).unwrap_or_default();
        self.prune(&produced)?;
        let mut removed = 0;
        if self.previous {
            for kept in &self.keep {
                let from = self.output.join(kept);
                if fs::symlink_metadata(&from).is_err() {
                    continue;
                }
                let to = self.staging.join(kept);
                if let Some(parent) = to.parent() {
                    self.ensure_dir(parent)?;
                }
                tree::link_tree(&from, &to).map_err(io_err(&from))?;
            }
            removed = self.count_gone(&produced)?;
        }
        let old = swap::swap_in(&self.staging, &self.output, !self.previous, &self.aside)?;
        Ok((removed, old))
    }

    /// The mark counts as produced (so [`Staging::prune`] leaves it).
    fn claim_marker(&self) {
        if let Ok(mut paths) = self.paths.lock() {
            paths.insert(owner::MARKER.to_string());
        }
    }

    /// Removes from the staging folder (a recycled spare) every file this
    /// build did not produce, and the folders left empty.
    fn prune(&self, produced: &HashSet<String>) -> Result<(), WriteError> {
        let mut folders = Vec::new();
        for entry in walkdir::WalkDir::new(&self.staging).min_depth(1) {
            let entry = entry.map_err(|e| WriteError::Io {
                path: self.staging.clone(),
                source: e.into(),
            })?;
            if entry.file_type().is_dir() {
                folders.push(entry.path().to_path_buf());
            } else if !produced.contains(&crate::load::rel_path(&self.staging, entry.path())) {
                fs::remove_file(entry.path()).map_err(io_err(entry.path()))?;
            }
        }
        for folder in folders.iter().rev() {
            let _ = fs::remove_dir(folder); // stays when not empty
        }
        Ok(())
    }

    /// Files of the previous output that are neither produced nor kept.
    fn count_gone(&self, produced: &HashSet<String>) -> Result<usize, WriteError> {
        let mut gone = 0;
        let mut walk = walkdir::WalkDir::new(&self.output).min_depth(1).into_iter();
        while let Some(entry) = walk.next() {
            let entry = entry.map_err(|e| WriteError::Io {
                path: self.output.clone(),
                source: e.into(),
            })?;
            let rel = crate::load::rel_path(&self.output, entry.path());
            if rel == owner::MARKER || self.keep.contains(&rel) {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if !entry.file_type().is_dir() && !produced.contains(&rel) {
                gone += 1;
            }
        }
        Ok(gone)
    }

    /// Gives up: the output is untouched, the staging folder kept as the spare.
    pub(crate) fn abort(self) {
        let _ = recycle(&self.staging, &self.spare);
    }
}

/// Moves the tree at `from` to `to` to be used again, when `to` is free
/// (else removes it); makes an empty folder at `to` when there is no tree.
pub(crate) fn recycle(from: &Path, to: &Path) -> io::Result<()> {
    if fs::symlink_metadata(to).is_ok() {
        if fs::symlink_metadata(to).is_ok_and(|m| m.is_dir()) {
            return tree::remove_tree(from);
        }
        fs::remove_file(to)?;
    }
    match fs::rename(from, to) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir(to),
        other => other,
    }
}

/// Makes way at `path` for a new file: removes what `there` says is there
/// (a file of the spare is removed, never written into: it may be a link to
/// the output's).
fn clear(path: &Path, there: Option<&fs::Metadata>) -> Result<(), WriteError> {
    match there {
        None => Ok(()),
        Some(m) if m.is_dir() => tree::remove_tree(path).map_err(io_err(path)),
        Some(_) => match fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_err(path)(e)),
            _ => Ok(()),
        },
    }
}

/// Whether two entries are the same file (hard links of one another).
#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// The metadata of the file at `path` if it holds exactly `bytes`.
fn same_content(path: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).ok().filter(|old| old == bytes).map(|_| m)
        }
        _ => None,
    }
}

/// Writes a new file (never an existing one); returns its modification time
/// (from the open file: no second lookup).
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<u128> {
    use std::io::Write;
    let mut f = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    Ok(mtime_ns(&f.metadata()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A staging folder for the output `out`, keeping nothing.
    fn stage(out: &Path) -> Staging {
        Staging::new(&Place::resolve(out).expect("place"), &[]).expect("staging")
    }

    #[test]
    fn unsafe_paths_are_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let s = stage(&dir.path().join("out"));
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
        let s = stage(&out);
        s.write("a.html", b"same").expect("ok");
        s.write("b.html", b"old").expect("ok");
        s.commit().expect("commit");
        let before = fs::metadata(out.join("a.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = stage(&out);
        s.write("a.html", b"same").expect("ok");
        s.write("b.html", b"new").expect("ok");
        let stats = s.commit().expect("commit").stats;
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
        let s = stage(&out);
        s.write("old/index.html", b"old").expect("ok");
        s.write("x", b"file").expect("ok");
        s.write("keep.html", b"k").expect("ok");
        s.commit().expect("commit");
        let s = stage(&out);
        s.write("x/index.html", b"now a folder").expect("ok");
        s.write("keep.html", b"k").expect("ok");
        let stats = s.commit().expect("commit").stats;
        assert_eq!(stats.removed, 2);
        assert!(!out.join("old").exists(), "emptied folder removed");
        assert_eq!(fs::read(out.join("x/index.html")).expect("read"), b"now a folder");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            2,
            "the old tree is the spare, no staging folder left: {leftovers:?}"
        );
        assert!(dir.path().join(".out.shudu-spare").is_dir());
    }

    #[test]
    fn nothing_changed_writes_nothing() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        for _ in 0..2 {
            let s = stage(&out);
            s.write("a/index.html", b"a").expect("ok");
            s.write("b.css", b"b").expect("ok");
            let stats = s.commit().expect("commit").stats;
            assert_eq!(stats.removed, 0);
        }
        let s = stage(&out);
        s.write("a/index.html", b"a").expect("ok");
        s.write("b.css", b"b").expect("ok");
        assert_eq!(
            s.commit().expect("commit").stats,
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
        let s = stage(&out);
        s.write("a/index.html", b"same").expect("ok");
        s.write("b/index.html", b"same").expect("ok"); // hard-linked twin
        s.write("c.css", b"old").expect("ok");
        s.write("gone.txt", b"x").expect("ok");
        let files = s.commit().expect("commit").files;
        assert_eq!(files, state::scan_output(&out), "fresh output");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = stage(&out);
        s.write("a/index.html", b"same").expect("ok"); // unchanged
        s.write("b/index.html", b"same").expect("ok");
        s.write("c.css", b"new").expect("ok"); // changed
        s.write("d/e/f.json", b"same").expect("ok"); // new, a twin of an unchanged file
        let Committed { stats, files, .. } = s.commit().expect("commit");
        assert_eq!((stats.written, stats.unchanged, stats.removed), (2, 2, 1));
        assert_eq!(files, state::scan_output(&out), "updated output");
    }

    #[test]
    fn abort_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        let s = stage(&out);
        s.write("a.html", b"one").expect("ok");
        s.commit().expect("commit");
        let s = stage(&out);
        s.write("a.html", b"two").expect("ok");
        s.write("b.html", b"new").expect("ok");
        s.abort();
        assert_eq!(fs::read(out.join("a.html")).expect("read"), b"one");
        assert!(!out.join("b.html").exists());
    }

    #[test]
    fn kept_paths_are_carried_over_and_a_built_file_wins() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        let keep: Vec<String> = ["CNAME", ".git", "gone"].map(String::from).to_vec();
        let place = Place::resolve(&out).expect("place");
        fs::create_dir_all(out.join(".git/refs")).expect("mkdir");
        fs::write(out.join(".git/refs/main"), "abc").expect("write");
        fs::write(out.join("CNAME"), "theirs").expect("write");
        fs::write(out.join("stray.html"), "x").expect("write");
        let s = Staging::new(&place, &keep).expect("staging");
        s.write("index.html", b"home").expect("ok");
        let Committed { stats, files } = s.commit().expect("commit");
        assert_eq!(stats.removed, 1, "stray.html");
        assert_eq!(files.len(), 1, "kept paths are not the build's files");
        assert_eq!(fs::read_to_string(out.join(".git/refs/main")).expect("read"), "abc");
        assert_eq!(fs::read_to_string(out.join("CNAME")).expect("read"), "theirs");
        assert!(!out.join("stray.html").exists());
        assert_eq!(
            fs::read_to_string(out.join(owner::MARKER)).expect("read"),
            owner::MARKER_TEXT
        );
        let s = Staging::new(&place, &keep).expect("staging");
        s.write("index.html", b"home").expect("ok");
        s.write("CNAME", b"the site's").expect("ok");
        s.commit().expect("commit");
        assert_eq!(fs::read_to_string(out.join("CNAME")).expect("read"), "the site's");
        assert_eq!(fs::read_to_string(out.join(".git/refs/main")).expect("read"), "abc");
        let s = Staging::new(&place, &keep).expect("staging");
        assert!(matches!(s.write(owner::MARKER, b"x"), Err(WriteError::Reserved)));
        s.abort();
    }

    #[test]
    fn the_spare_is_brought_up_to_date_without_touching_the_output() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        let build = |files: &[(&str, &str)]| {
            let s = stage(&out);
            for (rel, text) in files {
                s.write(rel, text.as_bytes()).expect("ok");
            }
            s.commit().expect("commit").stats
        };
        build(&[("a.html", "1"), ("b.html", "1"), ("x", "file")]);
        build(&[("a.html", "1"), ("b.html", "2"), ("x", "file"), ("gone/c.html", "c")]);
        // The spare (the first tree) shares a.html's file with the output.
        let spare = dir.path().join(".out.shudu-spare");
        assert_eq!(fs::read_to_string(spare.join("a.html")).expect("read"), "1");
        // A build writes a.html anew and fails: the output's a.html is untouched.
        let s = stage(&out);
        s.write("a.html", b"3").expect("ok");
        s.abort();
        assert_eq!(fs::read_to_string(out.join("a.html")).expect("read"), "1");
        // A full one: the spare's stale files, files where folders go, all brought in line.
        let stats = build(&[("a.html", "1"), ("b.html", "2"), ("x/index.html", "folder")]);
        assert_eq!((stats.written, stats.unchanged, stats.removed), (1, 2, 2));
        assert_eq!(
            state::scan_output(&out).into_iter().map(|f| f.0).collect::<Vec<_>>(),
            ["a.html", "b.html", "x/index.html"]
        );
        assert_eq!(fs::read_to_string(out.join("b.html")).expect("read"), "2");
        assert_eq!(fs::read_to_string(out.join("x/index.html")).expect("read"), "folder");
        assert!(spare.join("gone/c.html").is_file(), "the spare is the tree before");
    }
}
