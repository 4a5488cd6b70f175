//! Where the output folder really is. A link to a folder is followed, so that
//! the staging folder, the lock and the build state sit beside the real
//! folder, on its file system (a folder can only be swapped with one on the
//! same file system).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::WriteError;

/// Links followed before giving up (as the kernel's limit for one path).
const MAX_LINKS: usize = 40;

/// The output folder of a build.
#[derive(Debug, Clone)]
pub struct Place {
    /// The real folder: absolute, links followed. It may not exist yet; the
    /// folder that holds it does.
    pub(crate) folder: PathBuf,
}

impl Place {
    /// Finds the real folder behind `output`, creating the folders above it.
    pub fn resolve(output: &Path) -> Result<Place, WriteError> {
        let io_err = |source: io::Error| WriteError::Io {
            path: output.to_path_buf(),
            source,
        };
        let absolute = std::path::absolute(output).map_err(io_err)?;
        if let Ok(real) = absolute.canonicalize() {
            return Ok(Place { folder: real });
        }
        // Missing, or a link to something missing: follow the links by hand.
        let mut path = absolute;
        for _ in 0..MAX_LINKS {
            match fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => {
                    let target = fs::read_link(&path).map_err(io_err)?;
                    path = match path.parent() {
                        Some(parent) => parent.join(target),
                        None => target,
                    };
                }
                _ => return Self::beside_existing(&path).map_err(io_err),
            }
        }
        Err(io_err(io::Error::other("too many levels of symbolic links")))
    }

    /// The place of `path`, which does not exist: the folders above it are
    /// created and resolved.
    fn beside_existing(path: &Path) -> io::Result<Place> {
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(io::Error::other("the output must be a folder with a name"));
        };
        fs::create_dir_all(parent)?;
        Ok(Place {
            folder: parent.canonicalize()?.join(name),
        })
    }

    /// The folder that holds the output.
    pub(crate) fn parent(&self) -> &Path {
        self.folder.parent().unwrap_or(Path::new("/"))
    }

    /// The name of the output folder, as it starts its companions' names.
    pub(crate) fn name(&self) -> String {
        self.folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into())
    }

    /// A hidden companion beside the output: `.<output name>.shudu-<tail>`.
    pub(crate) fn beside(&self, tail: &str) -> PathBuf {
        beside(&self.folder, tail)
    }
}

/// `.<name>.shudu-<tail>` beside the folder `folder`.
pub(crate) fn beside(folder: &Path, tail: &str) -> PathBuf {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    folder.with_file_name(format!(".{name}.shudu-{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_output_is_placed_in_its_resolved_parent() {
        let tmp = tempfile::tempdir().expect("tmp");
        let p = Place::resolve(&tmp.path().join("a/b/../public")).expect("place");
        let real = tmp.path().canonicalize().expect("canonical");
        assert_eq!(p.folder, real.join("a/public"));
        assert_eq!(p.beside("lock"), real.join("a/.public.shudu-lock"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_even_to_a_missing_folder() {
        let tmp = tempfile::tempdir().expect("tmp");
        let real = tmp.path().canonicalize().expect("canonical");
        fs::create_dir(real.join("target")).expect("mkdir");
        std::os::unix::fs::symlink(real.join("target"), real.join("public")).expect("link");
        assert_eq!(
            Place::resolve(&real.join("public")).expect("place").folder,
            real.join("target")
        );
        std::os::unix::fs::symlink("elsewhere/site", real.join("dangling")).expect("link");
        let p = Place::resolve(&real.join("dangling")).expect("place");
        assert_eq!(p.folder, real.join("elsewhere/site"));
        assert!(real.join("elsewhere").is_dir(), "the folder above is made");
        assert_eq!(p.beside("state"), real.join("elsewhere/.site.shudu-state"));
    }
}
