//! Front-matter text is escaped in every format; body HTML is sanitised.

mod common;

use common::*;

const NASTY: &str = "\"<script>alert(1)</script> & 'q'\"";

fn nasty_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/stories/x.md",
        &format!(
            "---\ntitle: {NASTY}\ndate: 2022-05-01\ncommand: taizhou\nsource: {NASTY}\nauthor: {NASTY}\nsummary: {NASTY}\nfigures:\n  - label: {NASTY}\n    value: 1\n    note: {NASTY}\n---\n\
             <script>alert(2)</script>\n<img src=x onerror=\"alert(3)\">\n<a href=\"javascript:alert(4)\">j</a>\n<iframe src=\"https://evil.example\"></iframe>\n\
             <b>bold</b> H<sub>2</sub>O x<sup>2</sup> <span class=\"k\">s</span>\n"
        ),
    );
    f.build_ok();
    f
}

#[test]
fn front_matter_text_is_escaped_in_html_feeds_and_sitemap() {
    let f = nasty_site();
    for file in [
        "stories/x/index.html",
        "stories/index.html",
        "index.html",
        "atom.xml",
        "en/stories/index.html",
    ] {
        let text = f.read(file);
        assert!(!text.contains("<script>alert(1)"), "{file} has raw script");
        assert!(
            text.contains("&lt;script&gt;alert(1)") || text.contains("&amp;lt;script&amp;gt;alert(1)"),
            "{file} shows the text escaped"
        );
    }
    let page = f.read("stories/x/index.html");
    assert!(!page.contains("content=\"\"<script>"), "attribute not broken out of");
    let sitemap = f.read("sitemap.xml");
    assert!(!sitemap.contains("<script>"));
}

#[test]
fn body_html_is_sanitised() {
    let f = nasty_site();
    let page = f.read("stories/x/index.html");
    let zh = page.split("<main").nth(1).expect("main");
    assert!(!zh.contains("<script>alert(2)"));
    assert!(!zh.contains("onerror"));
    assert!(!zh.contains("javascript:"));
    assert!(!zh.contains("<iframe"));
    assert!(zh.contains("<b>bold</b>") && zh.contains("<sub>2</sub>") && zh.contains("<sup>2</sup>"));
    let atom = f.read("atom.xml");
    assert!(
        !atom.contains("<script>alert(2)") && !atom.contains("&lt;script&gt;alert(2)"),
        "sanitised in the feed too"
    );
}

/// A theme cannot copy an environment variable (a CI secret) into the site:
/// tera's `get_env` is gone, and a template calling it fails the build with
/// an error at that template.
#[test]
fn templates_cannot_read_the_environment() {
    let f = Fixture::new();
    f.write(
        "templates/robots.txt",
        "User-agent: *\n# {{ get_env(name=\"SECRET_TOKEN\", default=\"none\") }}\n",
    );
    let out = f.out();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_shudu"))
        .args(["build", "--root"])
        .arg(f.root())
        .arg("--output")
        .arg(&out)
        .env("SECRET_TOKEN", "s3cr3t-value-42")
        .output()
        .expect("run shudu");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("templates/robots.txt"), "{stderr}");
    assert!(stderr.contains("cannot read environment variables"), "{stderr}");
    assert!(!stderr.contains("s3cr3t-value-42"), "{stderr}");
    assert!(!out.exists(), "a failed build writes nothing");
}
