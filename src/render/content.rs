//! Markdown of every item rendered once, in parallel, before any page.

use rayon::prelude::*;

use super::markdown::{render_markdown, MarkdownOptions, RenderedMarkdown};
use crate::model::{Site, Translation};

/// Target length of derived summaries, in characters.
pub const SUMMARY_CHARS: usize = 120;

/// Rendered bodies, indexed like the site: `stories[i][v]` is version `v` of story `i`.
pub struct RenderedContent {
    pub stories: Vec<Vec<RenderedMarkdown>>,
    pub commands: Vec<Vec<RenderedMarkdown>>,
    pub pages: Vec<Vec<RenderedMarkdown>>,
}

fn render_versions<T: Sync>(versions: &[Translation<T>]) -> Vec<RenderedMarkdown> {
    versions
        .iter()
        .map(|v| {
            render_markdown(
                &v.body,
                &MarkdownOptions {
                    lang: &v.lang,
                    summary_chars: SUMMARY_CHARS,
                },
            )
        })
        .collect()
}

/// Renders every body of the site.
pub fn render_content(site: &Site) -> RenderedContent {
    RenderedContent {
        stories: site.stories.par_iter().map(|s| render_versions(&s.versions)).collect(),
        commands: site.commands.par_iter().map(|c| render_versions(&c.versions)).collect(),
        pages: site.pages.par_iter().map(|p| render_versions(&p.versions)).collect(),
    }
}

/// Re-renders one story's bodies (after an edit), leaving the rest as they are.
pub fn rerender_story(site: &Site, content: &mut RenderedContent, index: usize) {
    if let (Some(story), Some(slot)) = (site.stories.get(index), content.stories.get_mut(index)) {
        *slot = render_versions(&story.versions);
    }
}
