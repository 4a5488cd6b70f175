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
