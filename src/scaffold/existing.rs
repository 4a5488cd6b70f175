//! The items already in a content folder, found the way the build finds them:
//! files of one item share their path without the language suffix, and the
//! slug is the primary file's front-matter `slug`, else its file stem.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::load::front_matter;
use crate::model::slug::slug_from_stem;

/// One item (a command, a story, a page) in all the languages it is written in.
#[derive(Debug)]
pub(crate) struct Item {
    /// The folder its files are in.
    pub(crate) dir: PathBuf,
    /// The file stem without language suffix.
    pub(crate) stem: String,
    pub(crate) slug: String,
    /// Language → file, in the order found.
    pub(crate) files: Vec<(String, PathBuf)>,
}

impl Item {
    pub(super) fn file(&self, lang: &str) -> Option<&Path> {
        self.files.iter().find(|(l, _)| l == lang).map(|(_, p)| p.as_path())
    }
}

/// The items under `folder` (at any depth when `nested`), sorted by path.
/// Best effort: unreadable files count by their file name.
pub(crate) fn scan(folder: &Path, config: &SiteConfig, nested: bool) -> Vec<Item> {
    let mut walk = WalkDir::new(folder).sort_by_file_name().min_depth(1);
    if !nested {
        walk = walk.max_depth(1);
    }
    let mut items: Vec<Item> = Vec::new();
    let entries = walk
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .flatten();
    for entry in entries {
        let name = entry.file_name().to_string_lossy();
        let Some(without_ext) = name.strip_suffix(".md") else {
            continue;
        };
        if !entry.path().is_file() {
            continue;
        }
        let (stem, lang) = match without_ext.rsplit_once('.') {
            Some((stem, lang)) if config.has_language(lang) => (stem.to_string(), lang.to_string()),
            _ => (without_ext.to_string(), config.default_language.clone()),
        };
        let dir = entry.path().parent().unwrap_or(folder).to_path_buf();
        let file = entry.path().to_path_buf();
        match items.iter_mut().find(|i| i.dir == dir && i.stem == stem) {
            Some(item) => item.files.push((lang, file)),
            None => items.push(Item {
                dir,
                stem,
                slug: String::new(),
                files: vec![(lang, file)],
            }),
        }
    }
    for item in &mut items {
        let primary = item
            .file(&config.default_language)
            .or_else(|| item.files.first().map(|(_, p)| p.as_path()));
        item.slug = primary
            .and_then(front_matter_slug)
            .unwrap_or_else(|| slug_from_stem(&item.stem));
    }
    items
}

/// The `slug` of a Markdown file's front matter, when it has one.
fn front_matter_slug(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let split = front_matter::split(&text).ok()?;
    split
        .front
        .entries()?
        .iter()
        .find(|e| e.key == "slug")
        .and_then(|e| e.value.scalar_text())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    #[test]
    fn groups_languages_and_reads_slugs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        };
        write("2022/alar.md", "---\ntitle: a\n---\n");
        write("2022/alar.en.md", "---\ntitle: a\n---\n");
        write("2021/台州智力援疆.md", "---\ntitle: b\nslug: taizhou-talent\n---\n");
        write("2021/长沙.md", "---\ntitle: c\n---\n");
        write("2021/.hidden.md", "---\ntitle: d\n---\n");
        write("2021/cover.jpg", "");
        let mut d = Diagnostics::new();
        let config = crate::config::parse_config(
            "base_url: https://a.example\nlanguages:\n  zh: {title: a}\n  en: {title: b}\n",
            &mut d,
        )
        .expect("config");
        let items = scan(dir.path(), &config, true);
        let slugs: Vec<&str> = items.iter().map(|i| i.slug.as_str()).collect();
        assert_eq!(slugs, ["taizhou-talent", "zhang-sha", "alar"]);
        let alar = &items[2];
        assert_eq!(alar.files.len(), 2);
        assert!(alar.file("en").is_some_and(|p| p.ends_with("2022/alar.en.md")));
        assert!(scan(dir.path(), &config, false).is_empty());
    }
}
