//! Which pages an edit affects: after a story is edited (and nothing else),
//! only its own pages, the listings and the command and sector pages it
//! appears on, stories whose shortcodes show its figures, the figures pages,
//! the feeds, the sitemap and the open data are rendered again.

use std::collections::BTreeSet;

use super::pages::Job;
use crate::model::shortcode::ShortcodeKind;
use crate::model::Site;

/// The identity of a site's stories: key and (language, slug) of each version.
fn story_identities(site: &Site) -> BTreeSet<(String, Vec<(String, String)>)> {
    site.stories
        .iter()
        .map(|s| {
            (
                s.key.clone(),
                s.versions
                    .iter()
                    .map(|v| (v.lang.clone(), v.fields.slug.clone()))
                    .collect(),
            )
        })
        .collect()
}

/// The jobs of `new` to render after the stories with keys `edited` changed
/// (their files and nothing else), or `None` when everything must be
/// rendered (stories added, removed or renamed).
pub fn affected_jobs(old: &Site, new: &Site, edited: &BTreeSet<String>, jobs: &[Job]) -> Option<Vec<Job>> {
    if story_identities(old) != story_identities(new) {
        return None;
    }
    // A story that moved to other commands or sectors changes the number of
    // listing pages: render everything.
    let placement = |site: &Site| -> BTreeSet<(String, Vec<String>, Vec<String>)> {
        site.stories
            .iter()
            .filter(|s| edited.contains(&s.key))
            .map(|s| (s.key.clone(), s.commands.clone(), s.sectors.clone()))
            .collect()
    };
    if placement(old) != placement(new) {
        return None;
    }
    let edited_new: BTreeSet<usize> = new
        .stories
        .iter()
        .enumerate()
        .filter(|(_, s)| edited.contains(&s.key))
        .map(|(i, _)| i)
        .collect();
    let mut commands: BTreeSet<&str> = BTreeSet::new();
    let mut sectors: BTreeSet<&str> = BTreeSet::new();
    for site in [old, new] {
        for s in site.stories.iter().filter(|s| edited.contains(&s.key)) {
            commands.extend(s.commands.iter().map(String::as_str));
            sectors.extend(s.sectors.iter().map(String::as_str));
        }
    }
    // Stories whose shortcodes show a figure of an edited story.
    let mut stories: BTreeSet<usize> = edited_new.clone();
    for (i, s) in new.stories.iter().enumerate() {
        let shows_edited = s
            .versions
            .iter()
            .flat_map(|v| &v.fields.shortcodes)
            .any(|sc| match sc.kind {
                ShortcodeKind::Figure { row } => {
                    new.figures.rows.get(row).is_some_and(|r| edited_new.contains(&r.story))
                }
                ShortcodeKind::Figures => false,
            });
        if shows_edited {
            stories.insert(i);
        }
    }
    let affected = |job: &Job| match job {
        Job::Story { story, .. } => stories.contains(story),
        Job::Command { command, .. } => new
            .commands
            .get(*command)
            .is_some_and(|c| commands.contains(c.slug.as_str())),
        Job::Sector { sector, .. } => new
            .sectors
            .get(*sector)
            .is_some_and(|s| sectors.contains(s.term.as_str())),
        Job::Page { .. } | Job::Robots | Job::NotFound | Job::HighlightCss | Job::ChartCss | Job::Static { .. } => {
            false
        }
        // Listings, feeds, figures, sitemap, open data, and anything new.
        _ => true,
    };
    Some(jobs.iter().filter(|j| affected(j)).cloned().collect())
}
