//! Rebuilding stories of a built site in place, for `serve`. An edit to a
//! story's files that keeps its pages (the same files, slugs, commands and
//! sectors) changes that story and, when its figures changed, the figures
//! index and what other stories' shortcodes show. A new date moves the story
//! among the others ([`Moves`]): the stories, their lists and the figures
//! index are put in the new order.

use std::collections::BTreeSet;

use super::build::{build_story, check_refs, is_left_out, resolve_shortcodes, story_lists, story_order, StoryLists};
use super::shortcode::Shortcode;
use super::{BuildOptions, Figure, FiguresIndex, Site, Story};
use crate::diagnostic::Diagnostics;
use crate::load::SourceDoc;

/// Story `i` of `site` built again from `files` (one per version, in the
/// order of its versions), when the edit keeps its place; its shortcodes
/// are resolved by [`patch`]. `None` when the files have errors (in
/// `diags`) or the edit reaches beyond the story, and the site must be
/// built whole.
pub(crate) fn rebuild_story(
    site: &Site,
    i: usize,
    files: Vec<SourceDoc>,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<Story> {
    let old = site.stories.get(i)?;
    let languages: Vec<&str> = site.config.language_codes().collect();
    let (story, refs) = build_story(
        &site.story_files,
        files,
        &site.config,
        &site.indicators,
        &languages,
        diags,
    );
    check_refs(&refs, &site.commands, &site.config, diags);
    let story = story?;
    (!diags.has_errors() && !is_left_out(&story, options) && same_place(old, &story)).then_some(story)
}

/// Whether `new` takes `old`'s place in the site: the same files and slugs
/// (so the same pages), the same commands and sectors (the same lists) and
/// the same files beside the page. (A new date moves it within those lists.)
fn same_place(old: &Story, new: &Story) -> bool {
    old.key == new.key
        && old.commands == new.commands
        && old.sectors == new.sectors
        && same_files_beside(old, new)
        && old.primary == new.primary
        && old.versions.len() == new.versions.len()
        && old
            .versions
            .iter()
            .zip(&new.versions)
            .all(|(a, b)| a.lang == b.lang && a.path == b.path && a.fields.slug == b.fields.slug)
}

/// Whether the story's pages have the same files beside them: each
/// version's cover file name (a new name leaves the old file behind, which
/// only a whole rebuild removes) and the files its body links to
/// ([`super::assets`]). An edit that changes them renders the site whole,
/// so that no copy is left behind or missed.
pub(crate) fn same_files_beside(old: &Story, new: &Story) -> bool {
    old.versions.len() == new.versions.len()
        && old.versions.iter().zip(&new.versions).all(|(a, b)| {
            a.fields.cover.as_ref().map(|c| &c.file) == b.fields.cover.as_ref().map(|c| &c.file)
                && a.fields.assets == b.fields.assets
        })
}

/// How a patch reordered the stories (new dates), to render and to undo.
pub(crate) struct Moves {
    /// `rank[i]`: the new index of the story that was at index `i`.
    pub(crate) rank: Vec<usize>,
    /// `order[j]`: the old index of the story now at index `j`.
    pub(crate) order: Vec<usize>,
    /// The command and sector lists of the site as they were.
    pub(crate) lists_before: StoryLists,
}

impl Moves {
    /// Puts `items`, indexed like the stories were, in the new order.
    pub(crate) fn apply<T>(&self, items: Vec<T>) -> Vec<T> {
        permute(items, &self.rank)
    }

    /// Puts `items`, indexed like the stories are, back in the old order.
    pub(crate) fn revert<T>(&self, items: Vec<T>) -> Vec<T> {
        permute(items, &self.order)
    }
}

/// `items` with the item at index `i` moved to index `rank[i]` (`rank` is a
/// permutation of the indices).
fn permute<T>(items: Vec<T>, rank: &[usize]) -> Vec<T> {
    let mut ranked: Vec<(usize, T)> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| (rank.get(i).copied().unwrap_or(i), item))
        .collect();
    ranked.sort_unstable_by_key(|(r, _)| *r);
    ranked.into_iter().map(|(_, item)| item).collect()
}

/// Puts the stories of `site` in site order after their dates changed, with
/// their command and sector lists. `None` (nothing done) when every story
/// is where it was.
fn move_stories(site: &mut Site) -> Option<Moves> {
    let mut order: Vec<usize> = (0..site.stories.len()).collect();
    order.sort_by(|&a, &b| story_order(&site.stories[a], &site.stories[b]));
    if order.iter().enumerate().all(|(new, &old)| new == old) {
        return None;
    }
    let mut rank = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    site.stories = permute(std::mem::take(&mut site.stories), &rank);
    let (by_command, by_sector) = story_lists(&site.stories);
    let lists_before = (
        std::mem::replace(&mut site.stories_by_command, by_command),
        std::mem::replace(&mut site.stories_by_sector, by_sector),
    );
    Some(Moves {
        rank,
        order,
        lists_before,
    })
}

/// What [`patch`] changed, to know what to render and to undo it.
pub(crate) struct Patch {
    /// Each patched story's index (in the new order), with the story as it
    /// was.
    pub(crate) before: Vec<(usize, Story)>,
    /// How the stories were reordered, when their dates moved them.
    pub(crate) moves: Option<Moves>,
    /// What became of the figures index.
    figures: FiguresChange,
    /// (story, version, shortcodes) as they were, for every version whose
    /// shortcodes were resolved again.
    old_shortcodes: Vec<(usize, usize, Vec<Shortcode>)>,
    /// Other stories whose shortcodes show other figures than before (a
    /// cell's newest figure moved to another story, say).
    pub(crate) reshown: BTreeSet<usize>,
}

/// How a patch changed the figures index, with what it was.
enum FiguresChange {
    None,
    /// Only values: the rows' normalised values as they were.
    Values(Vec<(usize, Option<rust_decimal::Decimal>, Option<String>)>),
    /// Built again: the index as it was.
    Index(FiguresIndex),
}

impl Patch {
    /// Whether the figures changed (their values, or more).
    pub(crate) fn figures_changed(&self) -> bool {
        !matches!(self.figures, FiguresChange::None)
    }

    /// Whether the figures index was built again (figures added, removed,
    /// given other keys, labels, units or years): the pages and widgets of
    /// the site may be others.
    pub(crate) fn index_rebuilt(&self) -> bool {
        matches!(self.figures, FiguresChange::Index(_))
    }

    /// Puts `site` back as it was before the patch.
    pub(crate) fn undo(self, site: &mut Site) {
        for (i, vi, shortcodes) in self.old_shortcodes {
            site.stories[i].versions[vi].fields.shortcodes = shortcodes;
        }
        for (i, story) in self.before {
            site.stories[i] = story;
        }
        if let Some(moves) = self.moves {
            site.stories = moves.revert(std::mem::take(&mut site.stories));
            (site.stories_by_command, site.stories_by_sector) = moves.lists_before;
        }
        match self.figures {
            FiguresChange::None => {}
            FiguresChange::Values(old) => site.figures.restore_values(old),
            FiguresChange::Index(figures) => site.figures = figures,
        }
    }
}

/// Puts the `rebuilt` stories (from [`rebuild_story`]) in their places in
/// `site`. When their figures changed, the figures index is built again and
/// every shortcode resolved again. `None` (the site as it was, the errors in
/// `diags`) when that finds errors.
pub(crate) fn patch(site: &mut Site, rebuilt: Vec<(usize, Story)>, diags: &mut Diagnostics) -> Option<Patch> {
    let mut patch = Patch {
        before: Vec::with_capacity(rebuilt.len()),
        moves: None,
        figures: FiguresChange::None,
        old_shortcodes: Vec::new(),
        reshown: BTreeSet::new(),
    };
    for (i, story) in rebuilt {
        let old = std::mem::replace(&mut site.stories[i], story);
        patch.before.push((i, old));
    }
    let figures_changed = patch
        .before
        .iter()
        .any(|(i, old)| !Figure::same_figures(&old.figures, &site.stories[*i].figures));
    let values_only = patch
        .before
        .iter()
        .all(|(i, old)| Figure::same_but_values(&old.figures, &site.stories[*i].figures));
    // A new date can move the story, and which story is a cell's newest.
    let dates_changed = patch.before.iter().any(|(i, old)| old.date != site.stories[*i].date);
    let rebuild_index = dates_changed || (figures_changed && !values_only);
    if figures_changed && !rebuild_index {
        // Rows, cells and shortcodes stay: only values change.
        let mut old = Vec::new();
        for &(i, _) in &patch.before {
            old.extend(
                site.figures
                    .update_values(i, &site.stories[i].figures, &site.indicators),
            );
        }
        patch.figures = FiguresChange::Values(old);
    }
    // Only a new index can make other stories' shortcodes show other figures.
    let mut shown_before: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    if rebuild_index {
        shown_before = (0..site.stories.len())
            .filter(|&i| site.has_shortcodes(i) && !patch.before.iter().any(|(b, _)| *b == i))
            .map(|i| (i, site.shortcode_figures(i)))
            .collect();
        if dates_changed {
            patch.moves = move_stories(site);
        }
        if let Some(moves) = &patch.moves {
            // Everything by the new indices.
            let rank = &moves.rank;
            for (i, _) in &mut patch.before {
                *i = rank[*i];
            }
            for (i, shown) in &mut shown_before {
                *i = rank[*i];
                for (s, _) in shown {
                    *s = rank[*s];
                }
            }
        }
        // The other stories' rows are kept (renumbered when they moved).
        let edited: BTreeSet<usize> = patch.before.iter().map(|(i, _)| *i).collect();
        let rank = patch.moves.as_ref().map(|m| m.rank.as_slice());
        let figures = site
            .figures
            .rebuilt(rank, &edited, &site.stories, &site.indicators, diags);
        if diags.has_errors() {
            patch.undo(site);
            return None;
        }
        patch.figures = FiguresChange::Index(std::mem::replace(&mut site.figures, figures));
        // Row numbers and cells changed: resolve every shortcode again.
        for &(i, _) in &shown_before {
            for (vi, v) in site.stories[i].versions.iter_mut().enumerate() {
                if !v.fields.shortcodes.is_empty() {
                    patch
                        .old_shortcodes
                        .push((i, vi, std::mem::take(&mut v.fields.shortcodes)));
                }
            }
        }
    }
    // The stories that had shortcodes (a body whose shortcodes resolve to
    // none has none: a good build has no shortcode errors), and the edited
    // ones; not every body of the site.
    let mut again: BTreeSet<usize> = shown_before.iter().map(|(i, _)| *i).collect();
    again.extend(patch.before.iter().map(|(i, _)| *i));
    resolve_shortcodes(
        &mut site.stories,
        Some(&again),
        &site.commands,
        &site.indicators,
        &site.figures,
        diags,
    );
    if diags.has_errors() {
        patch.undo(site);
        return None;
    }
    for (i, before) in shown_before {
        if site.shortcode_figures(i) != before {
            patch.reshown.insert(i);
        }
    }
    Some(patch)
}
