//! Staging folders left behind by builds that died (killed, or a power cut):
//! `.<output>.shudu-new-<pid>` (a site half written, or the old tree just
//! swapped out) and `.<output>.shudu-old-<pid>` (an output moved aside by the
//! two-rename swap). The next build, holding the output's lock, takes one of
//! them as its spare (see [`super`]) when it has none, and removes the
//! others; but only those of processes that are gone: a folder whose process
//! is alive is never touched. An `old` folder is moved back first when the
//! output is missing: the build that moved it aside died before putting the
//! new site in its place.

use std::fs;
use std::path::PathBuf;

use super::place::Place;
use super::tree::remove_tree;

/// What cleaning found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Cleaned {
    /// Folders removed.
    pub(crate) removed: Vec<PathBuf>,
    /// A folder taken as the spare.
    pub(crate) reused: Option<PathBuf>,
    /// An output moved aside and put back.
    pub(crate) restored: Option<PathBuf>,
}

/// Removes the staging folders of dead builds into `place`. The caller holds
/// the output's lock. Best effort: what cannot be removed stays for the next
/// build.
pub(crate) fn clean(place: &Place) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let Ok(entries) = fs::read_dir(place.parent()) else {
        return cleaned;
    };
    let prefix = format!(".{}.shudu-", place.name());
    let mut found: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (kind, pid) = name.strip_prefix(&prefix)?.split_once('-')?;
            let pid: u32 = pid.parse().ok()?;
            let old = match kind {
                "old" => true,
                "new" => false,
                _ => return None,
            };
            (pid != std::process::id() && !alive(pid)).then(|| (entry.path(), old))
        })
        .collect();
    found.sort();
    for (path, old) in found {
        let spare = place.beside("spare");
        if old && fs::symlink_metadata(&place.folder).is_err() && fs::rename(&path, &place.folder).is_ok() {
            cleaned.restored = Some(path);
        } else if fs::symlink_metadata(&spare).is_err() && fs::rename(&path, &spare).is_ok() {
            cleaned.reused = Some(path);
        } else if remove_tree(&path).is_ok() {
            cleaned.removed.push(path);
        }
    }
    cleaned
}

/// Whether a process with this id exists (one that exists but is not ours to
/// signal counts as alive).
#[cfg(unix)]
pub(crate) fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
        return false;
    };
    !matches!(rustix::process::test_kill_process(pid), Err(e) if e == rustix::io::Errno::SRCH)
}

/// Elsewhere every process counts as alive: nothing is removed.
#[cfg(not(unix))]
pub(crate) fn alive(_: u32) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The id of a process that has ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().expect("spawn true");
        let pid = child.id();
        child.wait().expect("wait");
        pid
    }

    #[test]
    fn dead_builds_staging_goes_a_live_ones_stays_and_an_output_moved_aside_comes_back() {
        let tmp = tempfile::tempdir().expect("tmp");
        let place = Place::resolve(&tmp.path().join("public")).expect("place");
        let dead = dead_pid();
        let parent = place.parent().to_path_buf();
        let dead_new = parent.join(format!(".public.shudu-new-{dead}"));
        let dead_old = parent.join(format!(".public.shudu-old-{dead}"));
        let other_output = parent.join(format!(".site.shudu-new-{dead}"));
        for d in [&dead_new, &dead_old, &other_output] {
            fs::create_dir_all(d.join("sub")).expect("mkdir");
            fs::write(d.join("sub/index.html"), "x").expect("write");
        }
        let cleaned = clean(&place);
        assert_eq!(cleaned.reused, Some(dead_new.clone()), "taken as the spare");
        assert!(place.beside("spare").join("sub/index.html").is_file());
        assert_eq!(cleaned.restored, Some(dead_old.clone()), "the output was missing");
        assert!(cleaned.removed.is_empty());
        assert!(place.folder.join("sub/index.html").is_file());
        assert!(other_output.is_dir(), "another output's staging is not ours");
        // A live process's staging stays, and so does this process's own.
        let mut live = std::process::Command::new("cat")
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("spawn cat");
        let theirs = parent.join(format!(".public.shudu-new-{}", live.id()));
        let own = parent.join(format!(".public.shudu-new-{}", std::process::id()));
        for d in [&theirs, &own, &dead_old] {
            fs::create_dir(d).expect("mkdir");
        }
        let cleaned = clean(&place);
        live.kill().expect("kill");
        live.wait().expect("wait");
        assert_eq!(cleaned.removed, vec![dead_old.clone()], "there is a spare: removed");
        assert!(theirs.is_dir() && own.is_dir());
    }

    #[test]
    fn a_live_process_is_alive_and_an_ended_one_is_not() {
        assert!(alive(std::process::id()));
        assert!(alive(1), "init exists, even when not ours to signal");
        assert!(!alive(dead_pid()));
    }
}
