//! `shudu init`: a new site with sample content that builds at once with the
//! built-in theme.

use std::path::{Path, PathBuf};

use super::error::ScaffoldError;
use super::write::write_new;

/// The files of a new site: path relative to its folder, and text.
const SAMPLE: &[(&str, &str)] = &[
    ("site.yaml", include_str!("sample/site.yaml")),
    ("data/indicators.yaml", include_str!("sample/indicators.yaml")),
    ("content/commands/shanghai.md", include_str!("sample/command.md")),
    ("content/commands/shanghai.en.md", include_str!("sample/command.en.md")),
    (
        "content/stories/2023/zepu-teachers.md",
        include_str!("sample/story-education.md"),
    ),
    (
        "content/stories/2023/zepu-teachers.en.md",
        include_str!("sample/story-education.en.md"),
    ),
    (
        "content/stories/2024/shache-doctors.md",
        include_str!("sample/story-medical.md"),
    ),
    (
        "content/stories/2024/shache-doctors.en.md",
        include_str!("sample/story-medical.en.md"),
    ),
    ("content/pages/about.md", include_str!("sample/about.md")),
    ("content/pages/about.en.md", include_str!("sample/about.en.md")),
    (".gitignore", include_str!("sample/gitignore")),
];

/// Creates a new site in `dir` (made if missing) and returns the files written.
///
/// `dir` must be new or empty; entries whose name starts with `.` (a `.git`
/// folder) do not count, and an existing `.gitignore` is kept as it is.
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    check_empty(dir)?;
    std::fs::create_dir_all(dir).map_err(ScaffoldError::io(dir))?;
    let mut written = Vec::with_capacity(SAMPLE.len());
    for (rel, text) in SAMPLE {
        let path = rel.split('/').fold(dir.to_path_buf(), |p, part| p.join(part));
        if rel.starts_with('.') && path.symlink_metadata().is_ok() {
            continue;
        }
        write_new(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// Refuses a file, or a folder with anything in it but hidden entries.
fn check_empty(dir: &Path) -> Result<(), ScaffoldError> {
    let meta = match dir.symlink_metadata() {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(ScaffoldError::io(dir)(e)),
    };
    if !meta.is_dir() && !dir.is_dir() {
        return Err(ScaffoldError::Exists(dir.to_path_buf()));
    }
    let entries = std::fs::read_dir(dir).map_err(ScaffoldError::io(dir))?;
    for entry in entries {
        let entry = entry.map_err(ScaffoldError::io(dir))?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_front_matter_parses_and_config_is_clean() {
        for (rel, text) in SAMPLE {
            if rel.ends_with(".md") {
                crate::load::front_matter::split(text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            }
        }
        let mut d = crate::diagnostic::Diagnostics::new();
        let config = crate::config::parse_config(SAMPLE[0].1, &mut d).expect("config");
        assert!(d.is_empty(), "{:?}", d.into_sorted());
        assert_eq!(config.language_codes().collect::<Vec<_>>(), ["zh", "en"]);
    }

    #[test]
    fn hidden_entries_do_not_count_and_gitignore_is_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        std::fs::write(dir.path().join(".gitignore"), "target\n").expect("write");
        let written = init_site(dir.path()).expect("init");
        assert_eq!(written.len(), SAMPLE.len() - 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitignore")).expect("read"),
            "target\n"
        );
    }

    #[test]
    fn refuses_a_file_and_a_folder_with_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("f");
        std::fs::write(&file, "x").expect("write");
        assert!(matches!(init_site(&file), Err(ScaffoldError::Exists(_))));
        assert!(matches!(init_site(dir.path()), Err(ScaffoldError::NotEmpty(_))));
    }
}
