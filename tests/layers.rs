//! The layering rules stated in `src/lib.rs`, checked on the source: which
//! modules may read the disk, and which may use which. Comments and unit
//! test modules (`#[cfg(test)]`) are not looked at.

use std::path::Path;

/// Every `.rs` file under `src/`, relative (`model/build.rs`), with its code:
/// comments and `#[cfg(test)]` modules left out.
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read");
        let code_end = text.find("#[cfg(test)]").unwrap_or(text.len());
        let code: Vec<&str> = text[..code_end]
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        let rel = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, code.join("\n")));
    }
    assert!(out.len() > 50, "src/ not found");
    out
}

/// The files under `folders` (or the files themselves) that use any of `needles`.
fn offenders(files: &[(String, String)], within: &[&str], needles: &[&str]) -> Vec<String> {
    files
        .iter()
        .filter(|(rel, _)| within.iter().any(|w| rel.starts_with(w)))
        .filter_map(|(rel, code)| {
            let used: Vec<&str> = needles.iter().copied().filter(|n| code.contains(n)).collect();
            (!used.is_empty()).then(|| format!("{rel}: {}", used.join(", ")))
        })
        .collect()
}

#[test]
fn only_load_write_serve_and_scaffold_touch_the_disk() {
    let files = sources();
    let elsewhere: Vec<(String, String)> = files
        .into_iter()
        .filter(|(rel, _)| {
            !["load/", "write/", "serve/", "scaffold/"]
                .iter()
                .any(|d| rel.starts_with(d))
        })
        .collect();
    let (photo, elsewhere): (Vec<_>, Vec<_>) = elsewhere.into_iter().partition(|(rel, _)| rel.starts_with("photo/"));
    let mut found = offenders(
        &elsewhere,
        &[""],
        &["std::fs", "fs::", "image::", "File::", "read_dir", "WalkDir"],
    );
    // The photo module decodes and encodes bytes `load` read with the image
    // crate (a pure transform); it never opens a file itself.
    found.extend(offenders(
        &photo,
        &[""],
        &[
            "std::fs",
            "fs::",
            "File::",
            "read_dir",
            "WalkDir",
            "image::open",
            "image_dimensions",
        ],
    ));
    assert!(
        found.is_empty(),
        "disk access outside load, write, serve, scaffold:\n{}",
        found.join("\n")
    );
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let files = sources();
    let rules: &[(&str, &[&str])] = &[
        ("markup/", &["crate::"]),
        (
            "load/",
            &[
                "crate::model",
                "crate::render",
                "crate::check",
                "crate::write",
                "crate::serve",
                "crate::build",
                "crate::chart",
            ],
        ),
        (
            "config.rs",
            &[
                "crate::model",
                "crate::render",
                "crate::check",
                "crate::write",
                "crate::serve",
                "crate::build",
            ],
        ),
        (
            "model/",
            &[
                "crate::render",
                "crate::check",
                "crate::write",
                "crate::serve",
                "crate::build",
            ],
        ),
        (
            "chart/",
            &[
                "crate::render",
                "crate::check",
                "crate::write",
                "crate::serve",
                "crate::build",
            ],
        ),
        (
            "render/",
            &["crate::check", "crate::write", "crate::serve", "crate::build"],
        ),
        ("check/", &["crate::write", "crate::serve"]),
    ];
    let mut found = Vec::new();
    for (within, needles) in rules {
        found.extend(offenders(&files, &[within], needles));
    }
    assert!(found.is_empty(), "a layer uses one above it:\n{}", found.join("\n"));
}

#[test]
fn one_html_escaper() {
    let files = sources();
    let found: Vec<String> = offenders(&files, &[""], &["\"&amp;\"", "\"&lt;\""])
        .into_iter()
        .filter(|f| !f.starts_with("markup/escape.rs"))
        .collect();
    assert!(
        found.is_empty(),
        "HTML escaping outside markup::escape:\n{}",
        found.join("\n")
    );
}
