//! Files beside a story that its body links to (images, PDFs): copied
//! beside every page whose body links to them, at the path the link leads
//! to; never read from outside the story's folder.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use shudu::check::{check, CheckReport};
use shudu::diagnostic::Severity;

const STORY: &str = "content/stories/2022/aksu/hospital.md";
const STORY_EN: &str = "content/stories/2022/aksu/hospital.en.md";

/// The sample fixture with a story in a nested folder that links to an
/// image, a PDF and (in raw HTML) another image beside it, in Chinese and
/// in English (whose slug differs).
fn asset_site() -> Fixture {
    let f = Fixture::new();
    f.write("content/stories/2022/aksu/images/hospital.gif", "GIF89a hospital");
    f.write("content/stories/2022/aksu/images/ward.gif", "GIF89a ward");
    f.write("content/stories/2022/aksu/images/unused.gif", "GIF89a unused");
    f.write("content/stories/2022/aksu/docs/report.pdf", "%PDF report");
    f.write(
        STORY,
        &story(
            "阿克苏医院",
            "2022-05-01",
            "",
            "![医院](images/hospital.gif)\n\n见[报告](docs/report.pdf#page=2)。\n\n<img src=\"./images/ward.gif\" alt=\"病房\">",
        ),
    );
    f.write(
        STORY_EN,
        "---\ntitle: Aksu hospital\nslug: aksu-hospital\n---\n![Hospital](images/hospital.gif)\n",
    );
    f
}

/// The output file a relative link of the page `page` (an output folder) leads to.
fn beside(f: &Fixture, page: &str, href: &str) -> std::path::PathBuf {
    let href = href.split('#').next().unwrap_or("");
    f.out().join(page).join(href)
}

#[test]
fn linked_files_beside_a_story_are_copied_where_the_page_links() {
    let f = asset_site();
    f.build_ok();
    let html = f.read("stories/hospital/index.html");
    for (href, bytes) in [
        ("images/hospital.gif", "GIF89a hospital"),
        ("docs/report.pdf#page=2", "%PDF report"),
        ("./images/ward.gif", "GIF89a ward"),
    ] {
        assert!(html.contains(&format!("=\"{href}\"")), "the page links {href}:\n{html}");
        let file = beside(&f, "stories/hospital", href);
        assert_eq!(
            fs::read_to_string(&file).ok().as_deref(),
            Some(bytes),
            "{}",
            file.display()
        );
    }
    // Only what a body links to is copied.
    assert!(!f.exists("stories/hospital/images/unused.gif"));
    assert!(!f.out().join("stories/aksu").exists());
    let r = check(f.root(), &Fixture::options());
    assert!(!r.has_errors(), "{}", listed(&r.diagnostics));
}

#[test]
fn a_translation_gets_its_own_copy_of_the_files_it_links_to() {
    let f = asset_site();
    f.build_ok();
    let html = f.read("en/stories/aksu-hospital/index.html");
    assert!(html.contains("src=\"images/hospital.gif\""), "{html}");
    assert_eq!(
        f.read("en/stories/aksu-hospital/images/hospital.gif"),
        "GIF89a hospital"
    );
    // The English body links to no PDF: none beside the English page.
    assert!(!f.exists("en/stories/aksu-hospital/docs/report.pdf"));
    let r = check(f.root(), &Fixture::options());
    assert!(!r.has_errors(), "{}", listed(&r.diagnostics));
}

#[test]
fn a_missing_file_is_reported_by_check_and_the_others_are_not() {
    let f = asset_site();
    f.write(
        STORY,
        &story(
            "阿克苏医院",
            "2022-05-01",
            "",
            "![医院](images/hospital.gif)\n\n![缺](images/none.gif)",
        ),
    );
    f.build_ok();
    assert!(f.exists("stories/hospital/images/hospital.gif"));
    assert!(!f.exists("stories/hospital/images/none.gif"));
    let r = check(f.root(), &Fixture::options());
    let errors: Vec<String> = r.errors().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{}", listed(&r.diagnostics));
    let e = r.errors().next().expect("one error");
    assert_eq!((e.path.as_str(), e.line, e.col), (STORY, 9, 6), "{e}");
    assert!(
        e.message
            .starts_with("broken link `images/none.gif`: `/stories/hospital/images/none.gif` is no page or file"),
        "{e}"
    );
}

#[test]
fn a_path_that_leaves_the_story_folder_reads_and_writes_nothing() {
    let f = asset_site();
    let outside = tempfile::tempdir().expect("tmp");
    fs::write(outside.path().join("secret.txt"), "SECRET outside").expect("write");
    f.write("secret.txt", "SECRET root");
    f.write("content/stories/2022/parent.gif", "SECRET parent");
    let depth = f.root().components().count() + 8;
    let escape = format!("{}{}", "../".repeat(depth), outside.path().join("secret.txt").display());
    f.write(
        STORY,
        &story(
            "阿克苏医院",
            "2022-05-01",
            "",
            &format!(
                "![医院](images/hospital.gif)\n\n[a](../parent.gif) [b](../../../../secret.txt) [c]({escape})\n\n\
                 [d](images/../../parent.gif) <img src=\"%2e%2e/parent.gif\">\n\n[e](../none.gif)"
            ),
        ),
    );
    f.build_ok();
    assert!(
        f.exists("stories/hospital/images/hospital.gif"),
        "the file inside is copied"
    );
    for file in files_under(&f.out()) {
        let bytes = fs::read(f.out().join(&file)).expect("read");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "{file} holds a file from outside the story's folder"
        );
    }
    let r = check(f.root(), &Fixture::options());
    let m = expect_error(&r, STORY, 9, 5, "broken link `../parent.gif`");
    assert!(
        m.contains("`content/stories/2022/parent.gif` exists, but it is not copied to the output: only files in the story's folder"),
        "{m}"
    );
    let m = expect_error(&r, STORY, 9, 24, "broken link `../../../../secret.txt`");
    assert!(m.contains("outside the site"), "{m}");
    expect_error(&r, STORY, 9, 52, "broken link `../");
    expect_error(&r, STORY, 11, 5, "broken link `images/../../parent.gif`");
    expect_error(&r, STORY, 11, 40, "broken link `%2e%2e/parent.gif`");
    let m = expect_error(&r, STORY, 13, 5, "broken link `../none.gif`");
    assert!(
        m.contains("it leads out of the file's folder: only files in the story's folder"),
        "{m}"
    );
}

fn expect_error(r: &CheckReport, path: &str, line: usize, col: usize, needle: &str) -> String {
    let hits: Vec<_> = r
        .errors()
        .filter(|d| d.severity == Severity::Error && d.path == path && d.line == line && d.col == col)
        .filter(|d| d.message.contains(needle))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "one error at {path}:{line}:{col} with {needle:?}:\n{}",
        listed(&r.diagnostics)
    );
    hits[0].message.clone()
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_site_is_not_followed() {
    let f = asset_site();
    let outside = tempfile::tempdir().expect("tmp");
    fs::write(outside.path().join("secret.gif"), "SECRET").expect("write");
    std::os::unix::fs::symlink(
        outside.path().join("secret.gif"),
        f.root().join("content/stories/2022/aksu/images/link.gif"),
    )
    .expect("symlink");
    f.write(
        STORY,
        &story(
            "阿克苏医院",
            "2022-05-01",
            "",
            "![医院](images/hospital.gif) ![链接](images/link.gif)",
        ),
    );
    let errors = f.build_err();
    assert!(
        errors
            .iter()
            .any(|d| d.path == "content/stories/2022/aksu/images/link.gif"
                && d.message.contains("symbolic link points outside the site root")),
        "{errors:?}"
    );
    assert!(!f.out().exists(), "nothing written");
    // Without the link, the file the body links to beside it is copied.
    fs::remove_file(f.root().join("content/stories/2022/aksu/images/link.gif")).expect("rm");
    f.build_ok();
    assert_eq!(f.read("stories/hospital/images/hospital.gif"), "GIF89a hospital");
    assert!(!f.exists("stories/hospital/images/link.gif"));
}

#[test]
fn a_warm_build_writes_nothing_and_an_edited_file_is_copied_again() {
    let f = asset_site();
    let first = f.build_ok();
    let again = f.build_ok();
    assert_eq!(again.stats.written, 0, "nothing changed, nothing written");
    assert_eq!(again.stats.unchanged, first.files);
    // The image linked from both languages' bodies changes: both copies,
    // and nothing else, are written again.
    f.write("content/stories/2022/aksu/images/hospital.gif", "GIF89a hospital, new");
    let edited = f.build_ok();
    assert_eq!(edited.stats.written, 2, "the two copies of the image");
    assert_eq!(f.read("stories/hospital/images/hospital.gif"), "GIF89a hospital, new");
    assert_eq!(
        f.read("en/stories/aksu-hospital/images/hospital.gif"),
        "GIF89a hospital, new"
    );
    // A body that no longer links to the PDF takes its copy away.
    f.write(
        STORY,
        &story("阿克苏医院", "2022-05-01", "", "![医院](images/hospital.gif)"),
    );
    f.build_ok();
    assert!(!f.exists("stories/hospital/docs/report.pdf"));
    assert!(Path::new(&f.out().join("stories/hospital/images/hospital.gif")).is_file());
}

#[test]
fn a_linked_file_at_the_covers_place_is_the_cover_or_an_error() {
    let f = asset_site();
    // The cover `images/hospital.gif` is copied as `hospital.gif`; a body
    // that links to the cover's own copy is fine…
    f.write("content/stories/2022/aksu/hospital.gif", "GIF89a other");
    f.write(
        STORY,
        &story(
            "阿克苏医院",
            "2022-05-01",
            "cover: images/hospital.gif\ncover_alt: 医院\n",
            "![医院](images/hospital.gif)",
        ),
    );
    f.build_ok();
    assert_eq!(f.read("stories/hospital/hospital.gif"), "GIF89a hospital");
    assert_eq!(f.read("stories/hospital/images/hospital.gif"), "GIF89a hospital");
    // …but another file linked at the cover's place is an error at the cover.
    f.write(
        STORY,
        &story(
            "阿克苏医院",
            "2022-05-01",
            "cover: images/hospital.gif\ncover_alt: 医院\n",
            "![另一张](hospital.gif)",
        ),
    );
    let errors = f.build_err();
    assert!(
        errors.iter().any(|d| d.path == STORY
            && (d.line, d.col) == (6, 8)
            && d.message.contains("the cover is copied as `hospital.gif`")),
        "{errors:?}"
    );
    assert_eq!(
        f.read("stories/hospital/hospital.gif"),
        "GIF89a hospital",
        "the output is as it was"
    );
}

#[test]
fn a_translation_may_have_a_cover_of_its_own() {
    let f = Fixture::new();
    f.write("content/stories/2022/aksu/zh.gif", "GIF89a zh");
    f.write("content/stories/2022/aksu/en.gif", "GIF89a en");
    f.write(
        STORY,
        &story(
            "阿克苏医院",
            "2022-05-01",
            "cover: zh.gif\ncover_alt: 医院大楼\n",
            "正文。",
        ),
    );
    f.write(
        STORY_EN,
        "---\ntitle: Aksu hospital\nslug: aksu-hospital\ncover: en.gif\ncover_alt: The hospital building\n---\nBody.\n",
    );
    let report = f.build_ok();
    assert!(
        !report.warnings.iter().any(|w| w.message.contains("cover")),
        "{:?}",
        report.warnings
    );
    let zh = f.read("stories/hospital/index.html");
    let en = f.read("en/stories/aksu-hospital/index.html");
    assert!(zh.contains("src=\"/stories/hospital/zh.gif\" alt=\"医院大楼\""), "{zh}");
    assert!(
        en.contains("src=\"/en/stories/aksu-hospital/en.gif\" alt=\"The hospital building\""),
        "{en}"
    );
    assert_eq!(f.read("en/stories/aksu-hospital/en.gif"), "GIF89a en");
    assert!(
        !f.exists("en/stories/aksu-hospital/zh.gif"),
        "the English page has its own cover only"
    );

    // Without a cover of its own, the translation shows the primary file's.
    f.write(STORY_EN, "---\ntitle: Aksu hospital\nslug: aksu-hospital\n---\nBody.\n");
    f.build_ok();
    assert_eq!(f.read("en/stories/aksu-hospital/zh.gif"), "GIF89a zh");

    // A translation's cover needs its own description.
    f.write(
        STORY_EN,
        "---\ntitle: Aksu hospital\nslug: aksu-hospital\ncover: en.gif\n---\nBody.\n",
    );
    let errors = f.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.path == STORY_EN && e.line == 4 && e.message.contains("cover_alt")),
        "{errors:?}"
    );
}
