//! What the last successful build saw and wrote, kept beside the output
//! (`.<output>.shudu-state`), so that a build whose inputs have not changed
//! since can stop early: nothing is rendered and nothing is written.
//!
//! The inputs are fingerprinted by path, size and modification time of every
//! file under `site.yaml`, `content/`, `data/`, `templates/`, `themes/` and
//! `static/`, plus the build options and the shudu executable itself. The
//! shortcut is taken only when the fingerprint is the same, no scheduled
//! story has come due, every output file is still there with the size and
//! modification time recorded, and every output folder has the modification
//! time recorded (so no file was added to the output since: a real build
//! would remove it).

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
pub(crate) struct BuildState {
    pub(crate) inputs: u64,
    /// Unix seconds of the earliest scheduled story left out, if any.
    pub(crate) due: Option<i64>,
    /// Output files: (path relative to the output, size, mtime in ns).
    pub(crate) files: Vec<(String, u64, u128)>,
    /// The folders holding them (`""` is the output itself), with their
    /// mtimes in ns once the build was done: a file added to or removed from
    /// a folder changes its mtime.
    pub(crate) folders: Vec<(String, u128)>,
}

impl BuildState {
    /// The state of a build that left `files` in `output`; the folders
    /// holding them are stamped now.
    pub(crate) fn after_build(output: &Path, inputs: u64, due: Option<i64>, files: Vec<(String, u64, u128)>) -> Self {
        let mut names = std::collections::BTreeSet::from([String::new()]);
        for (path, _, _) in &files {
            let mut at = path.as_str();
            while let Some(i) = at.rfind('/') {
                at = &at[..i];
                if !names.insert(at.to_string()) {
                    break;
                }
            }
        }
        let folders = names
            .into_iter()
            .map(|name| {
                // A folder that cannot be read gets a stamp no folder has: the next build is a full one.
                let stamp = fs::symlink_metadata(output.join(&name)).map_or(0, |m| mtime_ns(&m));
                (name, stamp)
            })
            .collect();
        BuildState {
            inputs,
            due,
            files,
            folders,
        }
    }
}

/// Where the state of the output folder `output` (links followed) is kept.
pub(crate) fn state_path(output: &Path) -> PathBuf {
    super::place::beside(output, "state")
}

/// The fingerprint of everything a build reads, and of how it is asked to build.
pub(crate) fn input_fingerprint(root: &Path, options: &BuildOptions) -> u64 {
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

/// Records every file under `output` but shudu's mark (the builds record
/// their files as they write them; this walk is the tests' check of that record).
#[cfg(test)]
pub(crate) fn scan_output(output: &Path) -> Vec<(String, u64, u128)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() && entry.path() != output.join(super::owner::MARKER) {
            if let Ok(m) = entry.metadata() {
                files.push((crate::load::rel_path(output, entry.path()), m.len(), mtime_ns(&m)));
            }
        }
    }
    files.sort();
    files
}

/// Writes the state (best effort: without it the next build just does all the work).
pub(crate) fn save(output: &Path, state: &BuildState) {
    let mut text = format!(
        "shudu-state 2\n{}\n{}\n",
        state.inputs,
        state.due.map_or("-".into(), |d| d.to_string())
    );
    for (path, len, mtime) in &state.files {
        text.push_str(&format!("{len}\t{mtime}\t{path}\n"));
    }
    for (name, mtime) in &state.folders {
        text.push_str(&format!("D\t{mtime}\t{name}\n"));
    }
    let _ = fs::write(state_path(output), text);
}

/// Reads the state, if there is a readable one.
pub(crate) fn load(output: &Path) -> Option<BuildState> {
    let text = fs::read_to_string(state_path(output)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "shudu-state 2" {
        return None;
    }
    let inputs = lines.next()?.parse().ok()?;
    let due = match lines.next()? {
        "-" => None,
        d => Some(d.parse().ok()?),
    };
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for line in lines {
        let mut parts = line.splitn(3, '\t');
        let first = parts.next()?;
        let mtime = parts.next()?.parse().ok()?;
        let name = parts.next()?.to_string();
        if first == "D" {
            folders.push((name, mtime));
        } else {
            files.push((name, first.parse().ok()?, mtime));
        }
    }
    Some(BuildState {
        inputs,
        due,
        files,
        folders,
    })
}

/// Forgets the state (after a build that changed the output some other way).
pub(crate) fn clear(output: &Path) {
    let _ = fs::remove_file(state_path(output));
}

/// Whether the output is exactly what a build with `inputs` at `now` would write.
pub(crate) fn up_to_date(output: &Path, inputs: u64, now_unix: i64) -> Option<usize> {
    let state = load(output)?;
    if state.inputs != inputs || state.due.is_some_and(|d| d <= now_unix) || state.files.is_empty() {
        return None;
    }
    let intact = state.files.iter().all(|(path, len, mtime)| {
        fs::symlink_metadata(output.join(path)).is_ok_and(|m| m.is_file() && m.len() == *len && mtime_ns(&m) == *mtime)
    });
    // Every file of the last build is there, unchanged; the output must hold
    // no other (a file added since, or a link): a real build removes those.
    // Adding (or removing) an entry changes its folder's mtime.
    let same_folders = state.folders.iter().all(|(name, stamp)| {
        fs::symlink_metadata(output.join(name)).is_ok_and(|m| m.is_dir() && mtime_ns(&m) == *stamp)
    });
    (intact && same_folders).then_some(state.files.len())
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
        let state = BuildState::after_build(&out, 42, Some(2_000_000_000), scan_output(&out));
        assert_eq!(
            state.folders.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["", "a"]
        );
        save(&out, &state);
        assert_eq!(load(&out), Some(state));
        assert_eq!(up_to_date(&out, 42, 1_000), Some(1));
        assert_eq!(up_to_date(&out, 43, 1_000), None, "other inputs");
        assert_eq!(up_to_date(&out, 42, 2_000_000_000), None, "a scheduled story came due");
        fs::write(out.join("a/stray.txt"), "added by hand").expect("write");
        assert_eq!(up_to_date(&out, 42, 1_000), None, "a file was added");
        fs::remove_file(out.join("a/stray.txt")).expect("remove");
        save(&out, &BuildState::after_build(&out, 42, None, scan_output(&out)));
        assert_eq!(up_to_date(&out, 42, 1_000), Some(1), "saved again");
        fs::create_dir(out.join("a/new")).expect("mkdir");
        assert_eq!(up_to_date(&out, 42, 1_000), None, "a folder was added");
        fs::remove_dir(out.join("a/new")).expect("rmdir");
        save(&out, &BuildState::after_build(&out, 42, None, scan_output(&out)));
        assert_eq!(up_to_date(&out, 42, 1_000), Some(1));
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
