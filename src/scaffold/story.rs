//! `shudu new story`: a story file with a complete front matter.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::error::ScaffoldError;
use super::existing::scan;
use super::site::SiteInfo;
use super::target::locate;
use super::text::{quote, FrontMatter};
use super::validate::{check_slug, parse_date};
use super::write::write_new;
use crate::diagnostic::did_you_mean;

/// What `shudu new story` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewStory {
    /// The slug: the file name and the last segment of the URL path
    /// (lowercase ASCII letters, digits and hyphens).
    pub slug: String,
    /// The command's slug (several separated by commas). Required for a new
    /// story; ignored, and may be empty, for a translation of an existing one.
    pub command: String,
    /// Defaults to the slug with spaces for hyphens.
    pub title: Option<String>,
    /// `YYYY-MM-DD`; today in the site's timezone when `None`. For a
    /// translation it fills the commented `updated` line.
    pub date: Option<String>,
    /// Defaults to the site's default language.
    pub lang: Option<String>,
}

/// Writes a new story and returns its path: `content/stories/<year>/<slug>.md`
/// (`<slug>.<lang>.md` for another language), or, when the story already
/// exists in another language, its translation beside the existing file.
pub fn new_story(root: &Path, opts: &NewStory) -> Result<PathBuf, ScaffoldError> {
    check_slug(&opts.slug)?;
    let site = SiteInfo::load(root)?;
    let lang = site.language(opts.lang.as_deref())?;
    let date = match opts.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => parse_date(d)?,
        None => site.today(),
    };
    let title = opts
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| opts.slug.replace('-', " "), String::from);

    let stories = scan(&site.content("stories"), &site.config, true);
    let year_dir = site.content("stories").join(date.year().to_string());
    let target = locate(&site, &stories, &opts.slug, &lang, year_dir)?;
    let text = match &target.primary {
        Some(primary) => {
            if !opts.command.trim().is_empty() {
                commands(&site, &opts.command)?;
            }
            translation(&title, date, &lang, primary)
        }
        None => {
            let commands = commands(&site, &opts.command)?;
            primary_story(&site, &title, date, &commands, &lang)
        }
    };
    write_new(&target.path, &text)?;
    Ok(target.path)
}

/// The command slugs of `list` (comma-separated), each checked to exist.
fn commands(site: &SiteInfo, list: &str) -> Result<Vec<String>, ScaffoldError> {
    let dir = site.content("commands");
    let mut known: Vec<String> = scan(&dir, &site.config, false).into_iter().map(|i| i.slug).collect();
    known.sort();
    known.dedup();
    let wanted: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if wanted.is_empty() {
        return Err(ScaffoldError::MissingCommand { dir, known });
    }
    for slug in &wanted {
        if !known.contains(slug) {
            let hint = did_you_mean(slug, known.iter().map(String::as_str)).map(String::from);
            return Err(ScaffoldError::UnknownCommand {
                dir,
                slug: slug.clone(),
                hint,
                known,
            });
        }
    }
    Ok(wanted)
}

/// Example values of the commented fields, in the story's language.
struct Examples {
    source: &'static str,
    author: &'static str,
    summary: &'static str,
    cover_alt: &'static str,
    label: &'static str,
    note: &'static str,
    body: &'static str,
    translation_body: &'static str,
}

fn examples(lang: &str) -> Examples {
    if SiteInfo::is_chinese(lang) {
        Examples {
            source: "阿拉尔日报",
            author: "王建国",
            summary: "一两句话说明这篇报道。",
            cover_alt: "图片内容的文字说明",
            label: "全年安排援疆资金",
            note: "共5大类43个大项",
            body: "正文写在这里，使用 Markdown 格式。\n\n## 小标题\n\n段落之间空一行。\n",
            translation_body: "译文写在这里。\n",
        }
    } else {
        Examples {
            source: "Alar Daily",
            author: "Wang Jianguo",
            summary: "The story in a sentence or two.",
            cover_alt: "What the picture shows",
            label: "Aid funds allocated",
            note: "43 items in 5 categories",
            body: "Write the story here, in Markdown.\n\n## A subheading\n\nLeave a blank line between paragraphs.\n",
            translation_body: "Write the translation here.\n",
        }
    }
}

fn primary_story(site: &SiteInfo, title: &str, date: NaiveDate, commands: &[String], lang: &str) -> String {
    let ex = examples(lang);
    let ymd = date.format("%Y-%m-%d").to_string();
    let command = match commands {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    };
    let terms: Vec<&str> = site.config.sectors.keys().map(String::as_str).collect();
    let (sector_example, sector_comment) = match terms.as_slice() {
        [] => (
            "[]".to_string(),
            "terms of site.yaml's `sectors` (none defined yet)".to_string(),
        ),
        [first, ..] => {
            let shown: Vec<&str> = terms.iter().take(6).copied().collect();
            let more = if terms.len() > 6 { ", …" } else { "" };
            (
                format!("[{first}]"),
                format!("any of site.yaml's sectors: {}{more}", shown.join(", ")),
            )
        }
    };
    let per_language: Vec<String> = site.config.language_codes().map(|l| format!("{l}: …")).collect();
    let label_comment = format!("or one per language: {{{}}}", per_language.join(", "));
    let mut fm = FrontMatter::new();
    fm.field("title", &quote(title))
        .field("date", &ymd)
        .field("command", &command)
        .note("Optional fields: remove the `# ` at the start of a line to use one.")
        .optional("sectors", &sector_example, &sector_comment)
        .optional("source", ex.source, "the publication it ran in")
        .optional("author", ex.author, "who wrote it")
        .optional(
            "summary",
            ex.summary,
            "for listings and feeds; else taken from the body",
        )
        .optional("cover", "images/cover.jpg", "an image beside this file")
        .optional("cover_alt", ex.cover_alt, "required with `cover`: the image in words")
        .optional("draft", "true", "built only with `shudu build --drafts`")
        .optional("updated", &ymd, "the last substantive revision")
        .optional("figures", "", "the 数读 (statistics) of this story")
        .commented(
            "  - key: aid_funds",
            "optional ^[a-z0-9_]+$ id, links figures across stories",
        )
        .commented(&format!("    label: {}", ex.label), &label_comment)
        .commented("    value: 3.2186", "required, a number without its unit")
        .commented("    unit: 亿元", "magnitude (万, 亿…) + base unit (元, 人, 所…)")
        .commented(&format!("    year: {}", date.year()), "defaults to the year of `date`")
        .commented(&format!("    note: {}", ex.note), "qualifiers such as 多, 近, 余");
    fm.finish(ex.body)
}

fn translation(title: &str, date: NaiveDate, lang: &str, primary: &Path) -> String {
    let ex = examples(lang);
    let original = primary
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut fm = FrontMatter::new();
    fm.field("title", &quote(title))
        .note(&format!(
            "A translation of {original}: date, command, sectors, cover and figures come from it."
        ))
        .note("Optional fields: remove the `# ` at the start of a line to use one.")
        .optional(
            "summary",
            ex.summary,
            "for listings and feeds; else taken from the body",
        )
        .optional("source", ex.source, "the publication, in this language")
        .optional("author", ex.author, "who wrote or translated it")
        .optional("cover_alt", ex.cover_alt, "the cover described in this language")
        .optional(
            "updated",
            &date.format("%Y-%m-%d").to_string(),
            "last revision; older than the original's `updated` = stale",
        );
    fm.finish(ex.translation_body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::front_matter::split;
    use crate::load::yaml::Value;

    fn front_keys(text: &str) -> Vec<String> {
        let s = split(text).expect("front matter");
        s.front
            .entries()
            .expect("mapping")
            .iter()
            .map(|e| e.key.clone())
            .collect()
    }

    fn site() -> (tempfile::TempDir, SiteInfo) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("site.yaml"),
            "base_url: https://a.example\nlanguages:\n  zh: {title: a}\n  en: {title: b}\nsectors:\n  education: {zh: 教育, en: Education}\n",
        )
        .expect("write");
        let s = SiteInfo::load(dir.path()).expect("site");
        (dir, s)
    }

    #[test]
    fn primary_has_required_fields_and_every_optional_one_commented() {
        let (_d, s) = site();
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).expect("date");
        let text = primary_story(&s, "台州: \"援疆\" #1", date, &["taizhou".into()], "zh");
        assert_eq!(front_keys(&text), ["title", "date", "command"]);
        let front = split(&text).expect("split").front;
        let title = &front.entries().expect("map")[0].value.value;
        assert_eq!(title, &Value::String("台州: \"援疆\" #1".into()));
        for key in [
            "sectors",
            "source",
            "author",
            "summary",
            "cover",
            "cover_alt",
            "draft",
            "updated",
            "figures",
        ] {
            assert!(text.contains(&format!("\n# {key}:")), "{key} missing:\n{text}");
        }
        assert!(text.contains("# sectors: [education]"), "{text}");
        assert!(text.contains("#     year: 2024"), "{text}");
    }

    #[test]
    fn uncommenting_the_optional_fields_gives_valid_yaml() {
        let (_d, s) = site();
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).expect("date");
        let text = primary_story(&s, "t", date, &["a".into(), "b".into()], "en");
        let text: String = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if !rest.starts_with("Optional") => format!("{rest}\n"),
                _ => format!("{l}\n"),
            })
            .collect();
        let keys = front_keys(&text);
        assert_eq!(keys.len(), 12, "{keys:?}");
        assert!(text.contains("command: [a, b]"));
    }

    #[test]
    fn translation_carries_only_the_title() {
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).expect("date");
        let text = translation("Talent: aid", date, "en", Path::new("content/stories/2022/alar.md"));
        assert_eq!(front_keys(&text), ["title"]);
        assert!(text.contains("A translation of alar.md"));
        assert!(text.contains("# updated: 2024-05-01"));
        assert!(!text.contains("\nfigures") && !text.contains("# figures"));
    }
}
