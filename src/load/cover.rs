//! A story file's `cover`: the image found on disk and measured, for the
//! model to check and use without reading the disk itself.
//!
//! The rules: the path is relative to the story file, with `/`; `..` may
//! climb to other folders of `content/` but not out of it (nor may a
//! symbolic link lead out of it); the file must exist. The image's width and
//! height are read from its header when it is an image the build can read
//! (JPEG, PNG, WebP); else they are unknown.

use std::path::{Path, PathBuf};

use super::yaml::Value;
use super::{DocKind, SourceDoc};

/// A cover image, copied beside the pages of the versions that show it.
#[derive(Debug, Clone)]
pub(crate) struct Cover {
    /// File name used in the output, relative to the story's folder (`cover-hospital.jpg`).
    pub(crate) file: String,
    /// The file on disk.
    pub(crate) source: PathBuf,
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    /// The file (relative to the root) and position where `cover` is given
    /// (set by the model, which reads the front matter's positions).
    pub(crate) given_in: String,
    pub(crate) pos: super::yaml::Pos,
}

/// What became of a story file's `cover` (the text given, `given`).
#[derive(Debug, Clone)]
pub(crate) struct CoverProbe {
    /// The `cover` field's text, as the file gives it.
    pub(crate) given: String,
    pub(crate) found: Result<Cover, CoverProblem>,
}

/// Why a `cover` names no file that can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoverProblem {
    /// A URL, an absolute path or a path with `\`.
    NotRelative,
    /// A path whose `..` climbs out of `content/`.
    OutsideContent,
    /// No file there (or a symbolic link out of `content/`).
    NotFound,
}

/// The cover `cover` of the story file at `story_rel` (relative to `root`),
/// found and measured.
pub(crate) fn probe(root: &Path, story_rel: &str, cover: &str) -> Result<Cover, CoverProblem> {
    if cover.contains("://") || cover.starts_with('/') || cover.contains('\\') {
        return Err(CoverProblem::NotRelative);
    }
    let dir = Path::new(story_rel).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = dir.iter().map(|c| c.to_string_lossy().into_owned()).collect();
    for part in cover.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p.to_string()),
        }
    }
    if parts.first().map(String::as_str) != Some("content") {
        return Err(CoverProblem::OutsideContent);
    }
    let abs = parts.iter().fold(root.to_path_buf(), |acc, p| acc.join(p));
    let ok_inside = abs
        .canonicalize()
        .ok()
        .zip(root.join("content").canonicalize().ok())
        .is_some_and(|(a, c)| a.starts_with(c));
    if !abs.is_file() || !ok_inside {
        return Err(CoverProblem::NotFound);
    }
    let file = parts.last().cloned().unwrap_or_default();
    let (width, height) = image::image_dimensions(&abs)
        .map(|(w, h)| (Some(w), Some(h)))
        .unwrap_or((None, None));
    Ok(Cover {
        file,
        source: abs,
        width,
        height,
        given_in: story_rel.to_string(),
        pos: super::yaml::Pos { line: 0, col: 0 },
    })
}

/// Probes the `cover` of a story file, when its front matter gives one as
/// text, and records it in `doc.cover`. Done on every load, also for files
/// taken from a cache, since the image may have changed on its own.
pub(crate) fn probe_doc(root: &Path, doc: &mut SourceDoc) {
    doc.cover = None;
    if doc.kind != DocKind::Story {
        return;
    }
    let Some(entry) = doc.front.entries().and_then(|e| e.iter().find(|e| e.key == "cover")) else {
        return;
    };
    if entry.value.value == Value::Null {
        return;
    }
    if let Some(given) = entry.value.scalar_text() {
        let found = probe(root, &doc.rel, &given);
        doc.cover = Some(CoverProbe { given, found });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_are_found_inside_content_and_measured() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let folder = root.join("content/stories/2022");
        std::fs::create_dir_all(root.join("content/images")).expect("mkdir");
        std::fs::create_dir_all(&folder).expect("mkdir");
        image::RgbImage::new(3, 2).save(folder.join("a.png")).expect("png");
        std::fs::write(root.join("content/images/b.jpg"), "not an image").expect("write");
        std::fs::write(root.join("outside.png"), "x").expect("write");
        let story = "content/stories/2022/alar.md";

        let a = probe(root, story, "./a.png").expect("a.png");
        assert_eq!((a.file.as_str(), a.width, a.height), ("a.png", Some(3), Some(2)));
        assert_eq!(a.source, folder.join("a.png"));
        let b = probe(root, story, "../../images/b.jpg").expect("b.jpg");
        assert_eq!((b.file.as_str(), b.width, b.height), ("b.jpg", None, None));

        for (cover, problem) in [
            ("https://example.com/a.png", CoverProblem::NotRelative),
            ("/a.png", CoverProblem::NotRelative),
            ("images\\a.png", CoverProblem::NotRelative),
            ("../../../outside.png", CoverProblem::OutsideContent),
            ("missing.png", CoverProblem::NotFound),
            ("../2022", CoverProblem::NotFound),
        ] {
            assert_eq!(probe(root, story, cover).err(), Some(problem), "{cover}");
        }
    }
}
