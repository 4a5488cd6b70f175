//! Share images (数读 as PNG): their sizes and pixel format, that the same site gives the same
//! bytes, a character the font lacks as an error at its figure, `og:image`
//! on the pages that have one, per-story images only where asked for, a
//! warm build that draws nothing, and `shudu card`.

mod common;

use std::path::Path;

use common::*;

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let n = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (n(16), n(20))
}

fn bytes(f: &Fixture, rel: &str) -> Vec<u8> {
    std::fs::read(f.out().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// Every share image of the output, relative, sorted.
fn share_pngs(out: &Path) -> Vec<String> {
    files_under(out)
        .into_iter()
        .filter(|p| p.ends_with("share.png") || p.ends_with("share-wechat.png"))
        .collect()
}

#[test]
fn widgets_and_yearly_pages_get_both_images_of_the_stated_sizes() {
    let f = Fixture::new();
    let report = f.build_ok();
    for dir in [
        "embed/commands/taizhou/2022/",
        "en/embed/commands/taizhou/2022/",
        "embed/indicators/aid_funds/",
        "en/embed/indicators/aid_funds/",
        "figures/2022/",
        "en/figures/2022/",
    ] {
        assert_eq!(png_size(&bytes(&f, &format!("{dir}share.png"))), (1200, 630), "{dir}");
        assert_eq!(
            png_size(&bytes(&f, &format!("{dir}share-wechat.png"))),
            (1080, 1440),
            "{dir}"
        );
    }
    assert_eq!(share_pngs(&f.out()).len(), 12, "{:?}", share_pngs(&f.out()));
    assert_eq!(report.share_images.rendered, 12);
}

#[test]
fn share_images_are_opaque_8_bit_rgb_on_the_paper_colour() {
    let f = Fixture::new();
    f.build_ok();
    for rel in ["embed/commands/taizhou/2022/share.png", "figures/2022/share-wechat.png"] {
        let png = bytes(&f, rel);
        // IHDR: bit depth 8, colour type 2 (RGB, no alpha).
        assert_eq!((png[24], png[25]), (8, 2), "{rel}");
        let img = image::load_from_memory(&png).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let img = img.as_rgb8().unwrap_or_else(|| panic!("{rel} is not RGB8"));
        // Bottom left: the paper under the frame (the accent bar is at the top).
        assert_eq!(img.get_pixel(0, img.height() - 1).0, [0xfa, 0xf8, 0xf4], "{rel}");
        assert_eq!(img.get_pixel(0, 0).0, [0xa3, 0x20, 0x1b], "{rel}");
    }
}

#[test]
fn the_same_site_gives_the_same_bytes() {
    let a = Fixture::new();
    let b = Fixture::new();
    a.build_ok();
    b.build_ok();
    let files = share_pngs(&a.out());
    assert!(!files.is_empty());
    assert_eq!(files, share_pngs(&b.out()));
    for rel in &files {
        assert!(bytes(&a, rel) == bytes(&b, rel), "{rel} differs between two builds");
    }
}

#[test]
fn a_character_the_font_lacks_is_an_error_at_its_figure() {
    let f = Fixture::new();
    f.write(
        "content/stories/2022/rare.md",
        &story(
            "生僻字",
            "2022-05-01",
            "figures:\n  - label: 资金𠀀\n    value: 3\n    unit: 人\n",
            "正文。",
        ),
    );
    let diags = f.build_err();
    let text = listed(&diags);
    assert!(
        diags.iter().any(|d| d.path == "content/stories/2022/rare.md"
            && (6..=7).contains(&d.line)
            && d.message.contains("`𠀀` (U+20000)")
            && d.message.contains("no glyph")),
        "{text}"
    );
    // An emoji too, and `check` says the same without drawing.
    f.write(
        "content/stories/2022/rare.md",
        &story(
            "表情",
            "2022-05-01",
            "figures:\n  - label: 增长📈\n    value: 3\n    unit: 人\n",
            "正文。",
        ),
    );
    let report = shudu::check::check(f.root(), &Fixture::options());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.path == "content/stories/2022/rare.md" && d.message.contains("`📈`")),
        "{}",
        listed(&report.diagnostics)
    );
}

#[test]
fn pages_with_a_share_image_say_so_in_open_graph() {
    let f = Fixture::new();
    f.build_ok();
    let year = f.read("figures/2022/index.html");
    assert!(
        year.contains("<meta property=\"og:image\" content=\"https://aid.example.org/figures/2022/share.png\">"),
        "{year}"
    );
    assert!(year.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(year.contains("<meta property=\"og:image:height\" content=\"630\">"));
    assert!(year.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(
        year.contains("share-wechat.png"),
        "the yearly page offers the tall picture"
    );
    // A story without a cover shows its command's figures of the year.
    let story = f.read("stories/alar-talent/index.html");
    assert!(
        story.contains(
            "<meta property=\"og:image\" content=\"https://aid.example.org/embed/commands/taizhou/2022/share.png\">"
        ),
        "{story}"
    );
    let en = f.read("en/stories/alar-talent/index.html");
    assert!(en.contains("content=\"https://aid.example.org/en/embed/commands/taizhou/2022/share.png\""));
    // The embed disclosure and the widget offer the picture for WeChat.
    assert!(f
        .read("commands/taizhou/index.html")
        .contains("/embed/commands/taizhou/2022/share-wechat.png\" type=\"image/png\" download"));
    let widget = f.read("embed/commands/taizhou/2022/index.html");
    assert!(
        widget.contains("share-wechat.png\" type=\"image/png\" download"),
        "{widget}"
    );
    assert!(widget.contains("微信用图"));
    assert!(f
        .read("en/embed/commands/taizhou/2022/index.html")
        .contains("Picture for WeChat"));
}

#[test]
fn a_story_gets_its_own_images_only_when_it_or_the_site_asks() {
    let f = Fixture::new();
    f.build_ok();
    assert!(!f.exists("stories/alar-talent/share.png"));
    f.write(
        "content/stories/2022/alar-talent.md",
        &story(
            "台州智力援疆",
            "2022-04-15",
            "share_image: true\nfigures:\n  - key: aid_funds\n    label: {zh: 援疆资金, en: Aid funds}\n    value: 3.2186\n    unit: 亿元\n",
            "正文。",
        ),
    );
    f.build_ok();
    assert_eq!(png_size(&bytes(&f, "stories/alar-talent/share.png")), (1200, 630));
    assert_eq!(
        png_size(&bytes(&f, "en/stories/alar-talent/share-wechat.png")),
        (1080, 1440)
    );
    let page = f.read("stories/alar-talent/index.html");
    assert!(
        page.contains("content=\"https://aid.example.org/stories/alar-talent/share.png\""),
        "{page}"
    );
    // A story without figures has nothing to draw, whatever it says.
    assert!(!f.exists("stories/mid-year/share.png"));

    // site.yaml turns them on for every story with figures.
    let g = Fixture::new();
    g.write("site.yaml", &format!("{SITE_YAML}share_image: true\n"));
    g.build_ok();
    assert!(g.exists("stories/alar-talent/share.png"));
    assert!(g.exists("en/stories/alar-talent/share-wechat.png"));
    assert!(!g.exists("stories/mid-year/share.png"));
}

#[test]
fn a_warm_build_draws_nothing() {
    let f = Fixture::new();
    let cold = f.build_ok();
    assert_eq!(cold.share_images.rendered, 12);
    // Another output folder: every page is rendered again, every image comes from the cache.
    let other = f.root().join("public-2");
    let warm = shudu::build(f.root(), &other, &Fixture::options()).expect("build");
    assert_eq!(warm.share_images.rendered, 0);
    for rel in share_pngs(&f.out()) {
        assert!(
            std::fs::read(other.join(&rel)).expect("read") == bytes(&f, &rel),
            "{rel}"
        );
    }
    // A changed figure draws only the images that show it (both layouts of
    // both languages of the command-year, indicator and yearly images).
    f.write(
        "content/stories/2022/alar-talent.md",
        &story(
            "台州智力援疆",
            "2022-04-15",
            "figures:\n  - key: aid_funds\n    label: {zh: 援疆资金, en: Aid funds}\n    value: 4.5\n    unit: 亿元\n",
            "正文。",
        ),
    );
    let changed = f.build_ok();
    assert_eq!(changed.share_images.rendered, 12);
    // The cache keeps only what the output uses.
    let cached = std::fs::read_dir(f.root().join(".shudu-cache/share"))
        .expect("cache")
        .count();
    assert_eq!(cached, 12);
}

#[test]
fn shudu_card_writes_a_story_s_picture() {
    let f = Fixture::new();
    let out = f.root().join("card.png");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_shudu"))
        .args(["card", "content/stories/2022/alar-talent.md", "--lang", "en", "-o"])
        .arg(&out)
        .current_dir(f.root())
        .output()
        .expect("run shudu");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(png_size(&std::fs::read(&out).expect("card")), (1080, 1440));
    // A story without figures is an error at its file, exit 1.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_shudu"))
        .args(["card", "content/stories/2021/mid-year.md"])
        .current_dir(f.root())
        .output()
        .expect("run shudu");
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("content/stories/2021/mid-year.md:1:1: error: the story has no figures"),
        "{err}"
    );
}
