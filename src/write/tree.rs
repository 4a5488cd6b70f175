//! Files and folders of whole trees: linking a file into the staging folder
//! (its bytes and modification time kept), and removing a tree shudu made.

use std::fs;
use std::io;
use std::path::Path;

/// Puts the file `from` at `to` as it is: a hard link (same bytes, same
/// modification time, no copy), or where no link can be made (another owner's
/// file under `fs.protected_hardlinks`, a file system without links) a copy
/// given the same modification time. A symbolic link is made again, never
/// followed.
pub(crate) fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    let Err(link_error) = fs::hard_link(from, to) else {
        return Ok(());
    };
    let meta = fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        return relink(from, to);
    }
    if !meta.is_file() {
        return Err(link_error);
    }
    fs::copy(from, to)?;
    let copied = fs::OpenOptions::new().write(true).open(to)?;
    copied.set_modified(meta.modified()?)?;
    Ok(())
}

#[cfg(unix)]
fn relink(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn relink(from: &Path, to: &Path) -> io::Result<()> {
    Err(io::Error::other(format!("cannot copy the link {}", from.display())))
}

/// Puts the tree at `from` (a file, a link or a folder) at `to`, each file
/// with [`link_or_copy`]; what is already at `to` stays, and wins. Folders
/// get `from`'s permissions once filled.
pub(crate) fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(from).follow_links(false).follow_root_links(false) {
        let entry = entry?;
        let rel = entry.path().strip_prefix(from).unwrap_or(Path::new(""));
        let target = if rel.as_os_str().is_empty() {
            to.to_path_buf()
        } else {
            to.join(rel)
        };
        let taken = fs::symlink_metadata(&target).ok();
        if entry.file_type().is_dir() {
            match taken {
                None => {
                    fs::create_dir(&target)?;
                    folders.push((target, entry.metadata()?.permissions()));
                }
                Some(m) if m.is_dir() => {}
                Some(_) => {} // the build put a file here: it wins, and what is below is not kept
            }
        } else if taken.is_none() && target.parent().is_some_and(|p| p.is_dir() && !p.is_symlink()) {
            link_or_copy(entry.path(), &target)?;
        }
    }
    for (folder, permissions) in folders.into_iter().rev() {
        fs::set_permissions(folder, permissions)?;
    }
    Ok(())
}

/// Removes the tree at `path` (a file or a link is just removed; nothing
/// there is fine). A folder that cannot be written to (made read-only) is
/// made writable for its owner, and the removal tried again.
pub(crate) fn remove_tree(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Ok(m) if !m.is_dir() => return fs::remove_file(path),
        _ => {}
    }
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(first) => {
            let mut made_writable = false;
            for entry in walkdir::WalkDir::new(path)
                .follow_links(false)
                .follow_root_links(false)
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_dir() {
                    if let Ok(m) = entry.metadata() {
                        let mut p = m.permissions();
                        if p.readonly() {
                            #[allow(clippy::permissions_set_readonly_false)]
                            p.set_readonly(false);
                            made_writable |= fs::set_permissions(entry.path(), p).is_ok();
                        }
                    }
                }
            }
            if made_writable {
                fs::remove_dir_all(path)
            } else {
                Err(first)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_linked_with_its_mtimes_and_what_is_there_wins() {
        let tmp = tempfile::tempdir().expect("tmp");
        let from = tmp.path().join("from");
        fs::create_dir_all(from.join(".git/objects/ab")).expect("mkdir");
        fs::write(from.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").expect("write");
        fs::write(from.join(".git/objects/ab/cd"), "object").expect("write");
        let to = tmp.path().join("to");
        fs::create_dir_all(to.join(".git")).expect("mkdir");
        fs::write(to.join(".git/HEAD"), "the build's").expect("write");
        link_tree(&from.join(".git"), &to.join(".git")).expect("link");
        assert_eq!(fs::read_to_string(to.join(".git/HEAD")).expect("read"), "the build's");
        assert_eq!(
            fs::read_to_string(to.join(".git/objects/ab/cd")).expect("read"),
            "object"
        );
        let mtime = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).expect("mtime");
        assert_eq!(
            mtime(&from.join(".git/objects/ab/cd")),
            mtime(&to.join(".git/objects/ab/cd"))
        );
        remove_tree(&to).expect("remove");
        assert!(!to.exists());
        assert!(from.join(".git/objects/ab/cd").is_file(), "the source stays");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_removed_too() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tmp");
        let tree = tmp.path().join("tree");
        fs::create_dir_all(tree.join("ro")).expect("mkdir");
        fs::write(tree.join("ro/f"), "x").expect("write");
        fs::set_permissions(tree.join("ro"), fs::Permissions::from_mode(0o555)).expect("chmod");
        remove_tree(&tree).expect("remove");
        assert!(!tree.exists());
    }
}
