//! The command line: init, new and build run as a user would run them.

use std::process::Command;

fn shudu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shudu"))
        .args(args)
        .output()
        .expect("run shudu")
}

#[test]
fn init_new_and_build_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    let root = site.to_str().expect("utf-8 path");
    let out = shudu(&["init", root]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.join("site.yaml").is_file());

    let out = shudu(&[
        "new",
        "story",
        "kashgar-school",
        "--command",
        "shanghai",
        "--title",
        "喀什: 新学校",
        "--date",
        "2024-09-01",
        "--root",
        root,
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("kashgar-school.md"));
    let again = shudu(&[
        "new",
        "story",
        "kashgar-school",
        "--command",
        "shanghai",
        "--date",
        "2024-09-01",
        "--root",
        root,
    ]);
    assert_eq!(again.status.code(), Some(1), "never overwrites");
    let typo = shudu(&["new", "story", "x", "--command", "shanghi", "--root", root]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `shanghai`"));
    let out = shudu(&["new", "page", "contact", "--title", "联系我们", "--root", root]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let public = tmp.path().join("public");
    let out = shudu(&["build", "--root", root, "--output", public.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(public.join("stories/kashgar-school/index.html").is_file());
    assert!(public.join("contact/index.html").is_file());

    let refused = shudu(&["init", root]);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "init refuses a folder that is not empty"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(shudu(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(shudu(&["new", "story"]).status.code(), Some(2));
    for bad in ["not a url", "", "javascript:alert(1)//", "/aid"] {
        let out = shudu(&["build", "--base-url", bad]);
        assert_eq!(out.status.code(), Some(2), "--base-url {bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("absolute http(s) URL"));
    }
}

#[test]
fn build_errors_exit_1_and_write_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(
        tmp.path().join("site.yaml"),
        "base_url: https://x.example\nlanguages: {zh: {title: 站}}\npaginte: 3\n",
    )
    .expect("write");
    let public = tmp.path().join("public");
    let out = shudu(&[
        "build",
        "--root",
        tmp.path().to_str().expect("utf-8"),
        "--output",
        public.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("site.yaml:3:1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!public.exists());
}

#[test]
fn render_to_memory_renders_everything_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    let root = site.to_str().expect("utf-8 path");
    assert!(shudu(&["init", root]).status.success());
    let public = tmp.path().join("public");
    let built = shudu(&["build", "--root", root, "--output", public.to_str().expect("utf-8")]);
    assert!(built.status.success());
    // Every file but shudu's mark on its output folder, which is no page.
    let written = walk_files(&public) - 1;
    assert!(public.join(".shudu-output").is_file());
    // The build's last line: pages, files, folders, bytes and time, as on disk.
    let log = String::from_utf8_lossy(&built.stderr);
    let last = log.lines().last().unwrap_or_default();
    let folders = walkdir::WalkDir::new(&public)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .count();
    let pages = walkdir::WalkDir::new(&public)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .count();
    let bytes: u64 = walkdir::WalkDir::new(&public)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != ".shudu-output")
        .map(|e| e.metadata().expect("meta").len())
        .sum();
    let size = match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    };
    let expected = format!(": {pages} pages, {written} files, {folders} folders, {size} in ");
    assert!(
        last.starts_with("built ") && last.contains(&expected),
        "expected `{expected}` in {last:?}"
    );
    assert!(
        last.ends_with(&format!(" s ({written} written, 0 unchanged)")),
        "{last:?}"
    );

    let other = tmp.path().join("other");
    let out = shudu(&[
        "build",
        "--root",
        root,
        "--output",
        other.to_str().expect("utf-8"),
        "--render-to-memory",
        "--timings",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("rendered {written} files in memory (nothing written)")),
        "as many files as a build writes ({written}): {stderr}"
    );
    assert!(stderr.contains("Story"), "timings by kind: {stderr}");
    assert!(!other.exists(), "nothing written");
    let state: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("other"))
        .collect();
    assert!(state.is_empty(), "no state or staging folder: {state:?}");

    // Errors are reported as a build reports them.
    std::fs::write(site.join("content/stories/bad.md"), "---\ntitle: [\n---\n").expect("write");
    let bad = shudu(&["build", "--root", root, "--render-to-memory"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bad.md:"));
}

fn walk_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk_files(&p)
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn an_output_over_the_site_is_refused_and_the_sources_stay() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    let r = root.to_str().expect("utf-8");
    assert!(shudu(&["init", r]).status.success());
    let sources = walk_files(&root);
    for output in [
        root.clone(),
        tmp.path().to_path_buf(),
        root.join("content"),
        root.join("content/public"),
    ] {
        let out = shudu(&["build", "--root", r, "--output", output.to_str().expect("utf-8")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--output {}: {stderr}", output.display());
        assert!(stderr.contains("choose another --output"), "{stderr}");
        assert_eq!(walk_files(&root), sources, "the sources are untouched");
        assert!(root.join("site.yaml").is_file());
    }
    // A folder of its own beside or inside the site is fine.
    let beside = tmp.path().join("site-public");
    let out = shudu(&["build", "--root", r, "--output", beside.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_missing_root_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-site");
    let m = missing.to_str().expect("utf-8");
    for args in [
        vec!["build", "--root", m],
        vec!["check", "--root", m],
        vec!["serve", "--root", m, "--port", "0"],
    ] {
        let out = shudu(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is not a folder"), "{args:?}: {stderr}");
    }
    assert!(!missing.exists(), "nothing was made");
}
