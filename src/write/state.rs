//! What the last successful build saw and wrote, kept beside the output
//! (`.<output>.shudu-state`), so that a build whose inputs have not changed
//! since can stop early: nothing is rendered and nothing is written.
//!
//! The inputs are fingerprinted by path, size and modification time of every
//! file under `site.yaml`, `content/`, `data/`, `templates/`, `themes/` and
//! `static/`, plus the build options and the shudu executable itself. The
//! shortcut is taken only when the fingerprint is the same, no scheduled
//! story has come due, and every output file is still there with the size
//! and modification time recorded.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::mtime_ns;
use crate::model::BuildOptions;

/// The folders and files whose changes matter.
const INPUTS: &[&str] = &["site.yaml", "content", "data", "templates", "themes", "static"];

/// The state of a finished build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildState {
    pub inputs: u64,
    /// Unix seconds of the earliest scheduled story left out, if any.
    pub due: Option<i64>,
    /// Output files: (path relative to the output, size, mtime in ns).
    pub files: Vec<(String, u64, u128)>,
}

/// Where the state of `output` is kept.
pub fn state_path(output: &Path) -> PathBuf {
    super::beside(output, "state")
}

/// The fingerprint of everything a build reads, and of how it is asked to build.
pub fn input_fingerprint(root: &Path, options: &BuildOptions) -> u64 {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    if let Some(m) = std::env::current_exe().ok().and_then(|e| fs::metadata(e).ok()) {
        (m.len(), mtime_ns(&m)).hash(&mut h);
    }
    (options.drafts, options.future, &options.base_url).hash(&mut h);
    for name in INPUTS {
        let top = root.join(name);
        for entry in walkdir::WalkDir::new(&top)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(m) = entry.metadata() {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                (rel, m.is_dir(), m.len(), mtime_ns(&m)).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// Records every file under `output` (the builds record their files as they
/// write them; this walk is the tests' check of that record).
#[cfg(test)]
pub(crate) fn scan_output(output: &Path) -> Vec<(String, u64, u128)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            if let Ok(m) = entry.metadata() {
                files.push((crate::load::rel_path(output, entry.path()), m.len(), mtime_ns(&m)));
            }
        }
    }
    files.sort();
    files
}

/// Writes the state (best effort: without it the next build just does all the work).
pub fn save(output: &Path, state: &BuildState) {
    let mut text = format!(
        "shudu-state 1\n{}\n{}\n",
        state.inputs,
        state.due.map_or("-".into(), |d| d.to_string())
    );
    for (path, len, mtime) in &state.files {
        text.push_str(&format!("{len}\t{mtime}\t{path}\n"));
    }
    let _ = fs::write(state_path(output), text);
}

/// Reads the state, if there is a readable one.
pub fn load(output: &Path) -> Option<BuildState> {
    let text = fs::read_to_string(state_path(output)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "shudu-state 1" {
        return None;
    }
    let inputs = lines.next()?.parse().ok()?;
    let due = match lines.next()? {
        "-" => None,
        d => Some(d.parse().ok()?),
    };
    let mut files = Vec::new();
    for line in lines {
        let mut parts = line.splitn(3, '\t');
        let len = parts.next()?.parse().ok()?;
        let mtime = parts.next()?.parse().ok()?;
        files.push((parts.next()?.to_string(), len, mtime));
    }
    Some(BuildState { inputs, due, files })
}

/// Forgets the state (after a build that changed the output some other way).
pub fn clear(output: &Path) {
    let _ = fs::remove_file(state_path(output));
}

/// Whether the output is exactly what a build with `inputs` at `now` would write.
pub fn up_to_date(output: &Path, inputs: u64, now_unix: i64) -> Option<usize> {
    let state = load(output)?;
    if state.inputs != inputs || state.due.is_some_and(|d| d <= now_unix) || state.files.is_empty() {
        return None;
    }
    // The output must hold exactly the files of the last build, unchanged:
    // a file added since (or a link) is removed by a real build.
    let mut found = Vec::with_capacity(state.files.len());
    for entry in walkdir::WalkDir::new(output).min_depth(1).follow_links(false) {
        let entry = entry.ok()?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            return None;
        }
        let m = entry.metadata().ok()?;
        found.push((crate::load::rel_path(output, entry.path()), m.len(), mtime_ns(&m)));
    }
    found.sort_unstable();
    (found == state.files).then_some(state.files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_detects_changes() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("a")).expect("mkdir");
        fs::write(out.join("a/index.html"), "x").expect("write");
        let state = BuildState {
            inputs: 42,
            due: Some(2_000_000_000),
            files: scan_output(&out),
        };
        save(&out, &state);
        assert_eq!(load(&out), Some(state));
        assert_eq!(up_to_date(&out, 42, 1_000), Some(1));
        assert_eq!(up_to_date(&out, 43, 1_000), None, "other inputs");
        assert_eq!(up_to_date(&out, 42, 2_000_000_000), None, "a scheduled story came due");
        fs::write(out.join("a/stray.txt"), "added by hand").expect("write");
        assert_eq!(up_to_date(&out, 42, 1_000), None, "a file was added");
        fs::remove_file(out.join("a/stray.txt")).expect("remove");
        assert_eq!(up_to_date(&out, 42, 1_000), Some(1), "back as it was");
        fs::write(out.join("a/index.html"), "changed").expect("write");
        assert_eq!(up_to_date(&out, 42, 1_000), None, "output changed");
        clear(&out);
        assert_eq!(load(&out), None);
    }

    #[test]
    fn fingerprint_follows_content_and_options() {
        let dir = tempfile::tempdir().expect("tmp");
        fs::create_dir_all(dir.path().join("content")).expect("mkdir");
        fs::write(dir.path().join("site.yaml"), "a").expect("write");
        let opts = BuildOptions::default();
        let a = input_fingerprint(dir.path(), &opts);
        assert_eq!(a, input_fingerprint(dir.path(), &opts));
        fs::write(dir.path().join("content/x.md"), "x").expect("write");
        let b = input_fingerprint(dir.path(), &opts);
        assert_ne!(a, b);
        let drafts = BuildOptions {
            drafts: true,
            ..BuildOptions::default()
        };
        assert_ne!(b, input_fingerprint(dir.path(), &drafts));
    }
}
