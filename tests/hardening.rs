//! Hostile and odd input found by hand and by fuzzing (issue 18): each case
//! is an error at the place it is written, in `build` and `check` alike, or
//! is shown correctly — never a silent loss, a panic or a failed write.

mod common;

use common::*;
use shudu::diagnostic::Diagnostic;

/// The errors `build` and `check` give for the fixture; both must agree.
fn errors_of(f: &Fixture) -> Vec<Diagnostic> {
    let built = f.build_err();
    let checked = shudu::check::check(f.root(), &Fixture::options());
    let errors = |d: &[Diagnostic]| -> Vec<String> {
        let mut v: Vec<String> = d.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
        v.sort();
        v
    };
    let checked: Vec<Diagnostic> = checked.diagnostics;
    assert_eq!(
        errors(&built),
        errors(&checked),
        "build and check report the same errors"
    );
    built
}

fn has(d: &[Diagnostic], path: &str, line: usize, col: usize, needle: &str) -> bool {
    d.iter()
        .any(|d| d.is_error() && d.path == path && d.line == line && d.col == col && d.message.contains(needle))
}

// A5: exponent notation.

#[test]
fn a_value_in_exponent_notation_is_an_error_at_the_value() {
    let f = Fixture::new();
    let figure = |v: &str| format!("figures:\n  - key: aid_funds\n    label: 资金\n    value: {v}\n    unit: 亿元\n");
    f.write(
        "content/stories/2022/e1.md",
        &story("E1", "2022-01-01", &figure("0.1e3"), "x"),
    );
    f.write(
        "content/stories/2022/e2.md",
        &story("E2", "2022-01-01", &figure("1.0e+2"), "x"),
    );
    f.write(
        "content/stories/2022/e3.md",
        &story("E3", "2022-01-01", &figure("1e400"), "x"),
    );
    f.write(
        "content/stories/2022/e4.md",
        &story("E4", "2022-01-01", &figure("1e-400"), "x"),
    );
    let d = errors_of(&f);
    let all = listed(&d);
    assert!(
        has(&d, "content/stories/2022/e1.md", 9, 12, "exponent notation"),
        "{all}"
    );
    assert!(has(&d, "content/stories/2022/e1.md", 9, 12, "write `100`"), "{all}");
    assert!(has(&d, "content/stories/2022/e2.md", 9, 12, "write `100`"), "{all}");
    assert!(
        has(&d, "content/stories/2022/e3.md", 9, 12, "exponent notation"),
        "{all}"
    );
    assert!(
        has(&d, "content/stories/2022/e4.md", 9, 12, "exponent notation"),
        "{all}"
    );
    assert!(!all.contains("found a string"), "{all}");
}

// A6: years.

#[test]
fn dates_outside_the_sites_years_are_errors() {
    let f = Fixture::new();
    f.write("content/stories/y0.md", &story("Y0", "0000-05-01", "", "x"));
    f.write("content/stories/yneg.md", &story("Yn", "\"-0001-05-01\"", "", "x"));
    f.write("content/stories/yfar.md", &story("Yf", "2101-01-01", "", "x"));
    let d = errors_of(&f);
    let all = listed(&d);
    for p in ["y0", "yneg", "yfar"] {
        assert!(
            has(
                &d,
                &format!("content/stories/{p}.md"),
                3,
                7,
                "outside the site's years 1949–2100"
            ),
            "{p}: {all}"
        );
    }
    assert!(!all.contains("/-1/"), "{all}");
}

#[test]
fn the_years_are_set_in_site_yaml() {
    let f = Fixture::new();
    f.write("site.yaml", &format!("{SITE_YAML}years: {{first: 1900, last: 2030}}\n"));
    f.write("content/stories/old.md", &story("Old", "1920-05-01", "", "x"));
    f.build_ok();
    assert!(f.exists("figures/index.html"));
    f.write("site.yaml", &format!("{SITE_YAML}years: {{first: 2030, last: 2020}}\n"));
    let d = f.build_err();
    assert!(
        d.iter()
            .any(|d| d.path == "site.yaml" && d.line == 11 && d.message.contains("`years`")),
        "{}",
        listed(&d)
    );
}

// A3: slug length.

#[test]
fn a_long_front_matter_slug_is_an_error_at_its_line() {
    let f = Fixture::new();
    let long = "a".repeat(500);
    f.write(
        "content/stories/long.md",
        &story("Long", "2022-01-01", &format!("slug: {long}\n"), "x"),
    );
    let d = errors_of(&f);
    assert!(
        has(&d, "content/stories/long.md", 6, 7, "longer than 80 characters"),
        "{}",
        listed(&d)
    );
}

#[test]
fn a_long_derived_slug_is_cut_at_a_word_boundary_and_builds() {
    let f = Fixture::new();
    let name = "台州智力援疆人才".repeat(10);
    f.write(
        &format!("content/stories/2022/{name}.md"),
        &story("长", "2022-01-01", "", "x"),
    );
    f.build_ok();
    let slug = shudu::model::slug::slug_from_stem(&name);
    assert!(slug.len() <= 80 && slug.len() > 60, "{slug}");
    assert!(!slug.ends_with('-'), "{slug}");
    assert!(
        shudu::model::slug::slug_from_stem(&name.repeat(2)).starts_with(&slug),
        "cut, not changed"
    );
    assert!(f.exists(&format!("stories/{slug}/index.html")));
}

// A1: raw HTML left open.

#[test]
fn an_unclosed_hiding_element_is_an_error_at_its_tag() {
    let f = Fixture::new();
    for (i, tag) in ["textarea", "style", "script", "title", "noscript", "iframe"]
        .iter()
        .enumerate()
    {
        f.write(
            &format!("content/stories/2022/open-{i}.md"),
            &story(
                "开",
                "2022-01-01",
                "",
                &format!("第一段。\n\n一段 <{tag}> 开着\n\n后面的文字。"),
            ),
        );
    }
    f.write(
        "content/pages/note.md",
        "---\ntitle: 说明\n---\n正文\n\n<!-- 待补充\n\n后面的文字。\n",
    );
    let d = errors_of(&f);
    let all = listed(&d);
    for (i, tag) in ["textarea", "style", "script", "title", "noscript", "iframe"]
        .iter()
        .enumerate()
    {
        assert!(
            has(
                &d,
                &format!("content/stories/2022/open-{i}.md"),
                9,
                4,
                &format!("this <{tag}> is never closed; everything after it would disappear")
            ),
            "{tag}: {all}"
        );
    }
    assert!(
        has(&d, "content/pages/note.md", 6, 1, "this comment `<!--` is never closed"),
        "{all}"
    );
}

#[test]
fn derived_text_is_only_what_readers_see() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/hidden.md",
        &story(
            "藏",
            "2022-01-01",
            "",
            "援疆<span>干部</span><script>var SECRET=1;</script><style>.x{color:red}</style>在这里。<noscript>NOSCRIPT</noscript>\n\n<script>\nBLOCK_SECRET\n</script>\n\n结束。",
        ),
    );
    f.build_ok();
    let page = f.read("stories/hidden/index.html");
    let feed = f.read("atom.xml");
    for hidden in ["SECRET", "color:red", "NOSCRIPT"] {
        assert!(!page.contains(hidden), "{hidden} on the page");
        assert!(!feed.contains(hidden), "{hidden} in the feed");
    }
    assert!(page.contains("援疆干部在这里。"), "the summary keeps the visible text");
}

// A9: a symbolic link loop is called a loop.

#[test]
fn a_symlink_loop_is_called_a_loop() {
    let f = Fixture::new();
    let dir = f.root().join("content/stories");
    std::os::unix::fs::symlink(dir.join("loop-b.md"), dir.join("loop-a.md")).expect("link");
    std::os::unix::fs::symlink(dir.join("loop-a.md"), dir.join("loop-b.md")).expect("link");
    std::os::unix::fs::symlink(dir.join("nothing.md"), dir.join("dangling.md")).expect("link");
    let d = errors_of(&f);
    let all = listed(&d);
    for p in ["loop-a", "loop-b"] {
        let d = d
            .iter()
            .find(|d| d.path == format!("content/stories/{p}.md"))
            .unwrap_or_else(|| panic!("{p}: {all}"));
        assert!(d.message.contains("symbolic link loop"), "{all}");
        assert!(!d.message.contains("outside"), "{all}");
    }
    assert!(
        all.contains("content/stories/dangling.md:1:1: error: symbolic link points to nothing"),
        "{all}"
    );
}
