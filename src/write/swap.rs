//! Swapping the finished site in, in one step.
//!
//! On Linux the staging folder and the output are exchanged with one
//! `renameat2(RENAME_EXCHANGE)`: at every moment the output's path names
//! either the whole old tree or the whole new one. Where that call is not
//! available (other systems, or a file system that does not support it) the
//! swap takes two renames: the output moves aside to `.<output>.shudu-old-<pid>`,
//! then the staging folder takes its name. Between the two the output's path
//! is missing for an instant; if the process dies there, the next build moves
//! the old output back before anything else (see [`super::stale`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::failpoint;
use super::WriteError;

/// Puts the tree at `staging` at `output`. `fresh`: there is no output yet.
/// Returns where the old tree now is (to be removed), if there was one.
/// On error, the output is as it was unless the error says otherwise.
pub(crate) fn swap_in(staging: &Path, output: &Path, fresh: bool, aside: &Path) -> Result<Option<PathBuf>, WriteError> {
    let failed = |source: io::Error| WriteError::Swap {
        output: output.to_path_buf(),
        source,
        moved_to: None,
    };
    failpoint::check("swap").map_err(failed)?;
    if fresh {
        return rename_new(staging, output).map(|()| None).map_err(failed);
    }
    match exchange(staging, output) {
        Ok(()) => return Ok(Some(staging.to_path_buf())),
        Err(e) if !unsupported(&e) => return Err(failed(e)),
        Err(_) => {}
    }
    // Two renames: the output aside, then the staging folder in.
    fs::rename(output, aside).map_err(failed)?;
    let second = failpoint::check("fallback-second").and_then(|()| fs::rename(staging, output));
    match second {
        Ok(()) => Ok(Some(aside.to_path_buf())),
        Err(source) => match fs::rename(aside, output) {
            Ok(()) => Err(failed(source)),
            Err(_) => Err(WriteError::Swap {
                output: output.to_path_buf(),
                source,
                moved_to: Some(aside.to_path_buf()),
            }),
        },
    }
}

/// Whether the exchange failed only because it is not supported here.
fn unsupported(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported || matches!(e.raw_os_error(), Some(code) if is_unsupported_code(code))
}

#[cfg(target_os = "linux")]
fn is_unsupported_code(code: i32) -> bool {
    use rustix::io::Errno;
    [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP]
        .iter()
        .any(|e| e.raw_os_error() == code)
}

#[cfg(not(target_os = "linux"))]
fn is_unsupported_code(_: i32) -> bool {
    false
}

/// Exchanges two folders atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    if failpoint::hit("no-exchange") {
        return Err(io::Error::from(rustix::io::Errno::INVAL));
    }
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(Into::into)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Renames `from` to `to`, which must not exist (a folder made there by
/// someone else during the build is not replaced).
#[cfg(target_os = "linux")]
fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Err(e) if is_unsupported_code(e.raw_os_error()) => fs::rename(from, to),
        other => other.map_err(Into::into),
    }
}

#[cfg(not(target_os = "linux"))]
fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_folders_change_places() {
        let tmp = tempfile::tempdir().expect("tmp");
        let (new, out, aside) = (tmp.path().join("new"), tmp.path().join("out"), tmp.path().join("aside"));
        fs::create_dir(&new).expect("mkdir");
        fs::write(new.join("f"), "new").expect("write");
        assert_eq!(swap_in(&new, &out, true, &aside).expect("fresh"), None);
        fs::create_dir(&new).expect("mkdir");
        fs::write(new.join("f"), "newer").expect("write");
        let old = swap_in(&new, &out, false, &aside).expect("swap").expect("old tree");
        assert_eq!(fs::read_to_string(out.join("f")).expect("read"), "newer");
        assert_eq!(fs::read_to_string(old.join("f")).expect("read"), "new");
    }

    #[test]
    fn a_fresh_output_does_not_replace_a_folder_made_meanwhile() {
        let tmp = tempfile::tempdir().expect("tmp");
        let (new, out) = (tmp.path().join("new"), tmp.path().join("out"));
        fs::create_dir(&new).expect("mkdir");
        fs::create_dir(&out).expect("mkdir");
        assert!(matches!(
            swap_in(&new, &out, true, &tmp.path().join("aside")),
            Err(WriteError::Swap { moved_to: None, .. })
        ));
        assert!(new.is_dir() && out.is_dir());
    }
}
