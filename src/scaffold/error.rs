//! What can go wrong when scaffolding. Every message reads `where: what is wrong`.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// Why a file or a site was not created. Nothing was written in any case
/// (except [`ScaffoldError::Io`] in the middle of `init`, which names the file).
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The file (or an item of the same name and language) is already there.
    #[error("{}: already exists; shudu never overwrites a file", .0.display())]
    Exists(PathBuf),
    /// Another item of the same kind and language already has this slug.
    #[error("{}: already uses the slug `{slug}` in `{lang}`; choose another slug", .path.display())]
    SlugTaken {
        /// The file that has the slug.
        path: PathBuf,
        /// The slug asked for.
        slug: String,
        /// The language code.
        lang: String,
    },
    /// `init` was given a folder that already has files in it.
    #[error("{}: not empty; `shudu init` needs a new or empty folder", .0.display())]
    NotEmpty(PathBuf),
    /// The story's command has no file under `content/commands/`.
    #[error(
        "{}: no command `{slug}`{}; {}",
        .dir.display(),
        .hint.as_ref().map(|h| format!(" (did you mean `{h}`?)")).unwrap_or_default(),
        known_commands(.known, .slug)
    )]
    UnknownCommand {
        /// `content/commands` of the site.
        dir: PathBuf,
        /// The command slug asked for.
        slug: String,
        /// The closest existing slug, when one is close.
        hint: Option<String>,
        /// The command slugs that exist.
        known: Vec<String>,
    },
    /// A new story needs `--command`.
    #[error("{}: a new story needs its command (--command <slug>); {}", .dir.display(), known_commands(.known, "<slug>"))]
    MissingCommand {
        /// `content/commands` of the site.
        dir: PathBuf,
        /// The command slugs that exist.
        known: Vec<String>,
    },
    /// The slug is not a valid slug, or is reserved.
    #[error("slug `{slug}`: {reason}")]
    InvalidSlug {
        /// The slug asked for.
        slug: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// `--date` is not a date written as `YYYY-MM-DD`.
    #[error("date `{date}`: not a date written as YYYY-MM-DD")]
    InvalidDate {
        /// The date as given.
        date: String,
    },
    /// `--lang` is not one of the site's languages.
    #[error("{}: `{lang}` is not one of the site's languages ({})", .config.display(), .known.join(", "))]
    UnknownLanguage {
        /// The site's `site.yaml`.
        config: PathBuf,
        /// The language code asked for.
        lang: String,
        /// The site's language codes.
        known: Vec<String>,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// `site.yaml` is missing or has errors (one `path:line:col: error: …` per line).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Config(Vec<Diagnostic>),
}

fn known_commands(known: &[String], slug: &str) -> String {
    if known.is_empty() {
        format!("the site has no command yet: create one with `shudu new command {slug}`")
    } else {
        format!("the commands are: {}", known.join(", "))
    }
}

impl ScaffoldError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> ScaffoldError {
        let path = path.into();
        move |source| ScaffoldError::Io { path, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_with_the_path() {
        let e = ScaffoldError::Exists(PathBuf::from("content/stories/2024/a.md"));
        assert_eq!(
            e.to_string(),
            "content/stories/2024/a.md: already exists; shudu never overwrites a file"
        );
        let e = ScaffoldError::UnknownCommand {
            dir: PathBuf::from("content/commands"),
            slug: "taizou".into(),
            hint: Some("taizhou".into()),
            known: vec!["hangzhou".into(), "taizhou".into()],
        };
        assert_eq!(
            e.to_string(),
            "content/commands: no command `taizou` (did you mean `taizhou`?); the commands are: hangzhou, taizhou"
        );
        let e = ScaffoldError::Config(vec![Diagnostic::error("site.yaml", 2, 1, "bad")]);
        assert_eq!(e.to_string(), "site.yaml:2:1: error: bad");
    }

    #[test]
    fn no_commands_suggests_creating_one() {
        let e = ScaffoldError::UnknownCommand {
            dir: PathBuf::from("content/commands"),
            slug: "taizhou".into(),
            hint: None,
            known: Vec::new(),
        };
        assert!(e.to_string().ends_with("create one with `shudu new command taizhou`"));
    }
}
