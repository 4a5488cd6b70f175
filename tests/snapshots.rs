//! Golden snapshots of the sample portal (`content/`, `data/` and `site.yaml`
//! at the repository root), built into a temp folder: the pages a reader
//! sees first, in both languages, one widget of each kind, the feeds, the
//! sitemap and the list of every output file. A change of output shows up
//! as a reviewable diff of `tests/snapshots/*.snap`.
//!
//! After an intended change, review and accept the new output with
//! `INSTA_UPDATE=always cargo test --test snapshots` (or `cargo insta review`
//! if cargo-insta is installed), read `git diff tests/snapshots`, and commit
//! the changed `.snap` files.
//!
//! The build's "now" is fixed, so the output does not depend on the day the
//! test runs.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use common::files_under;
use shudu::BuildOptions;

/// Pages snapshotted in both languages (the English one under `en/`).
const PAGES: &[&str] = &[
    // home
    "index.html",
    // a story, a command, a yearly figures page
    "stories/taizhou-talent-aid/index.html",
    "commands/taizhou/index.html",
    "figures/2022/index.html",
    // one widget of each kind: a story's, a command's year, an indicator's
    "stories/taizhou-talent-aid/widget.html",
    "embed/commands/taizhou/2022/index.html",
    "embed/indicators/aid_funds/index.html",
    // the feeds
    "atom.xml",
];

/// The snapshot's name for an output path: its language, then the path.
fn name(lang: &str, rel: &str) -> String {
    format!("{lang}__{}", rel.replace('/', "__"))
}

#[test]
fn sample_portal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = BuildOptions {
        now: chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+08:00").expect("date"),
        ..BuildOptions::default()
    };
    if let Err(e) = shudu::build(root, &out, &options) {
        panic!("the sample portal does not build: {e}");
    }
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"));

    let mut snapshots: Vec<(String, String)> = Vec::new();
    for rel in PAGES {
        snapshots.push((name("zh", rel), read(rel)));
        snapshots.push((name("en", rel), read(&format!("en/{rel}"))));
    }
    snapshots.push(("sitemap.xml".into(), read("sitemap.xml")));
    snapshots.push(("output_files".into(), files_under(&out).join("\n")));

    // Every snapshot is compared (and, with INSTA_UPDATE, written) before the
    // test fails, so one run shows every difference.
    let failed: Vec<String> = snapshots
        .into_iter()
        .filter_map(|(name, text)| {
            let compared = catch_unwind(AssertUnwindSafe(|| insta::assert_snapshot!(name.clone(), text)));
            compared.is_err().then_some(name)
        })
        .collect();
    assert!(
        failed.is_empty(),
        "snapshots differ: {}\n(review and accept with INSTA_UPDATE=always cargo test --test snapshots)",
        failed.join(", ")
    );
}
