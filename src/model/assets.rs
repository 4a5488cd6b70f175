//! Files beside a story that its body links to (`![封面](images/hospital.jpg)`,
//! `[报告](docs/report.pdf)`, or `src`/`href` in raw HTML).
//!
//! The rules:
//!
//! - A link counts when it is relative (no scheme, not `/…` or `//…`), is
//!   not only a fragment, does not name a Markdown file (`.md`) or a folder,
//!   and names a file that `load` found under `content/stories/` (so hidden
//!   files, and symbolic links that leave the site root, never count).
//! - The path is relative to the story file's folder, and must stay inside
//!   it: `images/../a.jpg` is `a.jpg`, but a `..` that climbs above the
//!   folder makes the link count for nothing (nothing is read or written
//!   for it; `check` reports the link, at its position, as broken).
//! - The file is copied beside the page of every version whose body links
//!   to it, keeping that relative path: `content/stories/2022/images/a.jpg`
//!   linked from `content/stories/2022/alar.md` (slug `alar`) goes to
//!   `/stories/alar/images/a.jpg`, and a translation that links to it too
//!   (slug `alar-en`) gets its own copy at `/en/stories/alar-en/images/a.jpg`.
//!   The body's link is left as written: relative to the page, it leads to
//!   the copy beside that page. (A translation's link is not rewritten to
//!   the default language's copy: each page works on its own, whatever the
//!   base URL, and a translation may link to files the primary does not.)
//! - `index.html` at the top of the folder would be the page itself, and
//!   `widget.html` and `oembed.json` there are the story's widget and its
//!   oEmbed response: they are not copied.
//!
//! Only the list of files is worked out here, from the bodies and the
//! files `load` found: nothing is read from disk. The render stage lists the
//! copies as outputs, and the write stage copies them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pulldown_cmark::{Event, Tag};

use crate::markup::html::attr_links;
use crate::markup::url::{has_scheme, percent_decode, segments_within};

/// A file beside a story, copied beside the page of a version that links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoryAsset {
    /// Path relative to the story file's folder, and so to the page's
    /// folder: `/`-separated, percent-decoded, without `.` or `..`
    /// (`images/hospital.jpg`).
    pub(crate) path: String,
    /// The file to copy.
    pub(crate) source: PathBuf,
}

/// The files under `content/stories/` that `load` found, by root-relative
/// path (`content/stories/2022/images/a.jpg`).
pub(crate) type AssetIndex = BTreeMap<String, PathBuf>;

/// The index of the assets `load` found.
pub(crate) fn index(assets: &[crate::load::Asset]) -> AssetIndex {
    assets
        .iter()
        .map(|a| (format!("content/{}", a.rel), a.abs.clone()))
        .collect()
}

/// Every link of a Markdown body, with the byte offset where it is written:
/// link and image destinations, and `href`/`src` of raw HTML.
pub(crate) fn body_links(body: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let parser = pulldown_cmark::Parser::new_ext(body, crate::markup::markdown_options()).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                // Point at the URL itself where it is written inline.
                let offset = body
                    .get(range.clone())
                    .and_then(|s| s.rfind(dest_url.as_ref()))
                    .map_or(range.start, |i| range.start + i);
                out.push((offset, dest_url.to_string()));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for (at, href) in attr_links(&html) {
                    out.push((range.start + at, href));
                }
            }
            _ => {}
        }
    }
    out
}

/// The path, relative to the story file's folder, of the file a link names,
/// when the link can name a file beside the story (see the module's rules;
/// whether the file exists is not asked here). `None` for external,
/// root-relative and fragment-only links, Markdown files, folders, and
/// paths that climb above the folder.
pub(crate) fn relative_path(href: &str) -> Option<String> {
    let href = href.trim();
    let href = href.split(['#', '?']).next().unwrap_or("");
    if href.is_empty() || href.starts_with('/') || href.contains('\\') || has_scheme(href) {
        return None;
    }
    let decoded = percent_decode(href);
    if decoded.ends_with('/') || decoded.to_ascii_lowercase().ends_with(".md") {
        return None;
    }
    if decoded.contains('\0') {
        return None;
    }
    // Above the story's folder: never followed.
    let parts = segments_within(&decoded)?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The folder of a root-relative file path (`content/stories/2022`).
fn folder(story_rel: &str) -> &str {
    story_rel.rfind('/').map_or("", |i| &story_rel[..i])
}

/// The file a link of the story file at `story_rel` names beside it, if it
/// is one `load` found: (path relative to the folder, the file).
pub(crate) fn resolve(story_rel: &str, href: &str, index: &AssetIndex) -> Option<StoryAsset> {
    let path = relative_path(href)?;
    if ["index.html", super::urls::STORY_WIDGET, super::urls::STORY_OEMBED].contains(&path.as_str()) {
        return None;
    }
    let key = format!("{}/{path}", folder(story_rel));
    let source = index.get(&key)?.clone();
    Some(StoryAsset { path, source })
}

/// The files beside the story file at `story_rel` (root-relative) that its
/// `body` links to, in the order of their paths, each once.
pub(crate) fn body_assets(story_rel: &str, body: &str, index: &AssetIndex) -> Vec<StoryAsset> {
    if index.is_empty() {
        return Vec::new();
    }
    let mut found: BTreeMap<String, StoryAsset> = BTreeMap::new();
    for (_, href) in body_links(body) {
        if let Some(asset) = resolve(story_rel, &href, index) {
            found.entry(asset.path.clone()).or_insert(asset);
        }
    }
    found.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside_the_story_folder() {
        assert_eq!(relative_path("images/a.jpg").as_deref(), Some("images/a.jpg"));
        assert_eq!(relative_path("./images/./a.jpg#x").as_deref(), Some("images/a.jpg"));
        assert_eq!(relative_path("images/../a.jpg?v=2").as_deref(), Some("a.jpg"));
        assert_eq!(
            relative_path("docs/%E6%8A%A5%E5%91%8A.pdf").as_deref(),
            Some("docs/报告.pdf")
        );
        for no in [
            "../a.jpg",
            "images/../../a.jpg",
            "../../../../etc/passwd",
            "%2e%2e/a.jpg",
            "/stories/a.jpg",
            "//cdn.example.com/a.jpg",
            "https://example.com/a.jpg",
            "c:/a.jpg",
            "data:image/png;base64,AA",
            "#top",
            "",
            "other.md",
            "other.en.MD#x",
            "images/",
            "images\\a.jpg",
            "a%00.jpg",
        ] {
            assert_eq!(relative_path(no), None, "{no}");
        }
    }

    #[test]
    fn assets_are_the_linked_files_that_exist() {
        let index: AssetIndex = [
            (
                "content/stories/2022/images/a.jpg",
                "/r/content/stories/2022/images/a.jpg",
            ),
            ("content/stories/2022/docs/r.pdf", "/r/content/stories/2022/docs/r.pdf"),
            ("content/stories/2022/index.html", "/r/content/stories/2022/index.html"),
            ("content/stories/b.jpg", "/r/content/stories/b.jpg"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), PathBuf::from(v)))
        .collect();
        let body = "![a](images/a.jpg) [r](docs/r.pdf) ![again](./images/a.jpg)\n\
            [missing](images/none.jpg) [up](../b.jpg) [page](index.html) [md](x.md)\n\n\
            <img src=\"docs/r.pdf\">\n\n```\n![code](images/code.jpg)\n```\n";
        let assets = body_assets("content/stories/2022/alar.md", body, &index);
        let paths: Vec<&str> = assets.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["docs/r.pdf", "images/a.jpg"]);
        assert_eq!(assets[1].source, PathBuf::from("/r/content/stories/2022/images/a.jpg"));
    }
}
