//! `site.yaml`: the site's configuration.

use chrono_tz::Tz;
use indexmap::IndexMap;

use crate::diagnostic::Diagnostics;
use crate::load::fields::Fields;
use crate::load::yaml;

/// The file name of the configuration at the site root.
pub(crate) const CONFIG_FILE: &str = "site.yaml";

/// One language of the site.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LanguageConfig {
    /// Language code as used in file names and URLs (`zh`, `en`).
    pub(crate) code: String,
    /// The site's title in this language.
    pub(crate) title: String,
    pub(crate) description: String,
    /// The value of `<html lang>`: `zh-Hans` for `zh` unless set.
    pub(crate) html_lang: String,
}

/// The parsed `site.yaml`.
#[derive(Debug, Clone)]
pub(crate) struct SiteConfig {
    /// Absolute base URL without trailing slash (`https://aid.example.org`, or with a path).
    pub(crate) base_url: String,
    pub(crate) timezone: Tz,
    pub(crate) default_language: String,
    /// Languages, the default one first, then in the order of the file.
    pub(crate) languages: Vec<LanguageConfig>,
    pub(crate) theme: String,
    /// Where `theme` is written in site.yaml (0:0 when it is not).
    pub(crate) theme_pos: crate::load::yaml::Pos,
    pub(crate) paginate: usize,
    /// Sector term → labels per language, in file order.
    pub(crate) sectors: IndexMap<String, IndexMap<String, String>>,
    /// Paths inside the output folder that every build carries over from the
    /// previous output as they are (`keep:`; by default [`DEFAULT_KEEP`]).
    pub(crate) keep: Vec<String>,
    /// The years a story's date may have (`years: {first: 1949, last: 2100}`).
    pub(crate) years: std::ops::RangeInclusive<i32>,
    /// `share_image: true`: every story with figures gets its own share
    /// images (`share.png`, `share-wechat.png` beside its page), as if each
    /// said `share_image: true`. Off by default: they cost CPU on a cold build.
    pub(crate) share_image: bool,
    /// Whether the site has search pages and an index (`search:`, true
    /// unless `search: false`).
    pub(crate) search: bool,
}

/// What `keep:` is when site.yaml does not set it: a gh-pages checkout in the
/// output folder (`.git`), GitHub Pages' custom domain and its Jekyll switch.
pub(crate) const DEFAULT_KEEP: [&str; 3] = [".git", "CNAME", ".nojekyll"];

/// The file every build writes at the top of its output, the mark of a
/// folder shudu may replace (see `write::owner`); it cannot be kept.
pub(crate) const OUTPUT_MARKER: &str = ".shudu-output";

/// The years a date may have unless `site.yaml` says otherwise: from the
/// founding of the People's Republic to 2100.
pub(crate) const DEFAULT_YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

impl SiteConfig {
    pub(crate) fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code == code)
    }
    pub(crate) fn has_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }
    /// Language codes, the default first.
    pub(crate) fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }
}

const KNOWN_KEYS: &[&str] = &[
    "base_url",
    "timezone",
    "default_language",
    "languages",
    "theme",
    "paginate",
    "sectors",
    "keep",
    "years",
    "share_image",
    "search",
];

/// Whether `url` is an absolute http(s) URL with a host (`https://aid.example.org`,
/// `https://example.github.io/aid`): what `base_url` must be.
pub fn is_absolute_http_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'))
}

/// Parses the text of `site.yaml`.
pub(crate) fn parse_config(text: &str, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let path = CONFIG_FILE;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    if blank {
        diags.error(
            path,
            1,
            1,
            "site.yaml is empty: it needs at least `base_url` (the address the site is published at)",
        );
        return None;
    }
    let node = match yaml::parse(text, 1) {
        Ok(n) => n,
        Err(e) => {
            diags.error(path, e.pos.line, e.pos.col, e.message);
            return None;
        }
    };
    let mut f = Fields::new(path, &node, "site.yaml", diags);

    let base_url = read_base_url(&mut f, diags);
    let timezone = read_timezone(&mut f, diags);
    let default_language = f
        .string("default_language", diags)
        .map(|(s, _)| s)
        .unwrap_or_else(|| "zh".into());

    let languages = read_languages(&mut f, &default_language, diags);

    let (theme, theme_pos) = read_theme(&mut f, diags);
    let paginate = read_paginate(&mut f, diags);

    let sectors = read_sectors(&mut f, &default_language, diags);
    let keep = read_keep(&mut f, diags);
    let years = read_years(path, &mut f, diags);
    let share_image = f.bool("share_image", diags).unwrap_or(false);
    let search = f.bool("search", diags).unwrap_or(true);

    f.report_unknown("site.yaml", KNOWN_KEYS, true, diags);
    // Sector labels in languages the site does not have are reported.
    for (term, labels) in &sectors {
        for lang in labels.keys() {
            if !languages.iter().any(|l| &l.code == lang) {
                let p = f.key_pos("sectors");
                diags.error(
                    path,
                    p.line,
                    p.col,
                    format!("sector `{term}` has a label in `{lang}`, which is not one of `languages`"),
                );
            }
        }
    }
    Some(SiteConfig {
        base_url,
        timezone,
        default_language,
        languages,
        theme,
        theme_pos,
        paginate,
        sectors,
        keep,
        years,
        share_image,
        search,
    })
}

/// `base_url`, without a trailing `/`: required, an absolute http(s) URL.
fn read_base_url(f: &mut Fields, diags: &mut Diagnostics) -> String {
    let path = CONFIG_FILE;
    match f.required_string("base_url", diags) {
        Some((url, pos)) => {
            let url = url.trim().trim_end_matches('/').to_string();
            if !is_absolute_http_url(&url) {
                diags.error(path, pos.line, pos.col, "`base_url` must be an absolute http(s) URL");
            }
            url
        }
        None => String::new(),
    }
}

/// `timezone`: an IANA name; Asia/Shanghai when not given (or not known).
fn read_timezone(f: &mut Fields, diags: &mut Diagnostics) -> Tz {
    let path = CONFIG_FILE;
    match f.string("timezone", diags) {
        Some((tz, pos)) => match tz.parse::<Tz>() {
            Ok(t) => t,
            Err(_) => {
                diags.error(
                    path,
                    pos.line,
                    pos.col,
                    format!("unknown timezone `{tz}` (use an IANA name such as Asia/Shanghai)"),
                );
                chrono_tz::Asia::Shanghai
            }
        },
        None => chrono_tz::Asia::Shanghai,
    }
}

/// `languages`, the default language first (a site without `languages`
/// has the default language alone).
fn read_languages(f: &mut Fields, default_language: &str, diags: &mut Diagnostics) -> Vec<LanguageConfig> {
    let path = CONFIG_FILE;
    let mut languages = Vec::new();
    if let Some(node) = f.node("languages") {
        let mut lf = Fields::new(path, node, "`languages`", diags);
        let codes: Vec<String> = node.entries().unwrap_or(&[]).iter().map(|e| e.key.clone()).collect();
        for code in codes {
            let pos = lf.key_pos(&code);
            if !valid_lang_code(&code) {
                diags.error(
                    path,
                    pos.line,
                    pos.col,
                    format!("`{code}` is not a language code (like zh, en, ug, zh-hant)"),
                );
            } else if crate::markup::url::RESERVED_SLUGS.contains(&code.as_str()) {
                diags.error(
                    path,
                    pos.line,
                    pos.col,
                    format!("the language code `{code}` would be the folder /{code}/, which the site already uses for its own pages"),
                );
            }
            let Some(lnode) = lf.node(&code) else {
                languages.push(LanguageConfig {
                    html_lang: default_html_lang(&code),
                    title: String::new(),
                    description: String::new(),
                    code,
                });
                continue;
            };
            let mut l = Fields::new(path, lnode, "a language", diags);
            let title = l.string("title", diags).map(|(s, _)| s).unwrap_or_default();
            let description = l.string("description", diags).map(|(s, _)| s).unwrap_or_default();
            let html_lang = l
                .string("html_lang", diags)
                .map(|(s, _)| s)
                .unwrap_or_else(|| default_html_lang(&code));
            l.report_unknown("language", &["title", "description", "html_lang"], true, diags);
            languages.push(LanguageConfig {
                code,
                title,
                description,
                html_lang,
            });
        }
        lf.report_unknown("languages", &[], true, diags);
    }
    if languages.is_empty() {
        languages.push(LanguageConfig {
            code: default_language.to_string(),
            title: String::new(),
            description: String::new(),
            html_lang: default_html_lang(default_language),
        });
    }
    match languages.iter().position(|l| l.code == default_language) {
        Some(i) => {
            let d = languages.remove(i);
            languages.insert(0, d);
        }
        None => {
            let p = f.key_pos("default_language");
            diags.error(
                path,
                p.line,
                p.col,
                format!("default_language `{default_language}` is not one of `languages`"),
            );
        }
    }
    languages
}

/// `theme` (a folder name under `themes/`; `default` when not given) and where it is given.
fn read_theme(f: &mut Fields, diags: &mut Diagnostics) -> (String, yaml::Pos) {
    let path = CONFIG_FILE;
    let (theme, theme_pos) = f
        .string("theme", diags)
        .unwrap_or_else(|| ("default".into(), Default::default()));
    if theme.contains(['/', '\\']) || theme.starts_with('.') || theme.is_empty() {
        let p = f.key_pos("theme");
        diags.error(
            path,
            p.line,
            p.col,
            format!("`theme` must be a folder name under themes/, not `{theme}`"),
        );
    }
    (theme, theme_pos)
}

/// `paginate`: stories per listing page, at least 1; 20 when not given.
fn read_paginate(f: &mut Fields, diags: &mut Diagnostics) -> usize {
    let path = CONFIG_FILE;
    match f.integer("paginate", diags) {
        Some((n, _)) if n >= 1 => n as usize,
        Some((_, p)) => {
            diags.error(path, p.line, p.col, "`paginate` must be at least 1");
            20
        }
        None => 20,
    }
}

/// `sectors`: term → label per language, in file order. A plain label is
/// the default language's.
fn read_sectors(
    f: &mut Fields,
    default_language: &str,
    diags: &mut Diagnostics,
) -> IndexMap<String, IndexMap<String, String>> {
    let path = CONFIG_FILE;
    let mut sectors = IndexMap::new();
    if let Some(node) = f.node("sectors") {
        let mut sf = Fields::new(path, node, "`sectors`", diags);
        let terms: Vec<String> = node.entries().unwrap_or(&[]).iter().map(|e| e.key.clone()).collect();
        for term in terms {
            let pos = sf.key_pos(&term);
            if !crate::markup::url::is_valid_slug(&term) {
                diags.error(
                    path,
                    pos.line,
                    pos.col,
                    format!("sector term `{term}` must match ^[a-z0-9][a-z0-9-]*$"),
                );
            }
            let mut labels = IndexMap::new();
            match sf.node(&term) {
                Some(n) if n.entries().is_some() => {
                    for e in n.entries().unwrap_or(&[]) {
                        match e.value.scalar_text() {
                            Some(s) => {
                                labels.insert(e.key.clone(), s);
                            }
                            None => diags.error(
                                path,
                                e.value.pos.line,
                                e.value.pos.col,
                                "a sector label must be a string",
                            ),
                        }
                    }
                }
                Some(n) => match n.scalar_text() {
                    Some(s) => {
                        labels.insert(default_language.to_string(), s);
                    }
                    None => diags.error(
                        path,
                        n.pos.line,
                        n.pos.col,
                        "a sector must be a label or a mapping of labels per language",
                    ),
                },
                None => {}
            }
            sectors.insert(term, labels);
        }
    }
    sectors
}

/// `keep:`, a list of paths relative to the output folder (each a plain
/// relative path: no `..`, no leading `/`); the default without one.
fn read_keep(f: &mut Fields<'_>, diags: &mut Diagnostics) -> Vec<String> {
    let Some(list) = f.string_list("keep", diags) else {
        return DEFAULT_KEEP.iter().map(|s| s.to_string()).collect();
    };
    let mut keep: Vec<String> = Vec::with_capacity(list.len());
    for (entry, pos) in list {
        let path = entry.trim().trim_end_matches('/');
        if !is_plain_relative_path(path) {
            diags.error(
                CONFIG_FILE,
                pos.line,
                pos.col,
                format!("`keep` entry `{entry}` must be a path inside the output folder, such as CNAME or .well-known/security.txt (no `..`, no leading `/`)"),
            );
        } else if path == OUTPUT_MARKER {
            diags.error(
                CONFIG_FILE,
                pos.line,
                pos.col,
                format!("`{path}` is written by every build and cannot be kept"),
            );
        } else if !keep.iter().any(|k| k == path) {
            keep.push(path.to_string());
        }
    }
    keep
}

/// `a/b.txt`: not empty, `/`-separated names, none of them `.` or `..`.
fn is_plain_relative_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// `years: {first: 1949, last: 2100}`: either bound may be left out.
fn read_years(path: &str, f: &mut Fields, diags: &mut Diagnostics) -> std::ops::RangeInclusive<i32> {
    let Some(node) = f.node("years") else {
        return DEFAULT_YEARS;
    };
    let mut yf = Fields::new(path, node, "`years`", diags);
    let mut bound = |key: &str, default: i32| match yf.integer(key, diags) {
        Some((y, p)) => i32::try_from(y).unwrap_or_else(|_| {
            diags.error(path, p.line, p.col, format!("`years` `{key}` {y} is not a year"));
            default
        }),
        None => default,
    };
    let first = bound("first", *DEFAULT_YEARS.start());
    let last = bound("last", *DEFAULT_YEARS.end());
    yf.report_unknown("years", &["first", "last"], true, diags);
    if first > last {
        let p = f.key_pos("years");
        diags.error(
            path,
            p.line,
            p.col,
            format!("`years` runs from {first} to {last}: `first` must not be after `last`"),
        );
        return DEFAULT_YEARS;
    }
    first..=last
}

fn valid_lang_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 16
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && code.starts_with(|c: char| c.is_ascii_lowercase())
}

/// `zh` is written in Simplified script here; other codes are used as they are.
pub(crate) fn default_html_lang(code: &str) -> String {
    match code {
        "zh" => "zh-Hans".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_absolute_http_urls_with_a_host() {
        for good in [
            "https://aid.example.org",
            "http://127.0.0.1:1111",
            "https://u.github.io/aid",
        ] {
            assert!(is_absolute_http_url(good), "{good}");
        }
        for bad in [
            "",
            "not a url",
            "javascript:alert(1)//",
            "https://",
            "https:///x",
            "ftp://x.org",
            "https://a b.org",
            "/aid",
        ] {
            assert!(!is_absolute_http_url(bad), "{bad}");
        }
    }

    const GOOD: &str = "base_url: https://aid.example.org/\ndefault_language: zh\nlanguages:\n  en: {title: Aid}\n  zh: {title: 援疆}\nsectors:\n  education: {zh: 教育, en: Education}\n";

    #[test]
    fn reads_config_default_language_first() {
        let mut d = Diagnostics::new();
        let c = parse_config(GOOD, &mut d).expect("config");
        assert!(!d.has_errors(), "{d:?}");
        assert_eq!(c.base_url, "https://aid.example.org");
        assert_eq!(c.language_codes().collect::<Vec<_>>(), ["zh", "en"]);
        assert_eq!(c.languages[0].html_lang, "zh-Hans");
        assert_eq!(c.paginate, 20);
        assert_eq!(c.timezone, chrono_tz::Asia::Shanghai);
    }

    #[test]
    fn keep_defaults_to_the_github_pages_files_and_is_checked() {
        let mut d = Diagnostics::new();
        let c = parse_config(GOOD, &mut d).expect("config");
        assert_eq!(c.keep, DEFAULT_KEEP);
        let c = parse_config(
            &format!("{GOOD}keep: [CNAME, .well-known/security.txt/, CNAME]\n"),
            &mut d,
        )
        .expect("config");
        assert!(!d.has_errors(), "{d:?}");
        assert_eq!(c.keep, ["CNAME", ".well-known/security.txt"]);
        let c = parse_config(&format!("{GOOD}keep: []\n"), &mut d).expect("config");
        assert!(c.keep.is_empty(), "an empty list keeps nothing");
        for bad in ["../x", "/etc", "a/../b", "", ".", ".shudu-output", "a\\\\b"] {
            let mut d = Diagnostics::new();
            parse_config(&format!("{GOOD}keep: [\"{bad}\"]\n"), &mut d);
            let errs = d.into_sorted();
            assert_eq!(errs.len(), 1, "{bad}: {errs:?}");
            assert_eq!((errs[0].line, errs[0].col), (8, 8), "{bad}");
        }
    }

    #[test]
    fn an_empty_file_says_so_first() {
        for text in ["", "\n  \n", "# only a comment\n", "---\n"] {
            let mut d = Diagnostics::new();
            assert!(parse_config(text, &mut d).is_none());
            let errs = d.into_sorted();
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert!(errs[0].message.starts_with("site.yaml is empty"), "{}", errs[0].message);
        }
    }

    #[test]
    fn a_language_code_cannot_be_a_folder_of_the_site() {
        for code in ["embed", "stories", "data"] {
            let mut d = Diagnostics::new();
            let text = format!("base_url: https://aid.example.org\nlanguages:\n  zh: {{}}\n  {code}: {{}}\n");
            parse_config(&text, &mut d);
            let errs = d.into_sorted();
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert!(
                errs.iter().any(|e| e.line == 4
                    && e.col == 3
                    && e.message.contains(&format!("`{code}` would be the folder /{code}/"))),
                "{code}: {errs:?}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_errors_with_position() {
        let mut d = Diagnostics::new();
        parse_config(&format!("{GOOD}paginte: 10\n"), &mut d);
        let errs = d.into_sorted();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].line, 8);
        assert!(
            errs[0].message.contains("did you mean `paginate`"),
            "{}",
            errs[0].message
        );
    }
}
