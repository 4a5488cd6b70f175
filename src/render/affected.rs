//! Which pages an edit affects.
//!
//! - [`body_edit_jobs`]: only the body of stories changed (their front
//!   matter is as it was, and no shortcode is involved): their own pages,
//!   and the one page of each listing that shows their card (summary and
//!   reading time come from the body), the homes and the feeds.
//! - [`affected_jobs`]: stories were edited (and nothing else): their own
//!   pages, the listings and the command and sector pages they appear on,
//!   stories whose shortcodes show their figures, the figures pages and
//!   widgets, the feeds, the sitemap and the open data.

use std::collections::{BTreeMap, BTreeSet};

use super::pages::Job;
use super::widgets::Widget;
use crate::model::{Figure, Site, Story};

/// The jobs of `site` to render after only the bodies of stories `edited`
/// (indices in `site.stories`) changed.
pub(crate) fn body_edit_jobs(site: &Site, edited: &BTreeSet<usize>, jobs: &[Job]) -> Vec<Job> {
    let pages = ListingPages::of(site, edited);
    let on_home = edited.iter().any(|i| *i < site.config.paginate.max(1));
    jobs.iter()
        .filter(|job| match **job {
            Job::Story { story, .. } => edited.contains(&story),
            Job::Home { .. } => on_home,
            Job::Feed { .. } => true,
            // The index holds every page's text.
            Job::Search { .. } => true,
            _ => pages.shows(job),
        })
        .cloned()
        .collect()
}

/// Stories per listing page.
fn site_per_page(site: &Site) -> usize {
    site.config.paginate.max(1)
}

/// The listing pages that show given stories' cards.
struct ListingPages {
    stories: BTreeSet<usize>,
    commands: BTreeSet<(usize, usize)>,
    sectors: BTreeSet<(usize, usize)>,
}

impl ListingPages {
    fn of(site: &Site, edited: &BTreeSet<usize>) -> ListingPages {
        let per = site_per_page(site);
        let page_of = |list: &[usize], story: usize| list.iter().position(|s| *s == story).map(|p| p / per + 1);
        let mut pages = ListingPages {
            stories: BTreeSet::new(),
            commands: BTreeSet::new(),
            sectors: BTreeSet::new(),
        };
        for &i in edited {
            // Every language's listing shows every story, newest first.
            pages.stories.insert(i / per + 1);
            let story = &site.stories[i];
            for (ci, c) in site.commands.iter().enumerate() {
                if story.commands.contains(&c.slug) {
                    if let Some(page) = site.stories_by_command.get(&c.slug).and_then(|l| page_of(l, i)) {
                        pages.commands.insert((ci, page));
                    }
                }
            }
            for (si, s) in site.sectors.iter().enumerate() {
                if story.sectors.contains(&s.term) {
                    if let Some(page) = site.stories_by_sector.get(&s.term).and_then(|l| page_of(l, i)) {
                        pages.sectors.insert((si, page));
                    }
                }
            }
        }
        pages
    }

    /// The listing pages of `new` whose cards moved: a story that moved
    /// from place `a` to place `b` of a list (by a new date) moves every
    /// story between `a` and `b` by one, so the pages from `a`'s to `b`'s
    /// show other cards; the pages before and after stay as they were.
    /// See [`Places::Moved`].
    fn spanned(new: &Site, moved: &[(usize, usize)], lists_before: &Lists<'_>) -> ListingPages {
        let per = site_per_page(new);
        let span = |a: usize, b: usize| (a.min(b) / per + 1)..=(a.max(b) / per + 1);
        let place = |list: Option<&Vec<usize>>, story: usize| list.and_then(|l| l.iter().position(|s| *s == story));
        let mut pages = ListingPages {
            stories: BTreeSet::new(),
            commands: BTreeSet::new(),
            sectors: BTreeSet::new(),
        };
        // (list, page) of the named lists (index, name) from the story's
        // place `a` before to its place `b` now.
        let spans = |names: &mut dyn Iterator<Item = (usize, &str)>,
                     before: &BTreeMap<String, Vec<usize>>,
                     now: &BTreeMap<String, Vec<usize>>,
                     a: usize,
                     b: usize|
         -> Vec<(usize, usize)> {
            names
                .filter_map(|(k, name)| Some((k, place(before.get(name), a)?, place(now.get(name), b)?)))
                .flat_map(|(k, from, to)| span(from, to).map(move |p| (k, p)))
                .collect()
        };
        for &(a, b) in moved {
            pages.stories.extend(span(a, b));
            let story = &new.stories[b];
            let mut commands = new
                .commands
                .iter()
                .enumerate()
                .filter(|(_, c)| story.commands.contains(&c.slug))
                .map(|(ci, c)| (ci, c.slug.as_str()));
            pages.commands.extend(spans(
                &mut commands,
                lists_before.by_command,
                &new.stories_by_command,
                a,
                b,
            ));
            let mut sectors = new
                .sectors
                .iter()
                .enumerate()
                .filter(|(_, t)| story.sectors.contains(&t.term))
                .map(|(si, t)| (si, t.term.as_str()));
            pages.sectors.extend(spans(
                &mut sectors,
                lists_before.by_sector,
                &new.stories_by_sector,
                a,
                b,
            ));
        }
        pages
    }

    /// Whether `job` is one of these listing pages.
    fn shows(&self, job: &Job) -> bool {
        match *job {
            Job::Stories { page, .. } => self.stories.contains(&page),
            Job::Command { command, page, .. } => self.commands.contains(&(command, page)),
            Job::Sector { sector, page, .. } => self.sectors.contains(&(sector, page)),
            _ => false,
        }
    }
}

/// Whether every job of the plan `old` is still in the plan `new`: when one
/// is gone (a year without figures any more), its files must go too, and
/// only a whole rebuild knows them. `rank`: when stories moved, the story at
/// index `i` of `old`'s site is at `rank[i]` of `new`'s (`usize::MAX`: it is
/// gone), and a moved story's page and widget are still the same outputs;
/// `None`: no story moved, and both plans list jobs in one fixed order.
pub(crate) fn keeps_every_job(old: &[Job], rank: Option<&[usize]>, new: &[Job]) -> bool {
    let Some(rank) = rank else {
        let mut rest = new.iter();
        return old.iter().all(|job| rest.any(|j| j == job));
    };
    let to_new = |i: usize| rank.get(i).copied().unwrap_or(i);
    let new: std::collections::HashSet<&Job> = new.iter().collect();
    old.iter().all(|job| match job {
        Job::Story { story, version } => new.contains(&Job::Story {
            story: to_new(*story),
            version: *version,
        }),
        Job::Widget {
            widget: Widget::Story(i),
            lang,
        } => new.contains(&Job::Widget {
            widget: Widget::Story(to_new(*i)),
            lang: *lang,
        }),
        _ => new.contains(job),
    })
}

/// Where each story of `old` is in `new`, by key: see [`keeps_every_job`].
fn ranks(old: &Site, new: &Site) -> Vec<usize> {
    let in_new: std::collections::HashMap<&str, usize> = new
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    old.stories
        .iter()
        .map(|s| in_new.get(s.key.as_str()).copied().unwrap_or(usize::MAX))
        .collect()
}

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
/// rendered (stories added, removed or renamed). `old_jobs`: the plan of
/// `old`, `jobs` that of `new`.
pub(crate) fn affected_jobs(
    old: &Site,
    new: &Site,
    edited: &BTreeSet<String>,
    old_jobs: &[Job],
    jobs: &[Job],
) -> Option<Vec<Job>> {
    if !keeps_every_job(old_jobs, Some(&ranks(old, new)), jobs) {
        return None;
    }
    if story_identities(old) != story_identities(new) {
        return None;
    }
    // Each edited story (its index in `new`) with what it was before.
    let edits: Vec<(usize, &Story)> = new
        .stories
        .iter()
        .enumerate()
        .filter(|(_, s)| edited.contains(&s.key))
        .filter_map(|(i, s)| Some((i, old.stories.iter().find(|o| o.key == s.key)?)))
        .collect();
    // A story that moved to other commands or sectors changes the number of
    // listing pages, and a new cover file name, or other files linked from a
    // body, leave old files behind or need new ones: render everything.
    if edits.iter().any(|(i, before)| {
        let after = &new.stories[*i];
        after.commands != before.commands
            || after.sectors != before.sectors
            || !crate::model::patch::same_files_beside(before, after)
    }) {
        return None;
    }
    // Edited stories that kept their place (same date) keep every other
    // story's place too: only the listing pages showing them change.
    let same_places = edits
        .iter()
        .all(|(i, _)| old.stories.get(*i).is_some_and(|s| s.key == new.stories[*i].key));
    let places = if same_places {
        Places::Same
    } else {
        Places::Moved {
            moved: edits
                .iter()
                .filter_map(|(b, before)| Some((old.stories.iter().position(|o| o.key == before.key)?, *b)))
                .collect(),
            lists_before: Lists {
                by_command: &old.stories_by_command,
                by_sector: &old.stories_by_sector,
            },
        }
    };
    let pages_added = old_jobs.len() != jobs.len();
    Some(edit_jobs(new, &edits, places, &reshown(old, new), pages_added, jobs))
}

/// Stories of `new` whose shortcodes show other figures than they did in
/// `old` (which has the same stories): when a story's figures change, the
/// newest figure of a cell can move to another story.
fn reshown(old: &Site, new: &Site) -> BTreeSet<usize> {
    let shown = |site: &Site, i: usize| -> Vec<(String, usize)> {
        site.shortcode_figures(i)
            .into_iter()
            .map(|(s, f)| (site.stories[s].key.clone(), f))
            .collect()
    };
    let before: std::collections::HashMap<&str, Vec<(String, usize)>> = (0..old.stories.len())
        .filter(|i| old.has_shortcodes(*i))
        .map(|i| (old.stories[i].key.as_str(), shown(old, i)))
        .collect();
    (0..new.stories.len())
        .filter(|i| new.has_shortcodes(*i))
        .filter(|i| before.get(new.stories[*i].key.as_str()) != Some(&shown(new, *i)))
        .collect()
}

/// Where the stories of an edited site are.
pub(crate) enum Places<'a> {
    /// Every story is where it was.
    Same,
    /// Edited stories moved (new dates), with the same commands and sectors.
    Moved {
        /// (index before, index now) of each edited story.
        moved: Vec<(usize, usize)>,
        /// The site's command and sector lists before.
        lists_before: Lists<'a>,
    },
}

/// Each command's and each sector's stories, by index, in site order.
pub(crate) struct Lists<'a> {
    pub(crate) by_command: &'a BTreeMap<String, Vec<usize>>,
    pub(crate) by_sector: &'a BTreeMap<String, Vec<usize>>,
}

/// The jobs of `new` to render after the stories `edits` changed: each is
/// (its index in `new`, the story as it was), with the same identity,
/// commands and sectors. `places`: whether stories moved.
/// `reshown`: other stories whose shortcodes show other figures than before.
/// `pages_added`: the plan `jobs` has jobs the last one did not (a first
/// figure of a year), which the sitemap lists.
pub(crate) fn edit_jobs(
    new: &Site,
    edits: &[(usize, &Story)],
    places: Places<'_>,
    reshown: &BTreeSet<usize>,
    pages_added: bool,
    jobs: &[Job],
) -> Vec<Job> {
    let edited_new: BTreeSet<usize> = edits.iter().map(|(i, _)| *i).collect();
    let before_after = || edits.iter().map(|(i, before)| (*before, &new.stories[*i]));
    let both = || before_after().flat_map(|(a, b)| [a, b]);
    let commands: BTreeSet<&str> = both().flat_map(|s| s.commands.iter().map(String::as_str)).collect();
    let sectors: BTreeSet<&str> = both().flat_map(|s| s.sectors.iter().map(String::as_str)).collect();
    // Stories whose shortcodes show a figure of an edited story.
    let mut stories: BTreeSet<usize> = edited_new.union(reshown).copied().collect();
    stories.extend((0..new.stories.len()).filter(|&i| new.shows_figures_of(i, &edited_new)));
    let pages = ListingPages::of(new, &edited_new);
    // The pages between each moved story's old and new places.
    let moved_pages = match &places {
        Places::Same => None,
        Places::Moved { moved, lists_before } => Some(ListingPages::spanned(new, moved, lists_before)),
    };
    let listed = |job: &Job| pages.shows(job) || moved_pages.as_ref().is_some_and(|m| m.shows(job));
    // Figure keys the edited stories report, before and after.
    let keys: BTreeSet<&str> = both()
        .flat_map(|s| s.figures.iter().filter_map(|f| f.key.as_deref()))
        .collect();
    // The sitemap shows dates (and URLs, which are the same: see above).
    let dates_same = before_after().all(|(a, b)| a.date == b.date && a.updated == b.updated);
    // Open data shows figures (a figure's year defaults to its story's).
    let figures_same = dates_same && before_after().all(|(a, b)| Figure::same_figures(&a.figures, &b.figures));
    // Yearly pages name the stories of their figures.
    let years: BTreeSet<i32> = both().flat_map(|s| s.figures.iter().map(|f| f.year)).collect();
    // They also take labels, units and the list of years from every
    // figure: new values alone change only the pages of their years (and so
    // does a new date that keeps the figures' years: the story moves only
    // among the stories of those years).
    let only_values = before_after().all(|(a, b)| Figure::same_but_values(&a.figures, &b.figures));
    let affected = |job: &Job| match job {
        Job::Story { story, .. } => stories.contains(story),
        Job::Sitemap => !dates_same || pages_added,
        Job::OpenData => !figures_same,
        Job::FiguresYear { year, .. } => !only_values || years.contains(year),
        Job::Stories { .. } => listed(job),
        Job::Command { command, page, .. } => {
            // Page 1 carries the command's figures.
            new.commands
                .get(*command)
                .is_some_and(|c| commands.contains(c.slug.as_str()))
                && (*page == 1 || listed(job))
        }
        Job::Sector { sector, .. } => {
            new.sectors
                .get(*sector)
                .is_some_and(|s| sectors.contains(s.term.as_str()))
                && listed(job)
        }
        // A widget shows its own story, command or indicator.
        Job::Widget { widget, .. } => match widget {
            Widget::Story(i) => stories.contains(i),
            Widget::CommandYear { command, .. } => new
                .commands
                .get(*command)
                .is_some_and(|c| commands.contains(c.slug.as_str())),
            Widget::Indicator(key) => keys.contains(key.as_str()),
        },
        Job::Page { .. } | Job::Robots | Job::NotFound | Job::HighlightCss | Job::ChartCss | Job::Static { .. } => {
            false
        }
        // Listings, feeds, figures, sitemap, open data, and anything new.
        _ => true,
    };
    jobs.iter().filter(|j| affected(j)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_keeps_every_job_only_when_it_loses_none() {
        let old = [Job::Home { lang: 0 }, Job::Robots, Job::NotFound];
        assert!(keeps_every_job(&old, None, &old));
        let gained = [Job::Home { lang: 0 }, Job::Sitemap, Job::Robots, Job::NotFound];
        assert!(keeps_every_job(&old, None, &gained));
        assert!(!keeps_every_job(&gained, None, &old), "the sitemap is gone");
        assert!(!keeps_every_job(&old, None, &[Job::Home { lang: 0 }, Job::NotFound]));
        assert!(!keeps_every_job(
            &old,
            None,
            &[Job::Home { lang: 1 }, Job::Robots, Job::NotFound]
        ));
    }

    #[test]
    fn a_moved_story_keeps_its_jobs_under_its_new_index() {
        let story = |story| Job::Story { story, version: 0 };
        let widget = |i| Job::Widget {
            widget: Widget::Story(i),
            lang: 0,
        };
        // Story 0 (with a widget) moved behind story 1 (without).
        let old = [story(0), story(1), widget(0)];
        let new = [story(0), story(1), widget(1)];
        assert!(!keeps_every_job(&old, None, &new), "by index, the widget is lost");
        assert!(keeps_every_job(&old, Some(&[1, 0]), &new));
        assert!(!keeps_every_job(&old, Some(&[0, 1]), &new));
        // Story 1 is gone.
        assert!(!keeps_every_job(&old, Some(&[0, usize::MAX]), &[story(0), widget(0)]));
    }
}
