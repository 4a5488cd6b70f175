//! `check`'s hosting warnings on a real (small) site, with lowered limits:
//! the output is counted as `build` would write it.

mod common;

use common::*;
use shudu::check::hosting::Limits;

fn hosting_warnings(f: &Fixture, limits: &Limits) -> Vec<String> {
    let report = shudu::check::check_with_limits(f.root(), &Fixture::options(), limits);
    assert!(!report.has_errors(), "{}", listed(&report.diagnostics));
    report
        .warnings()
        .filter(|d| d.path == "site.yaml" && d.message.contains("more than"))
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_site_within_the_hosts_limits_gets_no_hosting_warning() {
    let f = Fixture::new();
    assert!(hosting_warnings(&f, &Limits::default()).is_empty());
}

#[test]
fn an_output_past_each_limit_is_warned_about_with_its_largest_kinds() {
    let f = Fixture::new();
    f.build_ok();
    // The output as check sees it: every file the build renders (not the
    // output folder's ownership mark, which no page is).
    let rendered: Vec<_> = files_under(&f.out())
        .into_iter()
        .filter(|p| p != ".shudu-output")
        .collect();
    let files = rendered.len();
    let bytes: u64 = rendered
        .iter()
        .map(|p| std::fs::metadata(f.out().join(p)).expect("meta").len())
        .sum();
    let limits = Limits {
        files_free: files - 1,
        files_paid: files * 2,
        folder_entries: 4,
        bytes: bytes - 1,
    };
    let w = hosting_warnings(&f, &limits);
    let expected = format!("the output has {files} files, more than Cloudflare Pages' free plan");
    assert!(
        w.iter()
            .any(|m| m.starts_with(&expected) && m.contains("most come from widgets")),
        "{w:#?}"
    );
    assert!(
        w.iter()
            .any(|m| m.starts_with("the output folder `/` holds") && m.contains("more than Netlify")),
        "{w:#?}"
    );
    assert!(
        w.iter()
            .any(|m| m.contains("more than GitHub Pages publishes") && m.contains(" bytes)")),
        "the byte count is the written output's: {w:#?}"
    );
    // Exactly at the limits: nothing.
    let at = Limits {
        files_free: files,
        files_paid: files,
        folder_entries: 1_000,
        bytes,
    };
    assert!(hosting_warnings(&f, &at).is_empty(), "{:#?}", hosting_warnings(&f, &at));
}
