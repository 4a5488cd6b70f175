//! `shudu new page`: a free page (about, contact).

use std::path::{Path, PathBuf};

use super::error::ScaffoldError;
use super::existing::scan;
use super::site::SiteInfo;
use super::target::locate;
use super::text::{quote, FrontMatter};
use super::validate::check_slug;
use super::write::write_new;
use crate::model::urls::RESERVED_SLUGS;

/// What `shudu new page` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewPage {
    /// The slug: the file name and the last segment of the URL path
    /// (lowercase ASCII letters, digits and hyphens).
    pub slug: String,
    /// Defaults to the slug with spaces for hyphens.
    pub title: Option<String>,
    /// Defaults to the site's default language.
    pub lang: Option<String>,
}

/// Writes `content/pages/<slug>.md` (`<slug>.<lang>.md` for another
/// language) and returns its path. Slugs whose URL belongs to the site
/// (`stories`, `figures`, a language code…) are refused.
pub fn new_page(root: &Path, opts: &NewPage) -> Result<PathBuf, ScaffoldError> {
    check_slug(&opts.slug)?;
    let site = SiteInfo::load(root)?;
    if RESERVED_SLUGS.contains(&opts.slug.as_str()) || site.config.has_language(&opts.slug) {
        return Err(ScaffoldError::InvalidSlug {
            slug: opts.slug.clone(),
            reason: format!(
                "reserved: /{}/ belongs to the site; a free page needs another slug",
                opts.slug
            ),
        });
    }
    let lang = site.language(opts.lang.as_deref())?;
    let title = opts
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| opts.slug.replace('-', " "), String::from);
    let dir = site.content("pages");
    let pages = scan(&dir, &site.config, false);
    let target = locate(&site, &pages, &opts.slug, &lang, dir)?;
    let text = page_text(&title, &lang, target.primary.as_deref());
    write_new(&target.path, &text)?;
    Ok(target.path)
}

fn page_text(title: &str, lang: &str, primary: Option<&Path>) -> String {
    let zh = SiteInfo::is_chinese(lang);
    let mut fm = FrontMatter::new();
    fm.field("title", &quote(title));
    if let Some(primary) = primary {
        let original = primary
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        fm.note(&format!("A translation of {original}."));
    }
    fm.note("Optional fields: remove the `# ` at the start of a line to use one.")
        .optional(
            "summary",
            if zh {
                "一句话介绍本页。"
            } else {
                "The page in a sentence."
            },
            "for link previews; else taken from the body",
        )
        .optional("draft", "true", "built only with `shudu build --drafts`");
    let body = if zh {
        "页面正文写在这里，使用 Markdown 格式。\n"
    } else {
        "Write the page here, in Markdown.\n"
    };
    fm.finish(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_slugs_are_refused_before_anything_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("site.yaml"),
            "base_url: https://a.example\nlanguages:\n  zh: {title: a}\n  en: {title: b}\n",
        )
        .expect("write");
        for slug in ["stories", "figures", "404", "en"] {
            let e = new_page(
                dir.path(),
                &NewPage {
                    slug: slug.into(),
                    ..NewPage::default()
                },
            )
            .expect_err("reserved");
            assert!(e.to_string().contains("reserved"), "{e}");
        }
        assert!(!dir.path().join("content").exists());
    }

    #[test]
    fn page_has_title_and_commented_fields() {
        let text = page_text("关于: 本站", "zh", None);
        assert!(text.starts_with("---\ntitle: \"关于: 本站\"\n"));
        assert!(text.contains("\n# summary: "));
        assert!(text.contains("\n# draft: true"));
    }
}
