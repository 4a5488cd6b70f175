//! The pictures a site uses — covers and the images its bodies link to —
//! checked against what `load` found in their headers: an empty, corrupt or
//! oversized picture, or a cover that is not a picture at all, is an error at
//! the line that uses it, naming the file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostics;
use crate::load::images::{is_picture, SourceImages};
use crate::photo::Probe;

use rayon::prelude::*;

use super::{Cover, Story};

/// Where a picture is first used: file (relative to the root), line, column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PictureUse {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
}

/// Checks the covers and linked pictures of `stories`, sets the covers'
/// sizes from their headers, and returns where each usable picture is first
/// used, by source file. Stories are checked in parallel; their problems and
/// uses are merged in the stories' order.
pub(crate) fn check_pictures(
    stories: &mut [Story],
    story_files: &super::assets::AssetIndex,
    images: &SourceImages,
    diags: &mut Diagnostics,
) -> BTreeMap<PathBuf, PictureUse> {
    let checked: Vec<(Vec<(PathBuf, PictureUse)>, Diagnostics)> = stories
        .par_iter_mut()
        .map(|story| {
            let mut story_diags = Diagnostics::new();
            let uses = check_story(story, story_files, images, &mut story_diags);
            (uses, story_diags)
        })
        .collect();
    let mut uses: BTreeMap<PathBuf, PictureUse> = BTreeMap::new();
    for (story_uses, story_diags) in checked {
        diags.extend(story_diags.into_items());
        for (source, at) in story_uses {
            uses.entry(source).or_insert(at);
        }
    }
    uses
}

/// The pictures one story uses, in the order they are used (its covers
/// sized from their headers).
fn check_story(
    story: &mut Story,
    story_files: &super::assets::AssetIndex,
    images: &SourceImages,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, PictureUse)> {
    let mut uses = Vec::new();
    for v in story.versions.iter_mut() {
        if let Some(cover) = v.fields.cover.as_mut() {
            uses.extend(check_cover(cover, images, diags));
        }
        // Without pictures beside the stories, no link can name one.
        if images.is_empty() {
            continue;
        }
        for (offset, href) in super::assets::body_links(&v.body) {
            let Some(asset) = super::assets::resolve(&v.path, &href, story_files) else {
                continue;
            };
            let Some(img) = images.get(&asset.source) else {
                continue;
            };
            let (line, col) = line_col(&v.body, offset);
            let at = PictureUse {
                file: v.path.clone(),
                line: v.body_line + line,
                col,
            };
            match &img.probe {
                Err(e) => diags.error(&at.file, at.line, at.col, format!("image `{}`: {e}", img.rel)),
                Ok(_) => uses.push((asset.source, at)),
            }
        }
    }
    uses
}

/// Checks a version's cover against its header and sets its size; where
/// it is used, when it is a usable picture.
fn check_cover(cover: &mut Cover, images: &SourceImages, diags: &mut Diagnostics) -> Option<(PathBuf, PictureUse)> {
    let at = PictureUse {
        file: cover.given_in.clone(),
        line: cover.pos.line,
        col: cover.pos.col,
    };
    match images.get(&cover.source) {
        Some(img) => match &img.probe {
            Err(e) => diags.error(&at.file, at.line, at.col, format!("cover `{}`: {e}", img.rel)),
            Ok(probe) => {
                let (w, h) = match *probe {
                    Probe::Raster { width, height } => (Some(width), Some(height)),
                    Probe::PassThrough { width, height } => (width, height),
                };
                cover.width = w;
                cover.height = h;
                return Some((cover.source.clone(), at));
            }
        },
        None if !is_picture(&cover.file) => diags.error(
            &at.file,
            at.line,
            at.col,
            format!(
                "cover `{}` is not a picture: use a JPEG, PNG, WebP, GIF or SVG file",
                cover.file
            ),
        ),
        None => {}
    }
    None
}

/// The 0-based line and 1-based column (in characters) of byte `offset` of `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(line_col("ab\n数读 ![x](a.png)", 10), (1, 4));
        assert_eq!(line_col("abc", 1), (0, 2));
    }
}
