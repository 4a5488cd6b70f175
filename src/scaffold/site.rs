//! The site a file is scaffolded into: its configuration, its languages and
//! today's date in its timezone.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::error::ScaffoldError;
use crate::config::{SiteConfig, CONFIG_FILE};
use crate::diagnostic::Diagnostics;
use crate::load::load_config;

/// An existing site, with its configuration read.
pub(crate) struct SiteInfo {
    pub(crate) root: PathBuf,
    pub(crate) config: SiteConfig,
}

impl SiteInfo {
    /// Reads `site.yaml` under `root`; its errors (paths made relative to the
    /// current folder, through `root`) become [`ScaffoldError::Config`].
    pub(super) fn load(root: &Path) -> Result<SiteInfo, ScaffoldError> {
        let mut diags = Diagnostics::new();
        let config = load_config(root, &mut diags);
        match config {
            Some(config) if !diags.has_errors() => Ok(SiteInfo {
                root: root.to_path_buf(),
                config,
            }),
            _ => Err(ScaffoldError::Config(
                diags
                    .into_sorted()
                    .into_iter()
                    .filter(|d| d.is_error())
                    .map(|mut d| {
                        d.path = root.join(&d.path).display().to_string();
                        d
                    })
                    .collect(),
            )),
        }
    }

    pub(super) fn default_lang(&self) -> &str {
        &self.config.default_language
    }

    /// The language asked for (the default one when `None`), checked against `languages`.
    pub(super) fn language(&self, lang: Option<&str>) -> Result<String, ScaffoldError> {
        let Some(lang) = lang.map(str::trim).filter(|l| !l.is_empty()) else {
            return Ok(self.config.default_language.clone());
        };
        if self.config.has_language(lang) {
            Ok(lang.to_string())
        } else {
            Err(ScaffoldError::UnknownLanguage {
                config: self.root.join(CONFIG_FILE),
                lang: lang.to_string(),
                known: self.config.language_codes().map(String::from).collect(),
            })
        }
    }

    /// Today in the site's timezone.
    pub(super) fn today(&self) -> NaiveDate {
        chrono::Utc::now().with_timezone(&self.config.timezone).date_naive()
    }

    /// `content/<folder>` of the site.
    pub(super) fn content(&self, folder: &str) -> PathBuf {
        self.root.join("content").join(folder)
    }

    /// The file name of `stem` in `lang`: `stem.md` for the default language, else `stem.<lang>.md`.
    pub(super) fn file_name(&self, stem: &str, lang: &str) -> String {
        if lang == self.default_lang() {
            format!("{stem}.md")
        } else {
            format!("{stem}.{lang}.md")
        }
    }

    /// Every file that would be the `lang` version of `stem` in `dir`:
    /// `x.md` and `x.<default>.md` are both the default language.
    pub(super) fn version_paths(&self, dir: &Path, stem: &str, lang: &str) -> Vec<PathBuf> {
        let mut out = vec![dir.join(self.file_name(stem, lang))];
        if lang == self.default_lang() {
            out.push(dir.join(format!("{stem}.{lang}.md")));
        }
        out
    }

    /// Refuses when any version of `stem` in `lang` already exists in `dir`.
    /// Returns the path to write.
    pub(super) fn ensure_free(&self, dir: &Path, stem: &str, lang: &str) -> Result<PathBuf, ScaffoldError> {
        for p in self.version_paths(dir, stem, lang) {
            if p.symlink_metadata().is_ok() {
                return Err(ScaffoldError::Exists(p));
            }
        }
        Ok(dir.join(self.file_name(stem, lang)))
    }

    /// Whether `lang` is written with Chinese examples.
    pub(super) fn is_chinese(lang: &str) -> bool {
        lang == "zh" || lang.starts_with("zh-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(yaml: &str) -> (tempfile::TempDir, Result<SiteInfo, ScaffoldError>) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("site.yaml"), yaml).expect("write");
        let s = SiteInfo::load(dir.path());
        (dir, s)
    }

    #[test]
    fn languages_and_file_names() {
        let (_d, s) = site("base_url: https://a.example\nlanguages:\n  zh: {title: 援疆}\n  en: {title: Aid}\n");
        let s = s.expect("site");
        assert_eq!(s.language(None).expect("default"), "zh");
        assert_eq!(s.language(Some("en")).expect("en"), "en");
        assert!(matches!(
            s.language(Some("fr")),
            Err(ScaffoldError::UnknownLanguage { .. })
        ));
        assert_eq!(s.file_name("a", "zh"), "a.md");
        assert_eq!(s.file_name("a", "en"), "a.en.md");
        assert_eq!(s.version_paths(Path::new("d"), "a", "zh").len(), 2);
    }

    #[test]
    fn config_errors_name_the_file() {
        let (d, s) = site("base_url: https://a.example\npaginte: 3\n");
        let Err(ScaffoldError::Config(diags)) = s else {
            panic!("config error expected")
        };
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path, d.path().join("site.yaml").display().to_string());
        assert!(diags[0].message.contains("paginate"), "{}", diags[0].message);
    }

    #[test]
    fn missing_config_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(matches!(SiteInfo::load(dir.path()), Err(ScaffoldError::Config(_))));
    }
}
