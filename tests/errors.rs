//! Every error class of the contract is reported as path:line:col, all in one
//! run, and a failed build leaves the previous output exactly as it was.

mod common;

use common::*;

fn has(diags: &[shudu::diagnostic::Diagnostic], path: &str, line: usize, needle: &str) -> bool {
    diags
        .iter()
        .any(|d| d.is_error() && d.path == path && d.line == line && d.message.contains(needle))
}

#[test]
fn all_errors_of_a_run_are_reported_with_their_lines() {
    let f = Fixture::new();
    f.write(
        "content/stories/a.md",
        "---\ntitle: A\ndate: 2022-01-01\ncommand: nowhere\nsectors: [education, cooking]\n---\nx\n",
    );
    f.write(
        "content/stories/b.md",
        "---\ndate: 2022-01-01\ncommand: taizhou\n---\nx\n",
    );
    f.write("content/stories/c.md", "---\ntitle: C\ncommand: taizhou\n---\nx\n");
    f.write(
        "content/stories/d.md",
        "---\ntitle: D\ndate: 2022-01-01\ncommand: taizhou\nfigures:\n  - label: 资金\n    value: \"3.2亿\"\n---\nx\n",
    );
    f.write(
        "content/stories/e.md",
        "---\ntitle: E\ndate: 15/04/2022\ncommand: taizhou\n---\nx\n",
    );
    f.write(
        "content/stories/g.md",
        "---\ntitle: G\ndate: 2022-01-01\ncommand: taizhou\nslug: Bad_Slug\n---\nx\n",
    );
    f.write(
        "content/stories/h.md",
        "---\ntitle: H\ndate: 2022-01-01\ncommand: taizhou\ncover: x.jpg\n---\nx\n",
    );
    let d = f.build_err();
    let all = listed(&d);
    assert!(has(&d, "content/stories/a.md", 4, "unknown command `nowhere`"), "{all}");
    assert!(has(&d, "content/stories/a.md", 5, "unknown sector `cooking`"), "{all}");
    assert!(
        has(&d, "content/stories/b.md", 2, "missing required field `title`"),
        "{all}"
    );
    assert!(
        has(&d, "content/stories/c.md", 2, "missing required field `date`"),
        "{all}"
    );
    assert!(has(&d, "content/stories/d.md", 7, "must be a number"), "{all}");
    assert!(has(&d, "content/stories/e.md", 3, "must be a date"), "{all}");
    assert!(has(&d, "content/stories/g.md", 5, "must match"), "{all}");
    assert!(has(&d, "content/stories/h.md", 5, "cover_alt"), "{all}");
    // Columns point at the value.
    let sector = d.iter().find(|x| x.message.contains("cooking")).expect("sector error");
    assert_eq!(sector.col, 22);
    assert!(sector.to_string().starts_with("content/stories/a.md:5:22: error: "));
}

#[test]
fn yaml_errors_are_reported_at_their_line_in_the_file() {
    let f = Fixture::new();
    f.write(
        "content/stories/bad.md",
        "---\ntitle: ok\ndate: 2022-01-01\ncommand: taizhou\nsectors: [education\n---\nbody\n",
    );
    let d = f.build_err();
    let e = d
        .iter()
        .find(|x| x.path == "content/stories/bad.md")
        .expect("error for the file");
    assert!(e.line >= 5 && e.line <= 6, "line in the file, not in the block: {e}");
    assert!(e.message.contains("YAML"), "{e}");
}

#[test]
fn a_yaml_error_in_the_primary_file_is_its_only_error() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/pair.md",
        "---\ntitle: [bad\ndate: 2022-01-01\ncommand: taizhou\n---\n正文。\n",
    );
    f.write("content/stories/2022/pair.en.md", "---\ntitle: Pair\n---\nBody.\n");
    let d = f.build_err();
    let errors: Vec<_> = d.iter().filter(|x| x.is_error()).collect();
    assert_eq!(errors.len(), 1, "{}", listed(&d));
    assert_eq!(errors[0].path, "content/stories/2022/pair.md", "{}", listed(&d));
    assert!(errors[0].message.contains("YAML"), "{}", listed(&d));
}

#[test]
fn duplicate_slugs_name_both_files() {
    let f = Fixture::new();
    f.write(
        "content/stories/2023/alar-talent.md",
        &story("重复", "2023-01-01", "", "x"),
    );
    let d = f.build_err();
    let e = d
        .iter()
        .find(|x| x.message.contains("slug `alar-talent`"))
        .unwrap_or_else(|| panic!("{}", listed(&d)));
    let both = format!("{} {}", e.path, e.message);
    assert!(
        both.contains("content/stories/2022/alar-talent.md") && both.contains("content/stories/2023/alar-talent.md"),
        "{e}"
    );
}

#[test]
fn default_language_twice_is_an_error() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/alar-talent.zh.md",
        &story("又一个", "2022-04-15", "", "x"),
    );
    let d = f.build_err();
    assert!(
        d.iter()
            .any(|x| x.message.contains("alar-talent.md") && x.message.contains("alar-talent.zh.md")),
        "{}",
        listed(&d)
    );
}

#[test]
fn translation_with_figures_is_an_error() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/alar-talent.en.md",
        "---\ntitle: T\nfigures:\n  - label: x\n    value: 1\n---\nx\n",
    );
    let d = f.build_err();
    assert!(
        has(
            &d,
            "content/stories/2022/alar-talent.en.md",
            3,
            "cannot carry `figures`"
        ),
        "{}",
        listed(&d)
    );
}

#[test]
fn unknown_site_yaml_keys_are_reported() {
    let f = Fixture::new();
    f.write("site.yaml", &format!("{SITE_YAML}paginte: 3\n"));
    let d = f.build_err();
    assert!(
        has(&d, "site.yaml", 11, "unknown site.yaml key `paginte`"),
        "{}",
        listed(&d)
    );
}

#[test]
fn unknown_language_suffix_is_an_error() {
    let f = Fixture::new();
    f.write("content/stories/x.fr.md", &story("x", "2022-01-01", "", "x"));
    let d = f.build_err();
    assert!(
        d.iter()
            .any(|x| x.path == "content/stories/x.fr.md" && x.message.contains("`fr`")),
        "{}",
        listed(&d)
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let f = Fixture::new();
    f.build_ok();
    let before: Vec<(String, Vec<u8>, std::time::SystemTime)> = files_under(&f.out())
        .into_iter()
        .map(|p| {
            let path = f.out().join(&p);
            let m = std::fs::metadata(&path).and_then(|m| m.modified()).expect("mtime");
            (p, std::fs::read(&path).expect("read"), m)
        })
        .collect();
    f.write(
        "content/stories/new.md",
        "---\ntitle: 新\ndate: 2023-01-01\ncommand: taizhou\n---\n新的。\n",
    );
    f.write("content/stories/broken.md", "---\ntitle: [\n---\n");
    assert!(f.build().is_err());
    let after = files_under(&f.out());
    assert_eq!(after, before.iter().map(|(p, _, _)| p.clone()).collect::<Vec<_>>());
    for (p, bytes, m) in before {
        let path = f.out().join(&p);
        assert_eq!(std::fs::read(&path).expect("read"), bytes, "{p}");
        assert_eq!(
            std::fs::metadata(&path).and_then(|x| x.modified()).expect("mtime"),
            m,
            "{p}"
        );
    }
    // No staging folder is left behind (the lock file stays, for the next build).
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .expect("ls")
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            // `.shudu-cache` holds the search words (and photos): a cache, not a staging folder.
            name.contains("shudu-")
                && !name.ends_with("shudu-lock")
                && !name.ends_with("shudu-spare")
                && name != ".shudu-cache"
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn template_errors_name_the_template() {
    let f = Fixture::new();
    f.write(
        "templates/story.html",
        "{% extends \"base.html\" %}{% block main %}{{ story.nope.deeper }}{% endblock %}",
    );
    let d = f.build_err();
    assert!(
        d.iter()
            .any(|x| x.path == "templates/story.html" && x.message.contains("template")),
        "{}",
        listed(&d)
    );
}

#[test]
fn paths_cannot_leave_the_site() {
    let f = Fixture::new();
    f.write(
        "content/stories/c.md",
        "---\ntitle: C\ndate: 2022-01-01\ncommand: taizhou\ncover: ../../../etc/passwd\ncover_alt: x\n---\nx\n",
    );
    let d = f.build_err();
    assert!(has(&d, "content/stories/c.md", 5, "outside content"), "{}", listed(&d));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_not_followed() {
    let f = Fixture::new();
    let outside = Fixture::empty();
    outside.write("secret.md", &story("秘密", "2022-01-01", "", "secret"));
    std::os::unix::fs::symlink(
        outside.root().join("secret.md"),
        f.root().join("content/stories/secret.md"),
    )
    .expect("symlink");
    let d = f.build_err();
    assert!(
        d.iter()
            .any(|x| x.path == "content/stories/secret.md" && x.message.contains("outside")),
        "{}",
        listed(&d)
    );
}

/// In `static/` and `templates/`, a link to a file inside the site is
/// followed; a link out of the site, or to a folder, is an error naming
/// the link, and all of them are reported in one run.
#[cfg(unix)]
#[test]
fn symlinks_in_static_and_templates_are_followed_only_to_files_inside_the_site() {
    let f = Fixture::new();
    let outside = Fixture::empty();
    outside.write("secret.txt", "secret");
    f.write("data/notes/readme.txt", "inside");
    f.write("static/real.txt", "real");
    let link = |target: std::path::PathBuf, at: &str| {
        std::fs::create_dir_all(f.root().join(at).parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, f.root().join(at)).expect("symlink");
    };
    link(f.root().join("data/notes/readme.txt"), "static/inside.txt");
    link(outside.root().join("secret.txt"), "static/secret.txt");
    link(f.root().join("data/notes"), "templates/notes.html");
    let d = f.build_err();
    let all = listed(&d);
    assert!(
        has(&d, "static/secret.txt", 0, "outside the site root; it is not copied"),
        "{all}"
    );
    assert!(
        has(&d, "templates/notes.html", 0, "points to a folder; it is not read"),
        "{all}"
    );
    assert!(!all.contains("static/inside.txt"), "{all}");
    assert_eq!(d.len(), 2, "{all}");

    std::fs::remove_file(f.root().join("static/secret.txt")).expect("rm");
    std::fs::remove_file(f.root().join("templates/notes.html")).expect("rm");
    f.build_ok();
    assert_eq!(
        std::fs::read_to_string(f.out().join("inside.txt")).expect("copied"),
        "inside"
    );
}

#[test]
fn a_block_list_of_flow_mappings_reports_each_value_at_its_own_line() {
    let f = Fixture::new();
    let figures = "figures:\n  - {label: a, value: 1}\n  - {label: b, value: 2}\n  - {label: c, value: 3}\n  - {label: d, value: \"4\"}\n  - {label: e, value: 0x1F}\n  - {label: g, value: 0x1F}\n";
    f.write(
        "content/stories/2023/flow.md",
        &story("流式", "2023-01-01", figures, "x"),
    );
    let d = f.build_err();
    let all = listed(&d);
    let path = "content/stories/2023/flow.md";
    // Lines 1-5 are ---, title, date, command, sectors; figures: is line 6.
    let string = d
        .iter()
        .find(|e| e.message.contains("must be a number"))
        .unwrap_or_else(|| panic!("{all}"));
    assert_eq!((string.path.as_str(), string.line, string.col), (path, 10, 23), "{all}");
    let hex: Vec<(usize, usize)> = d
        .iter()
        .filter(|e| e.message.contains("0x1F"))
        .map(|e| (e.line, e.col))
        .collect();
    assert_eq!(hex, vec![(11, 23), (12, 23)], "{all}");
}

#[test]
fn numbers_in_a_block_list_of_flow_mappings_keep_their_text() {
    let f = Fixture::new();
    let figures = "figures:\n  - {key: a_one, label: a, value: 1.50, unit: 万元}\n  - {key: a_two, label: b, value: 2.50, unit: 万元}\n  - {key: a_three, label: c, value: 3.50, unit: 万元}\n";
    f.write(
        "content/stories/2023/flow.md",
        &format!("---\nslug: flow\n{}", &story("流式", "2023-01-01", figures, "x")[4..]),
    );
    f.build_ok();
    let csv = f.read("data/figures.csv");
    let values: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("flow,"))
        .filter_map(|l| l.split(',').nth(7))
        .collect();
    assert_eq!(values, vec!["1.50", "2.50", "3.50"], "{csv}");
    let page = f.read("stories/flow/index.html");
    for v in ["1.50", "2.50", "3.50"] {
        assert!(page.contains(&format!("{v}万元")), "{v} in the page");
    }
}

#[test]
fn a_story_without_a_title_still_reports_its_other_errors_and_its_translations() {
    let f = Fixture::new();
    f.write(
        "content/stories/2023/untitled.md",
        "---\ndate: 2023-01-01\ncommand: nowhere\nsectors: [cooking]\nfigures:\n  - label: 资金\n    value: \"3\"\n---\nx\n",
    );
    f.write(
        "content/stories/2023/untitled.en.md",
        "---\ntitle: Untitled\nslug: Bad_Slug\n---\nx\n",
    );
    let d = f.build_err();
    let all = listed(&d);
    let zh = "content/stories/2023/untitled.md";
    assert!(has(&d, zh, 2, "missing required field `title`"), "{all}");
    assert!(has(&d, zh, 3, "unknown command `nowhere`"), "{all}");
    assert!(has(&d, zh, 4, "unknown sector `cooking`"), "{all}");
    assert!(has(&d, zh, 7, "must be a number"), "{all}");
    assert!(has(&d, "content/stories/2023/untitled.en.md", 3, "must match"), "{all}");
    assert_eq!(d.iter().filter(|e| e.is_error()).count(), 5, "{all}");

    // The same without a date.
    f.write(
        "content/stories/2023/untitled.md",
        "---\ntitle: 无日期\ncommand: nowhere\nsectors: [cooking]\n---\nx\n",
    );
    let d = f.build_err();
    let all = listed(&d);
    assert!(has(&d, zh, 2, "missing required field `date`"), "{all}");
    assert!(has(&d, zh, 3, "unknown command `nowhere`"), "{all}");
    assert!(has(&d, zh, 4, "unknown sector `cooking`"), "{all}");
    assert!(has(&d, "content/stories/2023/untitled.en.md", 3, "must match"), "{all}");
}

/// `shudu <args> --root <f>`'s exit code and stderr.
fn run(f: &Fixture, args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shudu"))
        .args(args)
        .arg("--root")
        .arg(f.root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run shudu");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The `path:line:col:` of the first `error:` line of `stderr` that contains `needle`.
fn place_of<'a>(stderr: &'a str, needle: &str) -> &'a str {
    let line = stderr
        .lines()
        .find(|l| l.contains(": error: ") && l.contains(needle))
        .unwrap_or_else(|| panic!("no error with {needle:?} in\n{stderr}"));
    &line[..line.find(" error: ").expect("error")]
}

#[test]
fn every_error_with_a_path_is_printed_as_path_line_col() {
    let f = Fixture::new();
    // The default language twice: a whole-file problem, at 1:1.
    f.write(
        "content/stories/2021/mid-year.zh.md",
        &story("年中", "2021-08-03", "", "x"),
    );
    // Two stories with one slug: at the second's `slug:`.
    f.write(
        "content/stories/2023/again.md",
        "---\ntitle: 又一篇\nslug: alar-talent\ndate: 2023-01-01\ncommand: taizhou\n---\nx\n",
    );
    // An unknown language suffix, and a page with a reserved slug.
    f.write("content/stories/x.fr.md", &story("x", "2022-01-01", "", "x"));
    f.write("content/pages/about.md", "---\ntitle: 关于\nslug: stories\n---\nx\n");
    f.write("content/pages/figures.md", "---\ntitle: 数据\n---\nx\n");
    // A theme that does not exist: at its name in site.yaml.
    f.write("site.yaml", &format!("{SITE_YAML}theme: nowhere\n"));
    let (code, stderr) = run(&f, &["build", "--output", f.out().to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        place_of(&stderr, "both the `zh` version"),
        "content/stories/2021/mid-year.zh.md:1:1:"
    );
    assert_eq!(
        place_of(&stderr, "slug `alar-talent`"),
        "content/stories/2023/again.md:3:1:"
    );
    assert!(stderr.contains("content/stories/2022/alar-talent.md"), "{stderr}");
    assert_eq!(place_of(&stderr, "`fr`"), "content/stories/x.fr.md:1:1:");
    assert_eq!(
        place_of(&stderr, "cannot be called `stories`"),
        "content/pages/about.md:3:1:"
    );
    assert_eq!(
        place_of(&stderr, "cannot be called `figures`"),
        "content/pages/figures.md:1:1:"
    );
    assert_eq!(place_of(&stderr, "theme `nowhere`"), "site.yaml:11:8:");
    for l in stderr.lines().filter(|l| l.contains(": error: ")) {
        let place = &l[..l.find(": error: ").expect("error")];
        let mut parts = place.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse::<usize>().ok());
        let line = parts.next().and_then(|c| c.parse::<usize>().ok());
        assert!(col.is_some_and(|c| c > 0) && line.is_some_and(|l| l > 0), "{l}");
    }

    // `check --format json` gives the same places.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shudu"))
        .args(["check", "--format", "json", "--root"])
        .arg(f.root())
        .output()
        .expect("run shudu");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let dup = json
        .as_array()
        .expect("array")
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("both the `zh` version"))
        })
        .expect("in the json");
    assert_eq!((dup["line"].as_u64(), dup["col"].as_u64()), (Some(1), Some(1)), "{dup}");
    assert!(json
        .as_array()
        .expect("array")
        .iter()
        .all(|d| d["line"].as_u64() > Some(0) && d["col"].as_u64() > Some(0)));
}

#[test]
fn a_missing_site_yaml_is_reported_at_1_1() {
    let f = Fixture::empty();
    let (code, stderr) = run(&f, &["build", "--output", f.out().to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(place_of(&stderr, "site configuration"), "site.yaml:1:1:");
    assert!(
        stderr.contains("shudu init"),
        "the message says how to make a site: {stderr}"
    );
}
