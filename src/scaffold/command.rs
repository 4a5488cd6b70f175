//! `shudu new command`: an aid command (援疆指挥部) file.

use std::path::{Path, PathBuf};

use super::error::ScaffoldError;
use super::existing::scan;
use super::site::SiteInfo;
use super::target::locate;
use super::text::{quote, FrontMatter};
use super::validate::check_slug;
use super::write::write_new;

/// What `shudu new command` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewCommand {
    /// The slug: the file name and the last segment of the URL path
    /// (lowercase ASCII letters, digits and hyphens).
    pub slug: String,
    /// Defaults to the slug.
    pub name: Option<String>,
    /// Defaults to the site's default language.
    pub lang: Option<String>,
}

/// Writes `content/commands/<slug>.md` (`<slug>.<lang>.md` for another
/// language: a translation when the command already exists) and returns its path.
pub fn new_command(root: &Path, opts: &NewCommand) -> Result<PathBuf, ScaffoldError> {
    check_slug(&opts.slug)?;
    let site = SiteInfo::load(root)?;
    let lang = site.language(opts.lang.as_deref())?;
    let name = opts
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&opts.slug);
    let dir = site.content("commands");
    let commands = scan(&dir, &site.config, false);
    let target = locate(&site, &commands, &opts.slug, &lang, dir)?;
    let text = command_text(name, &lang, target.primary.as_deref());
    write_new(&target.path, &text)?;
    Ok(target.path)
}

/// The file of a command; a translation of `primary` when given.
fn command_text(name: &str, lang: &str, primary: Option<&Path>) -> String {
    let zh = SiteInfo::is_chinese(lang);
    let pick = |zh_text: &'static str, en_text: &'static str| if zh { zh_text } else { en_text };
    let mut fm = FrontMatter::new();
    fm.field("name", &quote(name));
    if let Some(primary) = primary {
        let original = primary
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        fm.note(&format!(
            "A translation of {original}: a field left out here is taken from it."
        ));
    }
    fm.note("Optional fields: remove the `# ` at the start of a line to use one.")
        .optional("short_name", pick("台州", "Taizhou"), "for menus, charts and tables")
        .optional(
            "origin",
            pick("浙江省台州市", "Taizhou, Zhejiang"),
            "the supporting province or city",
        )
        .optional(
            "partner",
            pick("第一师阿拉尔市", "Alar, 1st Division"),
            "the place supported",
        );
    if primary.is_none() {
        fm.optional("since", "2010", "first year of the pairing")
            .optional("batch", "10", "the current batch (第十批)");
    }
    let body = pick(
        "指挥部的介绍写在这里：支援方、受援地和工作重点。\n",
        "Introduce the command here: who supports whom, and the work it focuses on.\n",
    );
    fm.finish(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::front_matter::split;

    #[test]
    fn command_has_its_name_and_commented_fields() {
        let text = command_text("台州市援疆指挥部: 第十批", "zh", None);
        let front = split(&text).expect("split").front;
        let keys: Vec<&str> = front.entries().expect("map").iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["name"]);
        for key in ["short_name", "origin", "partner", "since", "batch"] {
            assert!(text.contains(&format!("\n# {key}: ")), "{key}:\n{text}");
        }
    }

    #[test]
    fn translation_leaves_out_primary_only_fields() {
        let text = command_text(
            "Taizhou Aid Command",
            "en",
            Some(Path::new("content/commands/taizhou.md")),
        );
        assert!(text.contains("A translation of taizhou.md"));
        assert!(!text.contains("since"));
        assert!(!text.contains("batch"));
        assert!(text.contains("# partner: "));
    }
}
