//! Static hosts' limits: warnings when the output would not deploy to a
//! common host as it is.
//!
//! | limit | host |
//! | --- | --- |
//! | 20,000 files | Cloudflare Pages, free plan (per deployment) |
//! | 100,000 files | Cloudflare Pages, paid plans |
//! | 54,000 entries in one folder | Netlify (a deploy with more is refused) |
//! | 1 GB in all | GitHub Pages (published sites) |
//!
//! Each warning names the kinds of page that contribute most (story pages,
//! widgets, listings…), so that an editor knows where the files come from.
//! The limits are the hosts' published ones as of 2026; [`Limits`] lets a
//! caller (and the tests) use others.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Diagnostics;

/// The limits checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files per deployment on Cloudflare Pages' free plan.
    pub files_free: usize,
    /// Files per deployment on Cloudflare Pages' paid plans.
    pub files_paid: usize,
    /// Entries (files and folders) in one folder on Netlify.
    pub folder_entries: usize,
    /// Bytes of a published site on GitHub Pages.
    pub bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            files_free: 20_000,
            files_paid: 100_000,
            folder_entries: 54_000,
            bytes: 1_000_000_000,
        }
    }
}

/// One output file, as `check` renders it: its path (relative, `/`), its
/// size, and the kind of page that made it (`Story`, `Widget`…, see
/// `Job::kind`).
#[derive(Debug, Clone)]
pub(crate) struct OutputEntry<'a> {
    pub(crate) path: &'a str,
    pub(crate) bytes: u64,
    pub(crate) kind: &'static str,
}

/// Where hosting warnings point: the site as a whole.
const SITE_FILE: &str = "site.yaml";
/// How many kinds of page a warning names.
const NAMED: usize = 3;

/// Warns about every limit the output passes.
pub(crate) fn check(outputs: &[OutputEntry<'_>], limits: &Limits, diags: &mut Diagnostics) {
    let files = outputs.len();
    let by_kind = |of: &dyn Fn(&OutputEntry<'_>) -> bool| largest(outputs.iter().filter(|o| of(o)));
    let over = if files > limits.files_paid {
        Some((
            "Cloudflare Pages takes in one deployment on any plan",
            limits.files_paid,
        ))
    } else if files > limits.files_free {
        Some(("Cloudflare Pages' free plan takes in one deployment", limits.files_free))
    } else {
        None
    };
    if let Some((host, limit)) = over {
        diags.warning(
            SITE_FILE,
            1,
            1,
            format!(
                "the output has {} files, more than {host} ({}); most come from {}",
                thousands(files as u64),
                thousands(limit as u64),
                by_kind(&|_| true)
            ),
        );
    }
    for (folder, entries) in crowded_folders(outputs, limits.folder_entries) {
        let shown = if folder.is_empty() { "/" } else { folder.as_str() };
        let inside = format!("{folder}/");
        diags.warning(
            SITE_FILE,
            1,
            1,
            format!(
                "the output folder `{shown}` holds {} entries, more than Netlify takes in one folder ({}); most come from {}",
                thousands(entries as u64),
                thousands(limits.folder_entries as u64),
                by_kind(&|o| folder.is_empty() || o.path.starts_with(&inside))
            ),
        );
    }
    let bytes: u64 = outputs.iter().map(|o| o.bytes).sum();
    if bytes > limits.bytes {
        diags.warning(
            SITE_FILE,
            1,
            1,
            format!(
                "the output is {} bytes, more than GitHub Pages publishes ({}); most come from {}",
                thousands(bytes),
                thousands(limits.bytes),
                largest_by_bytes(outputs)
            ),
        );
    }
}

/// Folders with more than `limit` entries (files and sub-folders directly
/// in them), `""` for the output folder itself, with their counts.
fn crowded_folders(outputs: &[OutputEntry<'_>], limit: usize) -> Vec<(String, usize)> {
    let mut entries: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
    for o in outputs {
        let mut path = o.path;
        loop {
            let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
            if !entries.entry(parent).or_default().insert(name) || parent.is_empty() {
                break;
            }
            path = parent;
        }
    }
    let mut crowded: Vec<(String, usize)> = entries
        .into_iter()
        .filter(|(_, names)| names.len() > limit)
        .map(|(folder, names)| (folder.to_string(), names.len()))
        .collect();
    crowded.sort();
    crowded
}

/// `story pages 12,000 files, widgets 8,000, listings 1,200`: the kinds
/// with the most files, largest first.
fn largest<'a>(outputs: impl Iterator<Item = &'a OutputEntry<'a>>) -> String {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for o in outputs {
        *counts.entry(kind_name(o.kind)).or_default() += 1;
    }
    named(counts, " files")
}

fn largest_by_bytes(outputs: &[OutputEntry<'_>]) -> String {
    let mut sizes: BTreeMap<&str, u64> = BTreeMap::new();
    for o in outputs {
        *sizes.entry(kind_name(o.kind)).or_default() += o.bytes;
    }
    named(sizes, " bytes")
}

fn named(totals: BTreeMap<&str, u64>, unit: &str) -> String {
    let mut totals: Vec<(&str, u64)> = totals.into_iter().collect();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    totals
        .iter()
        .take(NAMED)
        .enumerate()
        .map(|(i, (name, n))| format!("{name} ({}{})", thousands(*n), if i == 0 { unit } else { "" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A kind of page (`Job::kind`) as an editor names it.
fn kind_name(kind: &str) -> &'static str {
    match kind {
        "Story" => "story pages and the files beside them",
        "Widget" => "widgets",
        "Stories" => "story listings",
        "Command" | "Commands" => "command pages",
        "Sector" | "Sectors" => "sector pages",
        "Figures" | "FiguresYear" => "figures pages",
        "Page" => "free pages",
        "OpenData" => "open data",
        "Static" | "HighlightCss" | "ChartCss" => "static files and styles",
        _ => "home, feeds and sitemap",
    }
}

/// `20000` → `20,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(path: &'a str, bytes: u64, kind: &'static str) -> OutputEntry<'a> {
        OutputEntry { path, bytes, kind }
    }

    fn warnings(outputs: &[OutputEntry<'_>], limits: &Limits) -> Vec<String> {
        let mut d = Diagnostics::new();
        check(outputs, limits, &mut d);
        d.into_sorted().iter().map(|d| d.message.clone()).collect()
    }

    fn site() -> Vec<OutputEntry<'static>> {
        vec![
            entry("index.html", 100, "Home"),
            entry("stories/a/index.html", 900, "Story"),
            entry("stories/b/index.html", 900, "Story"),
            entry("stories/c/index.html", 900, "Story"),
            entry("stories/a/widget.html", 50, "Widget"),
            entry("stories/page/2.html", 40, "Stories"),
            entry("css/site.css", 5000, "Static"),
        ]
    }

    #[test]
    fn within_the_limits_nothing_is_said() {
        assert!(warnings(&site(), &Limits::default()).is_empty());
    }

    #[test]
    fn each_limit_warns_naming_the_largest_kinds() {
        let limits = Limits {
            files_free: 5,
            files_paid: 100,
            folder_entries: 3,
            bytes: 7_000,
        };
        let w = warnings(&site(), &limits);
        assert_eq!(w.len(), 3, "{w:#?}");
        assert!(w.iter().any(|m| m.starts_with(
            "the output has 7 files, more than Cloudflare Pages' free plan takes in one deployment (5); \
             most come from story pages and the files beside them (3 files), home, feeds and sitemap (1), static files and styles (1)"
        )), "{w:#?}");
        // stories/ holds a, b, c and page: four entries.
        assert!(w.iter().any(|m| m.starts_with(
            "the output folder `stories` holds 4 entries, more than Netlify takes in one folder (3); most come from story pages"
        )), "{w:#?}");
        assert!(w.iter().any(|m| m
            == "the output is 7,890 bytes, more than GitHub Pages publishes (7,000); most come from static files and styles (5,000 bytes), story pages and the files beside them (2,700), home, feeds and sitemap (100)"), "{w:#?}");
    }

    #[test]
    fn the_paid_limit_replaces_the_free_one() {
        let limits = Limits {
            files_free: 2,
            files_paid: 6,
            ..Limits::default()
        };
        let w = warnings(&site(), &limits);
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(w[0].contains("on any plan (6)"), "{w:#?}");
    }

    #[test]
    fn the_output_folder_itself_counts_too() {
        let limits = Limits {
            folder_entries: 2,
            ..Limits::default()
        };
        // index.html, stories, css.
        let w = warnings(&site(), &limits);
        assert!(
            w.iter().any(|m| m.starts_with("the output folder `/` holds 3 entries")),
            "{w:#?}"
        );
    }

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(1_000_000_000), "1,000,000,000");
    }
}
