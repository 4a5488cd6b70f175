//! Internal links: every link of a Markdown body, and every `href`/`src` of
//! the rendered output, must lead to a file that the build writes.
//!
//! A broken link in a body is the writer's: it is reported at its line and
//! column in the source file. A broken link anywhere else in the output comes
//! from the theme's templates: it is reported at the output file, once per
//! target, with the number of other pages that carry it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::source::Locator;
use crate::diagnostic::{did_you_mean, Diagnostics};
use crate::markup::html::attr_links;
use crate::markup::url::{has_scheme, percent_decode, segments_within};
use crate::model::urls::output_file;
use crate::model::Site;
use crate::render::{Output, OutputData};

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Outside the site (another host, `mailto:`…), or only a fragment: not checked.
    External,
    /// A site path (`/en/stories/a/`, without the base URL's path), decoded.
    Internal(String),
    /// On the site's host but above its base path, or above the host root.
    Outside(String),
}

/// Resolves links against the site's base URL.
pub(crate) struct Resolver {
    /// `https://aid.example.org/aid` (no trailing slash).
    base_url: String,
    /// `//aid.example.org/aid`: the base URL without its scheme.
    base_no_scheme: String,
    /// `/aid`, or empty.
    base_path: String,
}

impl Resolver {
    pub(crate) fn new(site: &Site) -> Self {
        let base_url = site.urls.base_url().trim_end_matches('/').to_string();
        let base_no_scheme = base_url
            .split_once("://")
            .map_or(base_url.clone(), |(_, rest)| format!("//{rest}"));
        Resolver {
            base_url,
            base_no_scheme,
            base_path: site.urls.href(""),
        }
    }

    /// The link `href` as a browser on `page` (a site path such as
    /// `/stories/a/` or `/atom.xml`) follows it.
    pub(crate) fn resolve(&self, href: &str, page: &str) -> Target {
        let href = href.trim();
        let href = href.split(['#', '?']).next().unwrap_or("");
        if href.is_empty() {
            return Target::External;
        }
        let host_path = if let Some(rest) = strip_prefix_ci(href, &self.base_url) {
            match rest.chars().next() {
                None => format!("{}/", self.base_path),
                Some('/') => format!("{}{rest}", self.base_path),
                Some(_) => return Target::External,
            }
        } else if has_scheme(href) {
            return Target::External;
        } else if let Some(rest) = href.strip_prefix("//") {
            match strip_prefix_ci(&format!("//{rest}"), &self.base_no_scheme) {
                Some("") => format!("{}/", self.base_path),
                Some(r) if r.starts_with('/') => format!("{}{r}", self.base_path),
                _ => return Target::External,
            }
        } else if href.starts_with('/') {
            href.to_string()
        } else {
            let page_href = format!("{}{page}", self.base_path);
            let dir = &page_href[..page_href.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{href}")
        };
        let Some(normal) = normalise(&host_path) else {
            return Target::Outside(host_path);
        };
        let normal = percent_decode(&normal);
        if self.base_path.is_empty() {
            return Target::Internal(normal);
        }
        match normal.strip_prefix(&self.base_path) {
            Some("") => Target::Internal("/".to_string()),
            Some(rest) if rest.starts_with('/') => Target::Internal(rest.to_string()),
            _ => Target::Outside(normal),
        }
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Removes `.` and `..` segments; `None` when `..` climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "" | "." if i != last => {}
            ".." => {
                parts.pop()?;
                if i == last {
                    parts.push("");
                }
            }
            "." => parts.push(""),
            s => parts.push(s),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// The files of the would-be output, to look links up in.
pub(crate) struct OutputSet {
    files: HashSet<String>,
    /// Folder (`/stories/`) → the pages directly in it (`/stories/a/`), for
    /// suggestions: made once, not for every broken link.
    children: HashMap<String, Vec<String>>,
}

impl OutputSet {
    pub(crate) fn new(outputs: &[Output]) -> Self {
        let files: HashSet<String> = outputs.iter().map(|o| o.path.clone()).collect();
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        for page in files.iter().filter_map(|f| page_of(f)) {
            if let Some(parent) = parent_folder(&page) {
                children.entry(parent.to_string()).or_default().push(page);
            }
        }
        for pages in children.values_mut() {
            pages.sort_unstable();
        }
        OutputSet { files, children }
    }

    /// Whether a site path leads to a file: `/x/` to `x/index.html`; `/x`
    /// to the file `x` or to `x/index.html` (servers redirect a folder).
    pub(crate) fn has(&self, site_path: &str) -> bool {
        let file = output_file(site_path);
        if self.files.contains(&file) {
            return true;
        }
        !site_path.ends_with('/')
            && self
                .files
                .contains(&format!("{}/index.html", file.trim_end_matches('/')))
    }

    /// The page closest to a broken site path, for a "did you mean": among
    /// the pages beside it, in its deepest folder that exists (a slip in the
    /// last part of a path). Bounded by that folder, not by the site.
    fn suggest(&self, site_path: &str) -> Option<String> {
        let mut folder = parent_folder(site_path);
        while let Some(f) = folder {
            if let Some(pages) = self.children.get(f) {
                return did_you_mean(site_path, pages.iter().map(String::as_str)).map(str::to_string);
            }
            if f != "/" && self.has(f) {
                return None;
            }
            folder = parent_folder(f);
        }
        None
    }
}

/// The site path of an output file that is a page (`stories/a/index.html` →
/// `/stories/a/`).
fn page_of(file: &str) -> Option<String> {
    if file == "index.html" {
        Some("/".to_string())
    } else {
        file.strip_suffix("/index.html").map(|d| format!("/{d}/"))
    }
}

/// The folder a site path is in: `/stories/a/` and `/stories/a.pdf` are in
/// `/stories/`; `/` is in none.
fn parent_folder(site_path: &str) -> Option<&str> {
    let trimmed = site_path.strip_suffix('/').unwrap_or(site_path);
    trimmed.rfind('/').map(|i| &site_path[..=i])
}

/// A body to check: a version of a story, command or page.
pub(crate) struct Body<'a> {
    pub(crate) path: &'a str,
    pub(crate) body: &'a str,
    pub(crate) body_line: usize,
    /// The site path of the page that shows it.
    pub(crate) page: String,
}

/// Checks the links of one body; broken ones are errors at their source
/// position. Returns the broken links as written (so that the output check
/// does not report them a second time).
pub(crate) fn check_body(
    root: &Path,
    body: &Body,
    resolver: &Resolver,
    outputs: &OutputSet,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut broken = Vec::new();
    let mut locator = Locator::new(body.body, body.body_line);
    let mut check = |href: &str, offset: usize, diags: &mut Diagnostics| {
        let problem = match resolver.resolve(href, &body.page) {
            Target::External => return,
            Target::Internal(p) if outputs.has(&p) => return,
            Target::Internal(p) => {
                let mut hint = String::new();
                if p.ends_with(".md") {
                    hint.push_str("; link to the page's URL, not to its Markdown file");
                } else if let Some(beside) = file_beside(root, body.path, href) {
                    hint.push_str(&format!(
                        "; `{beside}` exists, but it is not copied to the output: {}",
                        not_copied(body.path)
                    ));
                } else if leaves_folder(body.path, href) {
                    hint.push_str(&format!(
                        "; it leads out of the file's folder: {}",
                        not_copied(body.path)
                    ));
                } else if let Some(s) = outputs.suggest(&p) {
                    hint.push_str(&format!(" (did you mean `{s}`?)"));
                }
                format!("broken link `{href}`: `{p}` is no page or file of the site{hint}")
            }
            Target::Outside(p) => format!("broken link `{href}`: it leads to `{p}`, outside the site"),
        };
        let pos = locator.pos(offset);
        diags.error(body.path, pos.line, pos.col, problem);
        broken.push(href.to_string());
    };
    for (offset, href) in crate::model::assets::body_links(body.body) {
        check(&href, offset, diags);
    }
    broken
}

/// Which files beside a content file are copied to the output.
fn not_copied(source: &str) -> &'static str {
    if source.starts_with("content/stories/") {
        "only files in the story's folder or below it (not hidden ones) are copied beside its page"
    } else {
        "only files beside stories are copied (put it in static/ and link to it from the site root)"
    }
}

/// Whether a relative `href` climbs above the folder of the source file.
fn leaves_folder(source: &str, href: &str) -> bool {
    if href.starts_with('/') || has_scheme(href) || !source.starts_with("content/") {
        return false;
    }
    let href = percent_decode(href.split(['#', '?']).next().unwrap_or(""));
    segments_within(&href).is_none()
}

/// The root-relative path of a file that `href` names beside the source file, if it exists.
fn file_beside(root: &Path, source: &str, href: &str) -> Option<String> {
    if href.starts_with('/') || has_scheme(href) {
        return None;
    }
    let href = percent_decode(href.split(['#', '?']).next().unwrap_or(""));
    let dir = source.rfind('/').map_or("", |i| &source[..i]);
    let rel = normalise(&format!("/{dir}/{href}"))?;
    let rel = rel.trim_start_matches('/');
    (rel.starts_with("content/") && crate::load::is_site_file(root, rel)).then(|| rel.to_string())
}

/// Checks every link of the rendered HTML and XML; broken ones are errors at
/// the first output file that carries them. Links in `skip` (broken links of
/// bodies, already reported at their source) are left out.
pub(crate) fn check_output(
    outputs: &[Output],
    resolver: &Resolver,
    set: &OutputSet,
    skip: &HashSet<String>,
    diags: &mut Diagnostics,
) {
    // Target → (output path, line, col, link as written), in output order.
    let mut broken: BTreeMap<String, Vec<(String, usize, usize, String)>> = BTreeMap::new();
    let mut sorted: Vec<&Output> = outputs.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for o in sorted {
        if !(o.path.ends_with(".html") || o.path.ends_with(".xml")) {
            continue;
        }
        let OutputData::Bytes(bytes) = &o.data else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let page = format!("/{}", o.path);
        let mut locator = Locator::new(text, 1);
        for (at, href) in attr_links(text) {
            if skip.contains(&href) {
                continue;
            }
            let target = match resolver.resolve(&href, &page) {
                Target::External => continue,
                Target::Internal(p) if set.has(&p) => continue,
                Target::Internal(p) | Target::Outside(p) => p,
            };
            let pos = locator.pos(at);
            broken
                .entry(target)
                .or_default()
                .push((o.path.clone(), pos.line, pos.col, href));
        }
    }
    for (target, places) in broken {
        let (path, line, col, href) = &places[0];
        let pages: HashSet<&str> = places.iter().map(|p| p.0.as_str()).collect();
        let also = match pages.len() - 1 {
            0 => String::new(),
            1 => " (and on 1 other page)".to_string(),
            n => format!(" (and on {n} other pages)"),
        };
        diags.error(
            path,
            *line,
            *col,
            format!(
                "broken link `{href}` in the rendered output: `{target}` is no file of the site{also}; it comes from the theme's templates"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver(base_url: &str) -> Resolver {
        let base_url = base_url.trim_end_matches('/').to_string();
        let base_no_scheme = base_url
            .split_once("://")
            .map_or(base_url.clone(), |(_, rest)| format!("//{rest}"));
        let base_path = crate::model::Urls::new(&base_url, "zh").href("");
        Resolver {
            base_url,
            base_no_scheme,
            base_path,
        }
    }

    fn internal(p: &str) -> Target {
        Target::Internal(p.to_string())
    }

    #[test]
    fn resolves_relative_root_relative_and_absolute_links() {
        let r = resolver("https://aid.example.org");
        let page = "/stories/a/";
        assert_eq!(r.resolve("../b/", page), internal("/stories/b/"));
        assert_eq!(r.resolve("img/x.jpg", page), internal("/stories/a/img/x.jpg"));
        assert_eq!(r.resolve("./", page), internal("/stories/a/"));
        assert_eq!(r.resolve("/en/#top", page), internal("/en/"));
        assert_eq!(r.resolve("/figures/?y=2022", page), internal("/figures/"));
        assert_eq!(
            r.resolve("https://aid.example.org/commands/", page),
            internal("/commands/")
        );
        assert_eq!(r.resolve("HTTPS://AID.EXAMPLE.ORG", page), internal("/"));
        assert_eq!(r.resolve("//aid.example.org/about/", page), internal("/about/"));
        assert_eq!(r.resolve("/%E6%8F%B4/", page), internal("/援/"));
        for external in [
            "https://example.com/",
            "https://aid.example.org.evil.com/",
            "mailto:a@b.c",
            "tel:+86",
            "#section",
            "",
            "//cdn.example.com/x.js",
            "data:image/png;base64,AAA",
        ] {
            assert_eq!(r.resolve(external, page), Target::External, "{external}");
        }
        assert_eq!(
            r.resolve("../../../x", page),
            Target::Outside("/stories/a/../../../x".into())
        );
    }

    #[test]
    fn base_path_of_a_sub_folder_site() {
        let r = resolver("https://example.github.io/aid/");
        assert_eq!(r.resolve("/aid/stories/", "/"), internal("/stories/"));
        assert_eq!(r.resolve("../b/", "/stories/a/"), internal("/stories/b/"));
        assert_eq!(r.resolve("https://example.github.io/aid", "/"), internal("/"));
        assert_eq!(r.resolve("/stories/", "/"), Target::Outside("/stories/".into()));
    }

    #[test]
    fn output_set_maps_folders_to_index_files() {
        let outputs = vec![
            Output {
                path: "index.html".into(),
                data: OutputData::Bytes(Vec::new()),
            },
            Output {
                path: "en/stories/a/index.html".into(),
                data: OutputData::Bytes(Vec::new()),
            },
            Output {
                path: "atom.xml".into(),
                data: OutputData::Bytes(Vec::new()),
            },
        ];
        let set = OutputSet::new(&outputs);
        assert!(set.has("/"));
        assert!(set.has("/en/stories/a/"));
        assert!(set.has("/en/stories/a"));
        assert!(set.has("/en/stories/a/index.html"));
        assert!(set.has("/atom.xml"));
        assert!(!set.has("/en/stories/b/"));
        assert!(!set.has("/en/"));
    }

    #[test]
    fn suggestions_come_from_the_deepest_folder_that_exists() {
        let page = |p: &str| Output {
            path: p.into(),
            data: OutputData::Bytes(Vec::new()),
        };
        let set = OutputSet::new(&[
            page("index.html"),
            page("stories/index.html"),
            page("stories/alar-talent/index.html"),
            page("stories/mid-year/index.html"),
            page("about/index.html"),
        ]);
        assert_eq!(
            set.suggest("/stories/alar-talen/").as_deref(),
            Some("/stories/alar-talent/")
        );
        assert_eq!(set.suggest("/abuot/").as_deref(), Some("/about/"));
        // A file missing from an existing page's folder: nothing to compare
        // with there, and the site's other pages are not searched.
        assert_eq!(set.suggest("/stories/alar-talent/f1.pdf"), None);
        assert_eq!(set.suggest("/stories/alar-talent/missing/f1.pdf"), None);
        assert_eq!(parent_folder("/stories/a/"), Some("/stories/"));
        assert_eq!(parent_folder("/a.pdf"), Some("/"));
        assert_eq!(parent_folder("/"), None);
    }
}
