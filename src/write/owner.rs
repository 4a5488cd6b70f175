//! Whose folder the output is. A build replaces its output folder whole, so
//! it must only ever replace a folder that is its own to replace: one that is
//! missing, empty (apart from the paths the site keeps), or made by an earlier
//! shudu build. An earlier build is known by the mark it leaves inside the
//! output ([`MARKER`]), or by its state record beside the output (outputs of
//! builds older than the mark). Deleting the state record therefore only
//! costs a full build; deleting the mark as well makes the folder foreign.

use std::fs;
use std::path::Path;

use super::place::Place;
use super::{state, WriteError};

/// The file every build writes at the top of its output.
pub const MARKER: &str = crate::config::OUTPUT_MARKER;

/// What [`MARKER`] says.
pub(crate) const MARKER_TEXT: &str =
    "This folder is the output of `shudu build`, which replaces it whole on every build.\n\
Paths listed under `keep:` in site.yaml are carried over; anything else added here is removed.\n";

/// What a build finds where its output goes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// Nothing: the build creates the folder.
    Nothing,
    /// An empty folder, or one holding only paths the site keeps.
    Empty,
    /// The output of an earlier build.
    Ours,
    /// A folder with other files: the first few names (sorted) and how many there are.
    Foreign { names: Vec<String>, count: usize },
}

/// Names listed in a refusal.
const SHOWN: usize = 3;

/// Looks at the output folder at `place`; `keep` are the paths the site keeps.
pub(crate) fn inspect(place: &Place, keep: &[String]) -> Result<Found, WriteError> {
    let folder = &place.folder;
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(_) if fs::symlink_metadata(folder).is_err() => return Ok(Found::Nothing),
        Err(_) if !folder.is_dir() => return Err(WriteError::NotAFolder(folder.clone())),
        Err(source) => {
            return Err(WriteError::Io {
                path: folder.clone(),
                source,
            })
        }
    };
    if folder.join(MARKER).is_file() || has_state(place) {
        return Ok(Found::Ours);
    }
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !keep.contains(name))
        .collect();
    if names.is_empty() {
        return Ok(Found::Empty);
    }
    names.sort();
    let count = names.len();
    names.truncate(SHOWN);
    Ok(Found::Foreign { names, count })
}

/// Whether a shudu state record lies beside the output.
fn has_state(place: &Place) -> bool {
    let path = state::state_path(&place.folder);
    fs::read(path).is_ok_and(|bytes| bytes.starts_with(b"shudu-state"))
}

/// `thesis.txt, drafts/ and 3 more`, for a message.
pub(crate) fn describe(names: &[String], count: usize, folder: &Path) -> String {
    let shown: Vec<String> = names
        .iter()
        .map(|n| {
            if folder.join(n).is_dir() {
                format!("{n}/")
            } else {
                n.clone()
            }
        })
        .collect();
    match count.saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep() -> Vec<String> {
        crate::config::DEFAULT_KEEP.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn missing_empty_kept_only_marked_and_foreign_folders() {
        let tmp = tempfile::tempdir().expect("tmp");
        let place = Place::resolve(&tmp.path().join("public")).expect("place");
        assert_eq!(inspect(&place, &keep()).expect("inspect"), Found::Nothing);
        fs::create_dir(&place.folder).expect("mkdir");
        assert_eq!(inspect(&place, &keep()).expect("inspect"), Found::Empty);
        fs::create_dir(place.folder.join(".git")).expect("mkdir");
        fs::write(place.folder.join("CNAME"), "aid.example.org").expect("write");
        assert_eq!(inspect(&place, &keep()).expect("inspect"), Found::Empty);
        for name in ["thesis.txt", "a", "b", "c"] {
            fs::write(place.folder.join(name), "mine").expect("write");
        }
        assert_eq!(
            inspect(&place, &keep()).expect("inspect"),
            Found::Foreign {
                names: vec!["a".into(), "b".into(), "c".into()],
                count: 4
            }
        );
        assert_eq!(describe(&["a".into()], 4, &place.folder), "a and 3 more");
        assert!(
            matches!(inspect(&place, &[]).expect("inspect"), Found::Foreign { count: 6, .. }),
            "nothing kept: .git and CNAME count"
        );
        fs::write(state::state_path(&place.folder), "shudu-state 2\n").expect("write");
        assert_eq!(inspect(&place, &keep()).expect("inspect"), Found::Ours, "by its state");
        fs::remove_file(state::state_path(&place.folder)).expect("rm");
        fs::write(place.folder.join(MARKER), MARKER_TEXT).expect("write");
        assert_eq!(inspect(&place, &keep()).expect("inspect"), Found::Ours, "by its mark");
    }

    #[test]
    fn a_file_is_not_an_output_folder() {
        let tmp = tempfile::tempdir().expect("tmp");
        let place = Place::resolve(&tmp.path().join("public")).expect("place");
        fs::write(&place.folder, "a file").expect("write");
        assert!(matches!(inspect(&place, &[]), Err(WriteError::NotAFolder(_))));
    }
}
