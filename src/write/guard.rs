//! Where the output may go: never over the site itself.
//!
//! A build replaces its output folder whole. Pointed at the site's root, at a
//! folder that holds the root, or into one of the site's input folders, it
//! would delete the sources it was built from; such an output is refused
//! before anything is read or written.

use std::path::{Component, Path, PathBuf};

/// The site folders a build reads from; the output may not lie inside one.
const INPUT_FOLDERS: [&str; 5] = ["content", "static", "templates", "themes", "data"];

/// What `output` would replace of the site at `root`, described for a
/// message, or `None` when the output is safe (beside the site, or a folder
/// of its own inside the root such as `public/`).
pub(crate) fn overlap(root: &Path, output: &Path) -> Option<String> {
    let root = resolved(root);
    let output = resolved(output);
    if output == root {
        return Some("the site's root folder".into());
    }
    if root.starts_with(&output) {
        return Some(format!("a folder that holds the site ({})", root.display()));
    }
    INPUT_FOLDERS
        .iter()
        .find(|folder| output.starts_with(root.join(folder)))
        .map(|folder| format!("the site's `{folder}/` folder"))
}

/// `path` made absolute, with symbolic links resolved as far as the path
/// exists, and `.`/`..` removed from the rest.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // The longest part that exists is canonicalised (links resolved); the rest is appended.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(canonical) = existing.canonicalize() {
            break canonical;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break existing.to_path_buf(),
        }
    };
    let mut out = base;
    for name in rest.iter().rev() {
        out.push(name);
    }
    lexically_normal(&out)
}

/// Removes `.` and resolves `..` against the components before it.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_a_folder_above_it_and_its_input_folders_are_refused() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        assert!(overlap(&root, &root).is_some());
        assert!(overlap(&root, &root.join(".")).is_some());
        assert!(overlap(&root, &root.join("content/..")).is_some());
        assert!(overlap(&root, tmp.path()).is_some());
        assert!(overlap(&root, Path::new("/")).is_some());
        assert!(overlap(&root, &root.join("content")).is_some());
        assert!(overlap(&root, &root.join("content/out")).is_some());
        assert!(overlap(&root, &root.join("static/site")).is_some());
    }

    #[test]
    fn an_output_folder_of_its_own_is_allowed() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).expect("mkdir");
        assert_eq!(overlap(&root, &root.join("public")), None);
        assert_eq!(overlap(&root, &root.join("public/../dist")), None);
        assert_eq!(overlap(&root, &tmp.path().join("out")), None);
        assert_eq!(overlap(&root, &tmp.path().join("site-public")), None);
        assert_eq!(overlap(&root, &root.join("contents")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_root_is_seen_through() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).expect("mkdir");
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&root, &link).expect("symlink");
        assert!(overlap(&root, &link).is_some());
        assert!(overlap(&link, &root).is_some());
    }
}
