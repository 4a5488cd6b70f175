//! `shudu new` and `shudu init`: what they write builds as it is, and they
//! never overwrite a file.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use shudu::build::{BuildError, BuildReport};
use shudu::scaffold::{init_site, new_command, new_page, new_story, NewCommand, NewPage, NewStory, ScaffoldError};
use shudu::BuildOptions;

/// A site made by `init` in a temp folder.
struct Site {
    tmp: tempfile::TempDir,
}

impl Site {
    fn init() -> Site {
        let tmp = tempfile::tempdir().expect("temp dir");
        init_site(&tmp.path().join("site")).expect("init");
        Site { tmp }
    }
    fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }
    fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }
    fn build(&self) -> Result<BuildReport, BuildError> {
        shudu::build(&self.root(), &self.out(), &BuildOptions::default())
    }
    fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(BuildError::Site(d)) => panic!(
                "build failed:\n{}",
                d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
            ),
            Err(e) => panic!("build failed: {e}"),
        }
    }
    fn output(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    fn has_output(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }
    /// Every file of the site, relative, sorted.
    fn files(&self) -> Vec<String> {
        common::files_under(&self.root())
    }
}

fn story(slug: &str, command: &str) -> NewStory {
    NewStory {
        slug: slug.into(),
        command: command.into(),
        ..NewStory::default()
    }
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .expect("inside the site")
        .to_string_lossy()
        .replace('\\', "/")
}

fn today_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).year()
}

#[test]
fn init_writes_a_site_that_builds_in_both_languages() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("new-site");
    let written = init_site(&root).expect("init");
    let mut names: Vec<String> = written.iter().map(|p| rel(&root, p)).collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".gitignore",
            "content/commands/shanghai.en.md",
            "content/commands/shanghai.md",
            "content/pages/about.en.md",
            "content/pages/about.md",
            "content/stories/2023/zepu-teachers.en.md",
            "content/stories/2023/zepu-teachers.md",
            "content/stories/2024/shache-doctors.en.md",
            "content/stories/2024/shache-doctors.md",
            "data/indicators.yaml",
            "site.yaml",
        ]
    );
    assert_eq!(
        fs::read_to_string(root.join(".gitignore")).expect("read"),
        "/public\n/.public.shudu-*\n"
    );
    assert!(!root.join("themes").exists(), "the built-in theme is used");

    let out = tmp.path().join("public");
    let report = shudu::build(&root, &out, &BuildOptions::default()).unwrap_or_else(|e| match e {
        BuildError::Site(d) => panic!("{}", d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
        e => panic!("{e}"),
    });
    assert!(
        report.warnings.is_empty(),
        "sample content gives no warnings: {:?}",
        report.warnings
    );
    for page in [
        "index.html",
        "en/index.html",
        "stories/index.html",
        "en/stories/index.html",
        "stories/zepu-teachers/index.html",
        "en/stories/zepu-teachers/index.html",
        "stories/shache-doctors/index.html",
        "en/stories/shache-doctors/index.html",
        "commands/shanghai/index.html",
        "en/commands/shanghai/index.html",
        "about/index.html",
        "en/about/index.html",
        "figures/2023/index.html",
        "en/figures/2024/index.html",
        "atom.xml",
        "en/atom.xml",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let figures = fs::read_to_string(out.join("data/figures.json")).expect("figures.json");
    for key in [
        "paired_schools",
        "mentored_teachers",
        "education_aid_funds",
        "new_techniques",
        "surgeries",
        "people_served",
    ] {
        assert!(figures.contains(&format!("\"{key}\"")), "{key} not in figures.json");
    }
    let broken = common::broken_links(&out, "https://example.org");
    assert!(broken.is_empty(), "broken links: {broken:?}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    let err = init_site(tmp.path()).expect_err("not empty");
    assert!(matches!(&err, ScaffoldError::NotEmpty(p) if p == tmp.path()), "{err}");
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(common::files_under(tmp.path()), ["notes.txt"]);
    assert_eq!(fs::read_to_string(tmp.path().join("notes.txt")).expect("read"), "mine");
}

#[test]
fn new_story_builds_as_it_is() {
    let site = Site::init();
    let title = "喀什就业: \"订单式\" 培训 #1";
    let path = new_story(
        &site.root(),
        &NewStory {
            title: Some(title.into()),
            date: Some("2024-03-01".into()),
            ..story("kashgar-jobs", "shanghai")
        },
    )
    .expect("new story");
    assert_eq!(rel(&site.root(), &path), "content/stories/2024/kashgar-jobs.md");
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("---\ntitle: \"喀什就业: \\\"订单式\\\" 培训 #1\"\ndate: 2024-03-01\ncommand: shanghai\n"));
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
        assert!(text.contains(&format!("\n# {key}:")), "{key} not commented in:\n{text}");
    }
    site.build_ok();
    let page = site.output("stories/kashgar-jobs/index.html");
    assert!(page.contains("喀什就业"), "title shown");
    assert!(page.contains("#1"));
}

#[test]
fn new_story_defaults_to_today_in_the_site_timezone() {
    let site = Site::init();
    let path = new_story(&site.root(), &story("today", "shanghai")).expect("new story");
    assert_eq!(
        rel(&site.root(), &path),
        format!("content/stories/{}/today.md", today_year())
    );
    site.build_ok();
    assert!(site.has_output("stories/today/index.html"));
}

#[test]
fn uncommented_optional_fields_build_too() {
    let site = Site::init();
    let path = new_story(
        &site.root(),
        &NewStory {
            date: Some("2024-03-01".into()),
            ..story("all-fields", "shanghai")
        },
    )
    .expect("new story");
    let text = fs::read_to_string(&path).expect("read");
    // Everything but the cover (it needs an image) and draft (it hides the story).
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if !rest.starts_with("cover") && !rest.starts_with("draft") && !rest.starts_with("Optional") => {
                format!("{rest}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect();
    assert!(uncommented.contains("\nsectors: [education]"), "{uncommented}");
    assert!(uncommented.contains("\n  - key: aid_funds"), "{uncommented}");
    fs::write(&path, uncommented).expect("write");
    site.build_ok();
    let figures = site.output("data/figures.json");
    assert!(figures.contains("all-fields"), "the new story's figure is published");
    assert!(site.has_output("sectors/education/index.html"));
}

#[test]
fn translation_goes_beside_the_story_and_builds() {
    let site = Site::init();
    new_story(
        &site.root(),
        &NewStory {
            date: Some("2021-03-01".into()),
            ..story("kashgar-jobs", "shanghai")
        },
    )
    .expect("new story");
    // No date and no command: the translation takes them from the original.
    let path = new_story(
        &site.root(),
        &NewStory {
            title: Some("Jobs in Kashgar: training to order".into()),
            lang: Some("en".into()),
            ..story("kashgar-jobs", "")
        },
    )
    .expect("translation");
    assert_eq!(rel(&site.root(), &path), "content/stories/2021/kashgar-jobs.en.md");
    let text = fs::read_to_string(&path).expect("read");
    assert!(
        text.starts_with("---\ntitle: \"Jobs in Kashgar: training to order\"\n# "),
        "{text}"
    );
    for key in ["date:", "command:", "figures", "sectors"] {
        assert!(
            !text.lines().any(|l| l.starts_with(key)),
            "{key} set in a translation:\n{text}"
        );
    }
    site.build_ok();
    let en = site.output("en/stories/kashgar-jobs/index.html");
    assert!(en.contains("Jobs in Kashgar"));
    assert!(site.has_output("stories/kashgar-jobs/index.html"));
}

#[test]
fn a_story_first_written_in_english_is_a_whole_story() {
    let site = Site::init();
    let path = new_story(
        &site.root(),
        &NewStory {
            date: Some("2024-03-01".into()),
            lang: Some("en".into()),
            ..story("english-only", "shanghai")
        },
    )
    .expect("new story");
    assert_eq!(rel(&site.root(), &path), "content/stories/2024/english-only.en.md");
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains("\ncommand: shanghai\n"));
    assert!(text.contains("Write the story here"));
    site.build_ok();
    assert!(site.has_output("en/stories/english-only/index.html"));
}

#[test]
fn new_command_and_a_story_of_it_build() {
    let site = Site::init();
    let path = new_command(
        &site.root(),
        &NewCommand {
            slug: "kunshan".into(),
            name: Some("昆山市援疆指挥部".into()),
            lang: None,
        },
    )
    .expect("new command");
    assert_eq!(rel(&site.root(), &path), "content/commands/kunshan.md");
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("---\nname: \"昆山市援疆指挥部\"\n"));
    for key in ["short_name", "origin", "partner", "since", "batch"] {
        assert!(text.contains(&format!("\n# {key}: ")), "{key}:\n{text}");
    }
    let en = new_command(
        &site.root(),
        &NewCommand {
            slug: "kunshan".into(),
            name: Some("Kunshan Aid Command".into()),
            lang: Some("en".into()),
        },
    )
    .expect("translation");
    assert_eq!(rel(&site.root(), &en), "content/commands/kunshan.en.md");
    new_story(
        &site.root(),
        &NewStory {
            date: Some("2024-03-01".into()),
            ..story("kunshan-first", "kunshan")
        },
    )
    .expect("story of the new command");
    site.build_ok();
    assert!(site.has_output("commands/kunshan/index.html"));
    assert!(site
        .output("en/commands/kunshan/index.html")
        .contains("Kunshan Aid Command"));
    assert!(site.has_output("stories/kunshan-first/index.html"));
}

#[test]
fn new_page_builds_and_reserved_slugs_are_refused() {
    let site = Site::init();
    let path = new_page(
        &site.root(),
        &NewPage {
            slug: "contact".into(),
            title: Some("联系我们".into()),
            lang: None,
        },
    )
    .expect("new page");
    assert_eq!(rel(&site.root(), &path), "content/pages/contact.md");
    let en = new_page(
        &site.root(),
        &NewPage {
            slug: "contact".into(),
            title: Some("Contact".into()),
            lang: Some("en".into()),
        },
    )
    .expect("translation");
    assert_eq!(rel(&site.root(), &en), "content/pages/contact.en.md");
    site.build_ok();
    assert!(site.output("contact/index.html").contains("联系我们"));
    assert!(site.output("en/contact/index.html").contains("Contact"));

    for slug in ["stories", "figures", "en", "zh"] {
        let err = new_page(
            &site.root(),
            &NewPage {
                slug: slug.into(),
                ..NewPage::default()
            },
        )
        .expect_err("reserved");
        assert!(matches!(err, ScaffoldError::InvalidSlug { .. }), "{slug}: {err}");
    }
}

#[test]
fn new_never_overwrites() {
    let site = Site::init();
    let opts = NewStory {
        title: Some("第一版".into()),
        date: Some("2024-03-01".into()),
        ..story("kashgar-jobs", "shanghai")
    };
    let path = new_story(&site.root(), &opts).expect("first");
    fs::write(&path, "edited by hand").expect("edit");
    let before = site.files();

    let again = new_story(&site.root(), &opts).expect_err("second");
    assert!(matches!(&again, ScaffoldError::Exists(p) if *p == path), "{again}");
    assert!(again.to_string().starts_with(&path.display().to_string()), "{again}");
    // Another year would give the same slug twice: refused too, naming the existing file.
    let other_year = new_story(
        &site.root(),
        &NewStory {
            date: Some("2025-01-01".into()),
            ..opts.clone()
        },
    )
    .expect_err("same slug");
    assert!(
        matches!(&other_year, ScaffoldError::Exists(p) if *p == path),
        "{other_year}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), "edited by hand");

    let command = new_command(
        &site.root(),
        &NewCommand {
            slug: "shanghai".into(),
            ..NewCommand::default()
        },
    )
    .expect_err("command exists");
    assert!(matches!(command, ScaffoldError::Exists(_)), "{command}");
    let translation = new_command(
        &site.root(),
        &NewCommand {
            slug: "shanghai".into(),
            lang: Some("en".into()),
            ..NewCommand::default()
        },
    )
    .expect_err("translation exists");
    assert!(matches!(translation, ScaffoldError::Exists(_)), "{translation}");
    let page = new_page(
        &site.root(),
        &NewPage {
            slug: "about".into(),
            ..NewPage::default()
        },
    )
    .expect_err("page exists");
    assert!(matches!(page, ScaffoldError::Exists(_)), "{page}");
    assert_eq!(site.files(), before, "nothing written or changed");
}

#[test]
fn a_translation_in_the_default_language_file_form_counts() {
    let site = Site::init();
    let zh = site.root().join("content/pages/help.zh.md");
    fs::write(&zh, "---\ntitle: 帮助\n---\n").expect("write");
    let err = new_page(
        &site.root(),
        &NewPage {
            slug: "help".into(),
            ..NewPage::default()
        },
    )
    .expect_err("help.zh.md is the zh version");
    assert!(matches!(&err, ScaffoldError::Exists(p) if *p == zh), "{err}");
}

#[test]
fn unknown_command_gives_did_you_mean_and_writes_nothing() {
    let site = Site::init();
    let before = site.files();
    let err = new_story(&site.root(), &story("kashgar-jobs", "shanghi")).expect_err("unknown command");
    match &err {
        ScaffoldError::UnknownCommand { slug, hint, known, .. } => {
            assert_eq!(slug, "shanghi");
            assert_eq!(hint.as_deref(), Some("shanghai"));
            assert_eq!(known, &["shanghai"]);
        }
        other => panic!("{other}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("did you mean `shanghai`?"), "{msg}");
    assert!(msg.contains("content/commands"), "{msg}");
    let missing = new_story(&site.root(), &story("kashgar-jobs", " ")).expect_err("no command");
    assert!(matches!(missing, ScaffoldError::MissingCommand { .. }), "{missing}");
    assert_eq!(site.files(), before);
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let site = Site::init();
    let before = site.files();
    let cases = [
        story("Kashgar Jobs", "shanghai"),
        story("../escape", "shanghai"),
        NewStory {
            date: Some("2024-3-1".into()),
            ..story("a", "shanghai")
        },
        NewStory {
            date: Some("2024-02-30".into()),
            ..story("a", "shanghai")
        },
        NewStory {
            lang: Some("fr".into()),
            ..story("a", "shanghai")
        },
    ];
    let mut messages = Vec::new();
    for opts in &cases {
        messages.push(new_story(&site.root(), opts).expect_err("refused").to_string());
    }
    assert!(messages[0].contains("kashgar-jobs"), "suggests a slug: {}", messages[0]);
    assert!(messages[2].contains("YYYY-MM-DD"), "{}", messages[2]);
    assert!(
        messages[4].contains("site.yaml") && messages[4].contains("zh, en"),
        "{}",
        messages[4]
    );
    assert_eq!(site.files(), before);
}

#[test]
fn new_outside_a_site_reports_the_missing_configuration() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let err = new_story(tmp.path(), &story("a", "b")).expect_err("no site.yaml");
    assert!(matches!(err, ScaffoldError::Config(_)), "{err}");
    assert!(err.to_string().contains("site.yaml"), "{err}");
    assert!(common::files_under(tmp.path()).is_empty());
}
