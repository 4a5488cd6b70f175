//! `shudu card`: the share image of one story's figures, for editors
//! (a picture for a WeChat article before the site is built).

use std::path::{Path, PathBuf};

use crate::build::{prepare, BuildError};
use crate::diagnostic::Diagnostic;
use crate::model::BuildOptions;
use crate::render::Renderer;
use crate::share::Layout;

/// What `shudu card` draws.
#[derive(Debug, Clone)]
pub struct CardRequest {
    /// The story's Markdown file (any of its languages' files).
    pub story: PathBuf,
    /// The language of the picture (default: the file's own).
    pub lang: Option<String>,
    /// The picture's shape: a link preview or a tall picture for an article.
    pub layout: Layout,
}

/// A drawn card: the PNG, and the names it is known by.
#[derive(Debug)]
pub struct Card {
    /// The picture, a PNG file's bytes.
    pub png: Vec<u8>,
    /// The story version's slug and language (for a default file name).
    pub slug: String,
    /// The language code of the version drawn (`zh`, `en`).
    pub lang: String,
}

/// The site root of `file`: the nearest folder above it with a `site.yaml`.
pub fn site_root_of(file: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(file).ok()?;
    abs.ancestors()
        .skip(1)
        .find(|d| d.join(crate::config::CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// Draws the share image of the story in `req.story`. Every problem is a
/// diagnostic (`path:line:col`): the site's errors, a file that is not a
/// story of the site, a story without figures, a character the font lacks.
pub fn story_card(req: &CardRequest) -> Result<Card, Vec<Diagnostic>> {
    let shown = req.story.display().to_string();
    let Some(root) = site_root_of(&req.story) else {
        return Err(vec![Diagnostic::error(
            shown,
            1,
            1,
            "not inside a shudu site: no folder above it holds site.yaml",
        )]);
    };
    let rel = std::path::absolute(&req.story)
        .ok()
        .and_then(|abs| {
            abs.strip_prefix(&root)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        })
        .unwrap_or_default();
    let options = BuildOptions {
        drafts: true,
        future: true,
        ..BuildOptions::default()
    };
    let prepared = match prepare(&root, &options) {
        Ok(p) => p,
        Err(BuildError::Site(diags)) => return Err(diags),
        Err(e) => return Err(vec![Diagnostic::error(rel, 1, 1, e.to_string())]),
    };
    let site = &prepared.site;
    let found = site
        .stories
        .iter()
        .enumerate()
        .find_map(|(i, s)| s.versions.iter().find(|v| v.path == rel).map(|v| (i, v.lang.clone())));
    let Some((story, file_lang)) = found else {
        return Err(vec![Diagnostic::error(
            if rel.is_empty() { shown } else { rel },
            1,
            1,
            "not a story of this site (stories are Markdown files under content/stories/)",
        )]);
    };
    let lang = req.lang.clone().unwrap_or(file_lang);
    if site.config.language(&lang).is_none() {
        let codes: Vec<&str> = site.config.language_codes().collect();
        return Err(vec![Diagnostic::error(
            rel,
            1,
            1,
            format!(
                "--lang {lang} is not one of the site's languages ({})",
                codes.join(", ")
            ),
        )]);
    }
    let renderer = Renderer::new(site, &prepared.content, &prepared.templates);
    let png = renderer
        .story_share_png(story, &lang, req.layout)
        .map_err(|d| vec![d])?;
    let v = site.stories[story].shown(&lang);
    Ok(Card {
        png,
        slug: v.fields.slug.clone(),
        lang: v.lang.clone(),
    })
}
