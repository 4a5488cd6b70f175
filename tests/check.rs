//! `shudu check`: each warning at its exact place, broken links as errors,
//! JSON output, exit codes, and that nothing is written.

mod common;

use std::process::Command;

use common::{listed, story, Fixture};
use shudu::check::{check, CheckReport};
use shudu::diagnostic::{Diagnostic, Severity};

/// A valid site with one of each warning, and no error.
fn warning_site() -> Fixture {
    let f = Fixture::new();
    // Unknown key, a Chinese title and body with typography slips, figures
    // without a key and with an unknown unit.
    f.write(
        "content/stories/2022/typo.md",
        "---\n\
         title: 援疆,让阿拉尔\n\
         date: 2022-05-01\n\
         command: taizhou\n\
         sectors: [education]\n\
         titel: 重复的标题\n\
         figures:\n  \
           - label: 援疆资金\n    \
             value: 3\n    \
             unit: 亿美元\n\
         ---\n\
         援疆干部,让阿拉尔 更好。\n\
         \n\
         ```\n\
         代码,代码 代码\n\
         ```\n\
         \n\
         `行内,代码` 和 <https://example.org/甲,乙>\n\
         \n\
         ## 产业扶持 打造新引擎\n\
         \n\
         开展“小小石榴籽 同过一个节”活动(第一期)开始。\n",
    );
    // A stale translation.
    f.write(
        "content/stories/2022/stale.md",
        &story("旧闻", "2022-05-01", "updated: 2022-06-01\n", "正文。"),
    );
    f.write(
        "content/stories/2022/stale.en.md",
        "---\ntitle: Old news\ndate: 2022-05-01\n---\nText.\n",
    );
    // A scheduled story and a draft.
    f.write(
        "content/stories/2099/future.md",
        &story("未来", "2099-01-01", "", "以后。"),
    );
    f.write(
        "content/stories/2022/draft.md",
        &story("草稿", "2022-03-01", "draft: true\n", "未完。"),
    );
    // Covers: an empty description in a translation, and none at all in another.
    f.write_bytes(
        "content/stories/2022/hospital.jpg",
        &common::picture(4, 3, image::ImageFormat::Jpeg),
    );
    f.write(
        "content/stories/2022/cover.md",
        &story(
            "医院",
            "2022-02-01",
            "cover: hospital.jpg\ncover_alt: 阿拉尔医院\n",
            "图在[这里](hospital.jpg)，另见[人才](../alar-talent/)。",
        ),
    );
    f.write(
        "content/stories/2022/cover.en.md",
        "---\ntitle: Hospital\ncover_alt: \"  \"\n---\nThe hospital.\n",
    );
    f.write(
        "content/stories/2022/cover-two.md",
        &story("医院二", "2022-02-02", "cover: hospital.jpg\ncover_alt: 医院\n", "二。"),
    );
    f.write(
        "content/stories/2022/cover-two.en.md",
        "---\ntitle: Hospital two\n---\nTwo.\n",
    );
    f
}

/// A valid site whose one story links to pages that do not exist.
fn broken_link_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/links.md",
        &story(
            "链接",
            "2022-06-01",
            "",
            "见[旧文](/stories/no-such/)。\n\n\
             好的：[人才](../alar-talent/)、[英文](/en/stories/alar-talent/#top)、\
             [指挥部](https://aid.example.org/commands/taizhou/)、[外部](https://example.com/x/)。\n\n\
             坏的：[文件](../2021/mid-year.md) 和 <a href=\"/figures/1999/\">图</a>\n\n\
             差一点：[人才](/stories/alar-talen/)",
        ),
    );
    f
}

fn find<'a>(report: &'a CheckReport, path: &str, line: usize, col: usize) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.path == path && d.line == line && d.col == col)
        .collect()
}

/// The one diagnostic at `path:line:col` whose message contains `needle`.
fn expect(report: &CheckReport, severity: Severity, path: &str, line: usize, col: usize, needle: &str) -> String {
    let here = find(report, path, line, col);
    let hit: Vec<&&Diagnostic> = here
        .iter()
        .filter(|d| d.severity == severity && d.message.contains(needle))
        .collect();
    assert_eq!(
        hit.len(),
        1,
        "expected one {severity:?} at {path}:{line}:{col} containing {needle:?}; all diagnostics:\n{}",
        listed(&report.diagnostics)
    );
    hit[0].message.clone()
}

const TYPO: &str = "content/stories/2022/typo.md";

#[test]
fn every_warning_at_its_place() {
    let f = warning_site();
    let r = check(f.root(), &Fixture::options());
    assert!(!r.has_errors(), "{}", listed(&r.diagnostics));

    // Unknown front-matter key, with a did-you-mean.
    let m = expect(&r, Severity::Warning, TYPO, 6, 1, "unknown front matter key `titel`");
    assert!(m.ends_with("(did you mean `title`?)"), "{m}");

    // Stories without a translation: one warning per command, at line 1.
    let m = expect(
        &r,
        Severity::Warning,
        "content/commands/taizhou.md",
        1,
        1,
        "without a translation",
    );
    assert!(
        m.starts_with("stories of command `taizhou` without a translation: 2 of 6 have no `en` version: "),
        "{m}"
    );
    assert!(m.contains("`content/stories/2021/mid-year.md`"), "{m}");
    assert!(m.contains("`content/stories/2022/typo.md`"), "{m}");
    assert!(!m.contains("alar-talent"), "{m}");

    // A stale translation, at its date.
    let m = expect(
        &r,
        Severity::Warning,
        "content/stories/2022/stale.en.md",
        3,
        7,
        "stale translation",
    );
    assert!(
        m.contains("`content/stories/2022/stale.md` was revised on 2022-06-01, after this version (2022-05-01)"),
        "{m}"
    );

    // A scheduled story, at its date; a draft is no warning.
    expect(
        &r,
        Severity::Warning,
        "content/stories/2099/future.md",
        3,
        7,
        "scheduled for 2099-01-01: left out of the build until then (use --future to preview)",
    );
    assert!(
        r.diagnostics.iter().all(|d| !d.path.ends_with("draft.md")),
        "{}",
        listed(&r.diagnostics)
    );
    assert_eq!(r.drafts, vec!["content/stories/2022/draft.md".to_string()]);

    // Figures: an unknown unit (at the unit), no key (at the figure).
    let m = expect(&r, Severity::Warning, TYPO, 10, 11, "unknown unit `亿美元`");
    assert!(m.contains("shown as written"), "{m}");
    assert!(m.contains("元 人 人次"), "{m}");
    expect(
        &r,
        Severity::Warning,
        TYPO,
        8,
        5,
        "figure without a `key`: figures without a key are not added up or charted",
    );

    // Covers: an empty description, and a translation without one.
    expect(
        &r,
        Severity::Warning,
        "content/stories/2022/cover.en.md",
        3,
        12,
        "`cover_alt` is empty",
    );
    expect(
        &r,
        Severity::Warning,
        "content/stories/2022/cover-two.en.md",
        2,
        1,
        "the cover has no `cover_alt` in `en`",
    );

    // Typography: the title (line 2), the body (line 12 on), code skipped.
    let m = expect(&r, Severity::Warning, TYPO, 2, 10, "half-width `,`");
    assert_eq!(
        m,
        "half-width `,` between Chinese characters: use the full-width `，`: `援疆,让阿` → `援疆，让阿`"
    );
    expect(&r, Severity::Warning, TYPO, 12, 5, "`干部,让阿` → `干部，让阿`");
    expect(
        &r,
        Severity::Warning,
        TYPO,
        12,
        10,
        "a space between Chinese characters: remove it: `拉尔 更好` → `拉尔更好`",
    );
    expect(&r, Severity::Warning, TYPO, 22, 18, "half-width `(`");
    expect(&r, Severity::Warning, TYPO, 22, 22, "half-width `)`");
    let typo_lines: Vec<usize> = r
        .diagnostics
        .iter()
        .filter(|d| d.path == TYPO && d.message.contains("Chinese characters"))
        .map(|d| d.line)
        .collect();
    assert_eq!(
        typo_lines,
        vec![2, 12, 12, 22, 22],
        "code, inline code, autolinks and headline spaces are skipped"
    );

    // Nothing else: the rest of the site is clean.
    assert_eq!(r.warnings().count(), 13, "{}", listed(&r.diagnostics));
    // Sorted by path, line, column.
    let keys: Vec<(&str, usize, usize)> = r.diagnostics.iter().map(|d| (d.path.as_str(), d.line, d.col)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn future_and_drafts_options_include_those_stories() {
    let f = warning_site();
    let options = shudu::BuildOptions {
        future: true,
        drafts: true,
        ..Fixture::options()
    };
    let r = check(f.root(), &options);
    assert!(
        r.diagnostics.iter().all(|d| !d.message.contains("scheduled")),
        "{}",
        listed(&r.diagnostics)
    );
    assert!(r.drafts.is_empty());
}

#[test]
fn broken_links_are_errors_at_their_source() {
    let f = broken_link_site();
    let r = check(f.root(), &Fixture::options());
    let path = "content/stories/2022/links.md";
    let m = expect(&r, Severity::Error, path, 7, 7, "broken link `/stories/no-such/`");
    assert_eq!(
        m,
        "broken link `/stories/no-such/`: `/stories/no-such/` is no page or file of the site"
    );
    let m = expect(&r, Severity::Error, path, 11, 9, "broken link `../2021/mid-year.md`");
    assert!(m.contains("not to its Markdown file"), "{m}");
    expect(&r, Severity::Error, path, 11, 41, "broken link `/figures/1999/`");
    let m = expect(&r, Severity::Error, path, 13, 10, "broken link `/stories/alar-talen/`");
    assert!(m.ends_with("(did you mean `/stories/alar-talent/`?)"), "{m}");
    assert_eq!(
        r.errors().count(),
        4,
        "good links pass, and output links are not reported twice:\n{}",
        listed(&r.diagnostics)
    );
}

#[test]
fn files_beside_a_story_are_copied_and_others_named_when_linked() {
    let f = warning_site();
    f.write_bytes(
        "content/stories/2022/chart.png",
        &common::picture(4, 3, image::ImageFormat::Png),
    );
    f.write(
        "content/stories/2022/with-image.md",
        &story("图", "2022-01-05", "", "![图表](chart.png)"),
    );
    // A file above the story's folder is not copied: the link is broken,
    // and the message says why.
    f.write(
        "content/stories/2022/sub/up.md",
        &story("上", "2022-01-06", "", "![图表](../chart.png)"),
    );
    let r = check(f.root(), &Fixture::options());
    assert!(
        find(&r, "content/stories/2022/with-image.md", 7, 7).is_empty(),
        "a file beside the story is copied: {}",
        listed(&r.diagnostics)
    );
    let m = expect(
        &r,
        Severity::Error,
        "content/stories/2022/sub/up.md",
        7,
        7,
        "broken link `../chart.png`",
    );
    assert!(
        m.contains("`content/stories/2022/chart.png` exists, but it is not copied to the output: only files in the story's folder or below it"),
        "{m}"
    );
}

#[test]
fn broken_links_of_templates_are_reported_at_the_output() {
    let f = Fixture::new();
    f.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}\n<p><a href=\"/gone/\">gone</a> <a href=\"/\">home</a></p>\n{% endblock %}",
    );
    let r = check(f.root(), &Fixture::options());
    let errors: Vec<&Diagnostic> = r.errors().collect();
    assert_eq!(errors.len(), 1, "{}", listed(&r.diagnostics));
    assert_eq!(errors[0].path, "404.html");
    assert!(errors[0].line > 1);
    assert!(
        errors[0]
            .message
            .starts_with("broken link `/gone/` in the rendered output: `/gone/` is no file of the site"),
        "{}",
        errors[0].message
    );
}

#[test]
fn build_errors_are_reported_with_warnings() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/bad.md",
        "---\ntitle: 坏\ndate: 2022-01-01\ncommand: taizou\ntitel: x\n---\n",
    );
    let r = check(f.root(), &Fixture::options());
    let m = expect(
        &r,
        Severity::Error,
        "content/stories/2022/bad.md",
        4,
        10,
        "unknown command `taizou`",
    );
    assert!(m.contains("did you mean `taizhou`"), "{m}");
    expect(&r, Severity::Warning, "content/stories/2022/bad.md", 5, 1, "`titel`");
}

fn shudu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shudu"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run shudu")
}

#[test]
fn cli_exit_codes() {
    let warnings = warning_site();
    let root = warnings.root().to_str().expect("utf-8 path");
    let out = shudu(&["check", "--root", root]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = shudu(&["check", "--root", root, "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));

    let broken = broken_link_site();
    let out = shudu(&["check", "--root", broken.root().to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));

    let clean = Fixture::new();
    clean.write(
        "content/stories/2021/mid-year.en.md",
        "---\ntitle: Mid-year\n---\nText.\n",
    );
    let out = shudu(&[
        "check",
        "--root",
        clean.root().to_str().expect("utf-8 path"),
        "--deny-warnings",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("0 errors, 0 warnings\n"));

    let out = shudu(&["check", "--root", root, "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2), "wrong usage");
}

#[test]
fn cli_text_output_is_compiler_style_and_plain_when_piped() {
    let f = warning_site();
    let out = shudu(&["check", "--root", f.root().to_str().expect("utf-8 path")]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(out.stdout.is_empty());
    assert!(!text.contains('\x1b'), "no colour when piped:\n{text}");
    assert!(
        text.contains(
            "content/stories/2022/typo.md:6:1: warning: unknown front matter key `titel` (did you mean `title`?)\n   |\n 6 | titel: 重复的标题\n   | ^^^^^\n"
        ),
        "{text}"
    );
    // The caret under the comma of a Chinese line: two columns per character.
    assert!(
        text.contains(" 12 | 援疆干部,让阿拉尔 更好。\n    |         ^\n"),
        "{text}"
    );
    assert!(text.contains("note: content/stories/2022/draft.md: draft"), "{text}");
    assert!(text.ends_with("0 errors, 13 warnings\n"), "{text}");
}

#[test]
fn cli_json_output_is_parseable() {
    let f = broken_link_site();
    let out = shudu(&[
        "check",
        "--root",
        f.root().to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let items = v.as_array().expect("an array");
    let link = items
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("/stories/no-such/")))
        .expect("the broken link");
    assert_eq!(link["path"], "content/stories/2022/links.md");
    assert_eq!(link["line"], 7);
    assert_eq!(link["col"], 7);
    assert_eq!(link["severity"], "error");
    assert!(items.iter().any(|d| d["severity"] == "warning"));
    for d in items {
        let keys: Vec<&String> = d.as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), 5, "{d}");
    }
}

#[test]
fn check_writes_nothing() {
    let f = warning_site();
    let before = common::files_under(f.root());
    let _ = check(f.root(), &Fixture::options());
    let out = shudu(&["check", "--root", f.root().to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!f.out().exists(), "no public/ folder");
    assert_eq!(common::files_under(f.root()), before);
}

#[test]
fn build_failures_are_rendered_compiler_style() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/bad.md",
        "---\ntitle: 坏\ndate: 2022-01-01\ncommand: taizou\n---\n",
    );
    let out = shudu(&["build", "--root", f.root().to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains(
            "content/stories/2022/bad.md:4:10: error: unknown command `taizou` (did you mean `taizhou`?)\n   |\n 4 | command: taizou\n   |          ^^^^^^\n"
        ),
        "{text}"
    );
    assert!(text.contains("1 error, 0 warnings\n"), "{text}");
    assert!(text.contains("nothing was written"), "{text}");
}

#[test]
fn the_sample_portal_checks_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = check(root, &Fixture::options_now());
    assert!(r.files > 100, "every page rendered: {}", r.files);
    assert_eq!(r.diagnostics, Vec::<Diagnostic>::new(), "{}", listed(&r.diagnostics));
}
