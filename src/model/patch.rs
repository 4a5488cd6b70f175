//! Rebuilding stories of a built site in place, for `serve`: an edit to a
//! story's files that leaves its place in the site as it was (the same
//! files, slugs, date, commands, sectors and figures) changes nothing but
//! that story, so the rest of the site graph stays as built.

use std::path::Path;

use super::build::{build_story, check_refs, is_left_out, resolve_shortcodes};
use super::{BuildOptions, Figure, Site, Story};
use crate::diagnostic::Diagnostics;
use crate::load::SourceDoc;

/// Story `i` of `site` built again from `files` (one per version, in the
/// order of its versions), when the edit keeps its place: `None` when the
/// files have errors (in `diags`) or the edit reaches beyond the story, and
/// the site must be built whole.
pub fn rebuild_story(
    site: &Site,
    i: usize,
    root: &Path,
    files: Vec<SourceDoc>,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<Story> {
    let old = site.stories.get(i)?;
    let languages: Vec<&str> = site.config.language_codes().collect();
    let (mut story, refs) = build_story(root, files, &site.config, &site.indicators, &languages, diags)?;
    check_refs(&refs, &site.commands, &site.config, diags);
    if diags.has_errors() || is_left_out(&story, options) || !same_place(old, &story) {
        return None;
    }
    // The figures index is the one built with these very figures.
    resolve_shortcodes(
        std::slice::from_mut(&mut story),
        &site.commands,
        &site.indicators,
        &site.figures,
        diags,
    );
    (!diags.has_errors()).then_some(story)
}

/// Whether `new` takes `old`'s place in the site: the same files and slugs
/// (so the same pages), the same date (so the same position in every list),
/// the same commands and sectors (the same lists) and the same figures (the
/// same figures index).
fn same_place(old: &Story, new: &Story) -> bool {
    old.key == new.key
        && old.date == new.date
        && old.commands == new.commands
        && old.sectors == new.sectors
        && Figure::same_figures(&old.figures, &new.figures)
        && old.primary == new.primary
        && old.versions.len() == new.versions.len()
        && old
            .versions
            .iter()
            .zip(&new.versions)
            .all(|(a, b)| a.lang == b.lang && a.path == b.path && a.fields.slug == b.fields.slug)
}
