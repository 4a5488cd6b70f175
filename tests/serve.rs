//! `shudu serve`: edits are served, errors show an overlay and the server
//! survives, paths cannot leave the site, and an edit renders only the pages
//! it affects.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;
use shudu::serve::live::{LiveSite, ModelUpdate, RebuildReport};
use shudu::serve::{start, ServeOptions};

/// A raw HTTP/1.1 GET (the path is sent as is, `..` included): status and body.
fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    // Long enough for a busy CI machine; only a hang waits it out.
    s.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    let code = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (code, body)
}

/// How long a test waits for `serve` to pick up an edit. Generous, so a busy CI
/// machine does not fail it; how fast serve is, `bench/run.py` measures.
const PATIENCE: Duration = Duration::from_secs(15);

/// Polls `path` until `pred` holds on its body, for at most `limit`.
fn wait_for(addr: std::net::SocketAddr, path: &str, limit: Duration, pred: impl Fn(&str) -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        let (_, body) = get(addr, path);
        if pred(&body) {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn serve(f: &Fixture) -> shudu::serve::Server {
    start(&ServeOptions {
        root: f.root().to_path_buf(),
        interface: "127.0.0.1".into(),
        port: 0,
        drafts: false,
        future: false,
    })
    .expect("server starts")
}

const STORY: &str = "content/stories/2022/alar-talent.md";

#[test]
fn serves_the_site_with_live_reload_and_local_base_url() {
    let f = Fixture::new();
    let server = serve(&f);
    let (code, home) = get(server.addr(), "/");
    assert_eq!(code, 200);
    assert!(home.contains("tower-livereload"), "reload client injected");
    assert!(
        home.contains(&format!("href=\"{}/\"", server.url())),
        "canonical uses the local address"
    );
    let (code, _) = get(server.addr(), "/en/stories/alar-talent/");
    assert_eq!(code, 200);
    let (code, body) = get(server.addr(), "/no/such/page/");
    assert_eq!(code, 404);
    assert!(body.contains("<html"), "the site's 404 page");
    // Nothing was written into the site.
    assert!(!f.out().exists(), "serve never writes public/");
}

#[test]
fn build_output_has_no_reload_client() {
    let f = Fixture::new();
    f.build_ok();
    assert!(!f.read("index.html").contains("livereload"));
}

#[test]
fn an_edit_and_a_new_date_are_served_without_a_restart() {
    let f = Fixture::new();
    let server = serve(&f);
    let text = std::fs::read_to_string(f.root().join(STORY)).expect("story");
    std::thread::sleep(Duration::from_millis(200));
    f.write(STORY, &text.replace("正文。", "新增的一段正文。"));
    let took = wait_for(server.addr(), "/stories/alar-talent/", PATIENCE, |b| {
        b.contains("新增的一段正文")
    });
    assert!(took.is_some(), "edit not served");

    // A new date: the sitemap follows, after the reload.
    let text = std::fs::read_to_string(f.root().join(STORY)).expect("story");
    f.write(STORY, &text.replace("date: 2022-04-15", "date: 2022-04-11"));
    let took = wait_for(server.addr(), "/sitemap.xml", PATIENCE, |b| b.contains("2022-04-11"));
    assert!(took.is_some(), "sitemap not updated");
}

#[test]
fn broken_yaml_shows_the_overlay_and_fixing_recovers() {
    let f = Fixture::new();
    let server = serve(&f);
    let good = std::fs::read_to_string(f.root().join(STORY)).expect("story");
    std::thread::sleep(Duration::from_millis(200));
    f.write(STORY, &good.replace("date: 2022-04-15", "date: [2022-04-15"));
    let shown = wait_for(server.addr(), "/", PATIENCE, |b| b.contains("shudu-errors"));
    assert!(shown.is_some(), "overlay shown");
    let (code, home) = get(server.addr(), "/");
    assert_eq!(code, 200, "the last good site is still served");
    assert!(home.contains(STORY), "overlay names the file");
    assert!(home.contains("台州智力援疆"), "last good content under the overlay");
    f.write(STORY, &good);
    let gone = wait_for(server.addr(), "/", PATIENCE, |b| {
        !b.contains("shudu-errors") && b.contains("<html")
    });
    assert!(gone.is_some(), "overlay gone after the fix");
}

#[test]
fn path_traversal_is_refused() {
    let f = Fixture::new();
    f.write("secret.txt", "top secret");
    let server = serve(&f);
    for p in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/css/../../secret.txt",
        "/site.yaml",
        "/content/stories/2022/alar-talent.md",
    ] {
        let (code, body) = get(server.addr(), p);
        assert!(code == 400 || code == 404, "{p}: {code}");
        assert!(!body.contains("top secret") && !body.contains("base_url"), "{p} leaked");
    }
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let f = Fixture::new();
    let first = serve(&f);
    let err = start(&ServeOptions {
        root: f.root().to_path_buf(),
        interface: "127.0.0.1".into(),
        port: first.addr().port(),
        drafts: false,
        future: false,
    })
    .err()
    .expect("second server refused");
    assert!(err.to_string().contains("already in use"), "{err}");
}

/// The sample fixture plus a Hangzhou command and `n` of its stories of
/// 2020 (`hz-0` … , bodies `杭州报道{i}。`), in a culture sector.
fn hangzhou_site(n: usize) -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/commands/hangzhou.md",
        "---\nname: 杭州市援疆指挥部\n---\n杭州。\n",
    );
    f.write(
        "site.yaml",
        &SITE_YAML.replace(
            "  medical: {zh: 医疗, en: Health care}",
            "  medical: {zh: 医疗, en: Health care}\n  culture: {zh: 文化, en: Culture}",
        ),
    );
    for i in 0..n {
        f.write(
            &format!("content/stories/2020/hz-{i}.md"),
            &format!(
                "---\ntitle: 杭州{i}\ndate: 2020-0{}-01\ncommand: hangzhou\nsectors: [culture]\n---\n杭州报道{i}。\n",
                i + 1
            ),
        );
    }
    f
}

#[test]
fn editing_one_story_renders_only_the_pages_that_show_it() {
    let f = hangzhou_site(6);
    let (mut live, first) = LiveSite::new(f.root(), Fixture::options());
    assert!(first.ok, "{:?}", live.errors());
    let total = first.rendered;

    // The body and a figure: the front matter changed too.
    let text = std::fs::read_to_string(f.root().join(STORY)).expect("story");
    f.write(
        STORY,
        &text
            .replace("正文。", "改过的正文。")
            .replace("value: 3.2186", "value: 3.3"),
    );
    let report = live.rebuild(&[f.root().join(STORY)]);
    assert!(report.ok, "{:?}", live.errors());
    assert_eq!(report.total, total);
    let rendered: Vec<&str> = report.outputs.iter().map(String::as_str).collect();
    // Its own pages, the listings, command and sector pages it is on, feeds, figures, sitemap, open data…
    for expected in [
        "stories/alar-talent/index.html",
        "en/stories/alar-talent/index.html",
        "index.html",
        "en/index.html",
        "stories/index.html",
        "commands/index.html",
        "commands/taizhou/index.html",
        "en/commands/taizhou/index.html",
        "sectors/education/index.html",
        "atom.xml",
        "en/atom.xml",
        "figures/index.html",
        "figures/2022/index.html",
        "data/figures.json",
    ] {
        assert!(rendered.contains(&expected), "{expected} not rendered: {rendered:?}");
    }
    // …and nothing else: not the other command's stories, its pages, the other sector, 404, styles.
    for untouched in [
        "stories/hz-0/index.html",
        "stories/mid-year/index.html",
        "commands/hangzhou/index.html",
        "sectors/culture/index.html",
        "404.html",
        "highlight.css",
        "robots.txt",
        // Same dates and URLs.
        "sitemap.xml",
    ] {
        assert!(!rendered.contains(&untouched), "{untouched} rendered again");
    }
    assert!(report.rendered < total, "rendered {} of {total}", report.rendered);
    let page = live
        .files()
        .get("stories/alar-talent/index.html")
        .expect("page")
        .bytes()
        .expect("bytes");
    assert!(String::from_utf8_lossy(&page).contains("改过的正文"));
    for untouched in [
        "stories/hz-0/index.html",
        "commands/hangzhou/index.html",
        "sectors/culture/index.html",
    ] {
        assert!(live.files().get(untouched).is_some(), "{untouched} still served");
    }

    // Saved again unchanged: the front matter is as the model has it, so
    // only the pages that show the story's body are rendered.
    let again = live.rebuild(&[f.root().join(STORY)]);
    assert!(again.ok && again.rendered < report.rendered, "{again:?}");

    // A template change renders everything.
    f.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}404{% endblock main %}",
    );
    let full = live.rebuild(&[f.root().join("templates/404.html")]);
    assert!(full.ok, "{:?}", live.errors());
    assert_eq!(full.rendered, full.total);
}

/// Every file `live` serves, with its bytes.
fn served(live: &LiveSite) -> Vec<(String, Vec<u8>)> {
    live.files()
        .paths()
        .into_iter()
        .map(|p| {
            (
                p.to_string(),
                live.files()
                    .get(p)
                    .and_then(|f| f.bytes().ok())
                    .unwrap_or_default()
                    .to_vec(),
            )
        })
        .collect()
}

/// Asserts that `live` serves exactly what a full build of the site serves.
fn same_as_full_build(f: &Fixture, live: &LiveSite) {
    let (fresh, full) = LiveSite::new(f.root(), Fixture::options());
    assert!(full.ok, "{:?}", fresh.errors());
    let (a, b) = (served(live), served(&fresh));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((pa, ba), (_, bb)) in a.iter().zip(&b) {
        assert!(ba == bb, "{pa} differs from a full build");
    }
}

#[test]
fn a_body_edit_renders_only_the_pages_that_show_the_body_and_equals_a_full_build() {
    // Seven Hangzhou stories of 2020 (two per page): hz-3 is the 4th newest
    // of them, after the sample's three newer stories.
    let f = hangzhou_site(7);
    let (mut live, first) = LiveSite::new(f.root(), Fixture::options());
    assert!(first.ok, "{:?}", live.errors());

    let path = "content/stories/2020/hz-3.md";
    let text = std::fs::read_to_string(f.root().join(path)).expect("story");
    f.write(path, &text.replace("杭州报道3。", "杭州报道3，改过了。第二句话。"));
    let report = live.rebuild(&[f.root().join(path)]);
    assert!(report.ok, "{:?}", live.errors());
    assert_eq!(report.model, ModelUpdate::Bodies);
    // Newest first: alar-talent (2022), mid-year (2021), then hz-6…hz-0:
    // hz-3 is 6th overall (page 3 of the listing) and 4th of Hangzhou's
    // and of culture's stories (page 2 of theirs).
    assert_eq!(
        report.outputs,
        [
            "atom.xml",
            "commands/hangzhou/page/2.html",
            "en/atom.xml",
            // The search pages and their index hold every page's text
            // (b<n>.json: the bodies, four pages a file).
            "en/search/b0.json",
            "en/search/d0.json",
            "en/search/index.html",
            "en/search/t0.json",
            // (Hangzhou's command page exists in Chinese only.)
            "en/sectors/culture/page/2.html",
            "en/stories/page/3.html",
            "search/b0.json",
            "search/b1.json",
            "search/b2.json",
            "search/d0.json",
            "search/index.html",
            "search/t0.json",
            "sectors/culture/page/2.html",
            "stories/hz-3/index.html",
            "stories/page/3.html",
        ]
    );
    let page = live
        .files()
        .get("stories/hz-3/index.html")
        .and_then(|f| f.bytes().ok())
        .expect("page");
    assert!(String::from_utf8_lossy(&page).contains("改过了"));

    // What is served is exactly what a full build of the edited site serves.
    same_as_full_build(&f, &live);

    // The same for a story with figures, a translation and a table of contents.
    let alar = std::fs::read_to_string(f.root().join(STORY)).expect("story");
    f.write(STORY, &alar.replace("正文。", "新的正文。\n\n## 新的一节\n\n更多。"));
    let with_figures = live.rebuild(&[f.root().join(STORY)]);
    assert!(with_figures.ok && with_figures.rendered < 20, "{with_figures:?}");
    assert_eq!(with_figures.model, ModelUpdate::Bodies);
    same_as_full_build(&f, &live);

    // A body that gains a shortcode, or a front matter edit, keeps the
    // story in its place: the story is rebuilt and patched in.
    f.write(
        path,
        &text.replace(
            "杭州报道3。",
            "{{ figure(key=\"aid_funds\", command=\"taizhou\", year=2022) }}",
        ),
    );
    let with_shortcode = live.rebuild(&[f.root().join(path)]);
    assert!(with_shortcode.ok, "{:?}", live.errors());
    assert_eq!(with_shortcode.model, ModelUpdate::Stories);
    assert!(
        with_shortcode.outputs.iter().any(|p| p == "figures/index.html"),
        "{with_shortcode:?}"
    );
    same_as_full_build(&f, &live);
    f.write(path, &text.replace("title: 杭州3", "title: 杭州三"));
    let front = live.rebuild(&[f.root().join(path)]);
    assert_eq!(front.model, ModelUpdate::Stories, "{:?}", live.errors());
    assert!(front.outputs.iter().any(|p| p == "figures/index.html"), "{front:?}");
    assert!(
        !front
            .outputs
            .iter()
            .any(|p| p == "sitemap.xml" || p == "data/figures.json"),
        "same dates, no figures: {front:?}"
    );
    // A new title is on the story's own listing pages only (its place is the same).
    assert!(front.outputs.iter().any(|p| p == "stories/page/3.html"));
    assert!(!front.outputs.iter().any(|p| p == "stories/page/2.html"), "{front:?}");
    same_as_full_build(&f, &live);

    // A figure's value: its story, widgets, command, figures pages.
    let alar = std::fs::read_to_string(f.root().join(STORY)).expect("story");
    f.write(STORY, &alar.replace("value: 3.2186", "value: 4.5"));
    let figure = live.rebuild(&[f.root().join(STORY)]);
    assert!(figure.ok, "{:?}", live.errors());
    assert_eq!(
        figure.model,
        ModelUpdate::Stories,
        "new figures: a new figures index, patched in"
    );
    for p in [
        "stories/alar-talent/widget.html",
        "en/stories/alar-talent/oembed.json",
        "embed/indicators/aid_funds/index.html",
        "embed/indicators/aid_funds/data.json",
        "figures/2022/index.html",
    ] {
        assert!(figure.outputs.iter().any(|o| o == p), "{p} not rendered: {figure:?}");
    }
    assert!(
        !figure.outputs.iter().any(|o| o.starts_with("stories/hz-")),
        "{figure:?}"
    );
    same_as_full_build(&f, &live);

    // A new date moves the story: every listing page again.
    f.write(path, &text.replace("date: 2020-04-01", "date: 2019-12-01"));
    let moved = live.rebuild(&[f.root().join(path)]);
    assert!(moved.ok, "{:?}", live.errors());
    assert_eq!(moved.model, ModelUpdate::Stories, "moved in place");
    assert!(moved.outputs.iter().any(|p| p == "sitemap.xml"), "{moved:?}");
    same_as_full_build(&f, &live);
}

#[test]
fn a_story_that_moves_renders_the_pages_it_passes_not_the_whole_site() {
    // hz-0…hz-4 have no figures; hz-5 has some. Moving hz-5 to the oldest
    // place changes the index of every story it passes, and so the index in
    // its widget's job: the widget is still made, under the same name.
    let f = hangzhou_site(6);
    let path = "content/stories/2020/hz-5.md";
    replace_in(
        &f,
        path,
        "sectors: [culture]\n",
        "sectors: [culture]\nfigures:\n  - key: aid_funds\n    label: 援疆资金\n    value: 12\n    unit: 万元\n    year: 2020\n",
    );
    let (mut live, first) = LiveSite::new(f.root(), Fixture::options());
    assert!(first.ok, "{:?}", live.errors());
    assert!(served(&live).iter().any(|(p, _)| p == "stories/hz-5/widget.html"));

    let moved = replace_and_rebuild(&f, &mut live, path, "date: 2020-06-01", "date: 2019-01-01");
    assert!(moved.ok, "{:?}", live.errors());
    assert_eq!(moved.model, ModelUpdate::Stories, "moved in place: {moved:?}");
    assert!(moved.rendered < moved.total, "{moved:?}");
    assert!(
        moved.outputs.iter().any(|p| p == "stories/hz-5/widget.html"),
        "{moved:?}"
    );
    same_as_full_build(&f, &live);

    // hz-3 passes hz-2 only: the listing pages around them, not the others.
    let step = replace_and_rebuild(
        &f,
        &mut live,
        "content/stories/2020/hz-3.md",
        "date: 2020-04-01",
        "date: 2020-02-15",
    );
    assert!(step.ok, "{:?}", live.errors());
    assert_eq!(step.model, ModelUpdate::Stories);
    let listings = |r: &RebuildReport| -> Vec<String> {
        r.outputs
            .iter()
            .filter(|p| p.starts_with("stories/page/"))
            .cloned()
            .collect()
    };
    let all = served(&live)
        .into_iter()
        .filter(|(p, _)| p.starts_with("stories/page/"))
        .count();
    assert!(!listings(&step).is_empty(), "{step:?}");
    assert!(
        listings(&step).len() < all,
        "not every listing page: {:?}",
        listings(&step)
    );
    same_as_full_build(&f, &live);

    // Back to the top; then its figure takes its year (2020) from the date.
    let top = replace_and_rebuild(&f, &mut live, path, "date: 2019-01-01", "date: 2020-06-01");
    assert_eq!(top.model, ModelUpdate::Stories, "{:?}", live.errors());
    let back = replace_and_rebuild(&f, &mut live, path, "    year: 2020\n", "");
    assert_eq!(back.model, ModelUpdate::Stories, "{:?}", live.errors());
    same_as_full_build(&f, &live);
    // Moved into 2019, the figure leaves 2020 with no figures: its pages
    // and widgets must go. The patch is undone (bodies and rows back in
    // their order) and the site built whole.
    let gone = replace_and_rebuild(&f, &mut live, path, "date: 2020-06-01", "date: 2019-01-01");
    assert!(gone.ok, "{:?}", live.errors());
    assert_eq!(gone.model, ModelUpdate::Whole);
    assert!(live.files().get("embed/commands/hangzhou/2020/index.html").is_none());
    same_as_full_build(&f, &live);
}

#[test]
fn the_sitemap_and_open_data_come_after_the_pages_a_reload_needs() {
    let f = hangzhou_site(4);
    let (mut live, first) = LiveSite::new(f.root(), Fixture::options());
    assert!(first.ok, "{:?}", live.errors());
    assert!(live.render_later().is_none(), "nothing left after a full build");
    let bytes = |live: &LiveSite, p: &str| {
        live.files()
            .get(p)
            .and_then(|f| f.bytes().ok())
            .unwrap_or_default()
            .to_vec()
    };
    let sitemap = bytes(&live, "sitemap.xml");
    let open_data = bytes(&live, "data/figures.json");

    // A new date and a new value: the story's page and the listings now,
    // the sitemap (its lastmod) and the open data (the value) after.
    replace_in(&f, STORY, "date: 2022-04-15", "date: 2022-04-11");
    replace_in(&f, STORY, "value: 3.2186", "value: 3.3");
    let pages = live.rebuild_pages(&[f.root().join(STORY)]);
    assert!(pages.ok, "{:?}", live.errors());
    assert_eq!(pages.model, ModelUpdate::Stories, "{pages:?}");
    assert!(
        pages.outputs.iter().any(|p| p == "stories/alar-talent/index.html"),
        "{pages:?}"
    );
    for later in ["sitemap.xml", "data/figures.json", "data/figures.csv"] {
        assert!(
            !pages.outputs.iter().any(|p| p == later),
            "{later} rendered before the reload"
        );
    }
    assert_eq!(bytes(&live, "sitemap.xml"), sitemap, "the old sitemap until then");

    // Files rendered for one rebuild are not served after another: they
    // stay to be rendered again.
    let stale = live.render_later().expect("files left for later");
    replace_in(&f, STORY, "value: 3.3", "value: 3.4");
    assert!(live.rebuild_pages(&[f.root().join(STORY)]).ok, "{:?}", live.errors());
    assert!(live.accept_later(stale).is_none(), "stale files served");
    assert_eq!(bytes(&live, "data/figures.json"), open_data);

    let later = live.render_later().expect("still left for later");
    let done = live.accept_later(later).expect("accepted");
    assert!(done.ok, "{:?}", live.errors());
    assert_eq!(done.model, ModelUpdate::Later);
    assert_eq!(
        done.outputs,
        [
            "data/figures.csv",
            "data/figures.json",
            "data/figures.schema.json",
            "sitemap.xml"
        ]
    );
    assert!(live.render_later().is_none(), "done once");
    assert!(String::from_utf8_lossy(&bytes(&live, "data/figures.json")).contains("340000000"));
    same_as_full_build(&f, &live);
}

/// Replaces the first `from` in the file at `path` by `to`.
fn replace_in(f: &Fixture, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(f.root().join(path)).expect("story");
    assert!(text.contains(from), "{path} has no {from:?}");
    f.write(path, &text.replacen(from, to, 1));
}

/// Replaces the first `from` in the file at `path` by `to`, and rebuilds.
fn replace_and_rebuild(f: &Fixture, live: &mut LiveSite, path: &str, from: &str, to: &str) -> RebuildReport {
    replace_in(f, path, from, to);
    live.rebuild(&[f.root().join(path)])
}

#[test]
fn front_matter_edits_patch_the_story_in_place_and_equal_a_full_build() {
    let f = hangzhou_site(5);
    let (mut live, first) = LiveSite::new(f.root(), Fixture::options());
    assert!(first.ok, "{:?}", live.errors());
    let edit = |live: &mut LiveSite, path: &str, from: &str, to: &str| replace_and_rebuild(&f, live, path, from, to);
    const EN: &str = "content/stories/2022/alar-talent.en.md";

    // Fields of the story itself: patched in place, in either language.
    for (path, from, to) in [
        (
            EN,
            "title: Taizhou sends talent to Alar",
            "title: Taizhou's <talent> & Alar",
        ),
        (
            STORY,
            "title: 台州智力援疆",
            "title: 台州智力援疆（续）\nsource: 台州日报",
        ),
        (
            STORY,
            "date: 2022-04-15",
            "date: 2022-04-15\nupdated: 2023-01-02\nauthor: 记者",
        ),
        (
            EN,
            "---\nTaizhou cadres",
            "summary: Cadres from Taizhou.\n---\nTaizhou cadres",
        ),
    ] {
        let report = edit(&mut live, path, from, to);
        assert!(report.ok, "{:?}", live.errors());
        assert_eq!(report.model, ModelUpdate::Stories, "{path}: {to}");
        assert!(report.rendered < report.total, "{report:?}");
        same_as_full_build(&f, &live);
    }
    let page = live
        .files()
        .get("en/stories/alar-talent/index.html")
        .and_then(|p| p.bytes().ok())
        .expect("page");
    assert!(String::from_utf8_lossy(&page).contains("&lt;talent&gt; &amp; Alar"));

    // A new `updated` date changes the sitemap.
    let sitemap = edit(&mut live, STORY, "updated: 2023-01-02", "updated: 2023-02-03");
    assert!(sitemap.outputs.iter().any(|p| p == "sitemap.xml"), "{sitemap:?}");
    same_as_full_build(&f, &live);

    // An error: nothing patched, the overlay names it, the site stays.
    let bad = edit(
        &mut live,
        "content/stories/2020/hz-2.md",
        "command: hangzhou",
        "command: hangzou",
    );
    assert!(!bad.ok);
    let message = live
        .errors()
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        message.contains("content/stories/2020/hz-2.md:4:10") && message.contains("hangzhou"),
        "{message}"
    );
    let fixed = edit(
        &mut live,
        "content/stories/2020/hz-2.md",
        "command: hangzou",
        "command: hangzhou",
    );
    assert!(fixed.ok && live.errors().is_empty(), "{:?}", live.errors());
    same_as_full_build(&f, &live);

    // A cover: the first is patched in (a new file beside the page); a
    // renamed one must take the old file away, which only a whole build
    // does.
    f.write_bytes("content/stories/2020/a.jpg", &picture(4, 3, image::ImageFormat::Jpeg));
    f.write_bytes("content/stories/2020/b.jpg", &picture(6, 3, image::ImageFormat::Jpeg));
    let cover = edit(
        &mut live,
        "content/stories/2020/hz-4.md",
        "title: 杭州4",
        "title: 杭州4\ncover: a.jpg\ncover_alt: 杭州",
    );
    assert!(cover.ok, "{:?}", live.errors());
    same_as_full_build(&f, &live);
    let renamed = edit(
        &mut live,
        "content/stories/2020/hz-4.md",
        "cover: a.jpg",
        "cover: b.jpg",
    );
    assert!(renamed.ok, "{:?}", live.errors());
    assert_eq!(renamed.model, ModelUpdate::Whole);
    same_as_full_build(&f, &live);

    // Edits that move the story or change what the site holds are not
    // patched: other sectors, a draft, a new slug.
    for (path, from, to) in [
        (
            "content/stories/2020/hz-1.md",
            "sectors: [culture]",
            "sectors: [education]",
        ),
        (
            "content/stories/2020/hz-1.md",
            "title: 杭州1",
            "title: 杭州1\ndraft: true",
        ),
        (
            "content/stories/2020/hz-3.md",
            "title: 杭州3",
            "title: 杭州3\nslug: hangzhou-three",
        ),
    ] {
        let report = edit(&mut live, path, from, to);
        assert!(report.ok, "{:?}", live.errors());
        assert_ne!(report.model, ModelUpdate::Stories, "{path}: {to}");
        same_as_full_build(&f, &live);
    }
}

#[test]
fn figure_edits_patch_the_figures_index_and_what_shortcodes_show() {
    // hz-4 (2020-05-01) reports Hangzhou's aid funds for 2020; hz-1 shows
    // that cell with a shortcode.
    let f = hangzhou_site(5);
    let hz4 = "content/stories/2020/hz-4.md";
    replace_in(
        &f,
        hz4,
        "sectors: [culture]\n",
        "sectors: [culture]\nfigures:\n  - key: aid_funds\n    label: {zh: 援疆资金, en: Aid funds}\n    value: 1.5\n    unit: 亿元\n  - label: {zh: 教师, en: Teachers}\n    value: 12\n",
    );
    let hz1 = "content/stories/2020/hz-1.md";
    replace_in(
        &f,
        hz1,
        "杭州报道1。",
        "杭州报道1：{{ figure(key=\"aid_funds\", command=\"hangzhou\", year=2020) }}。",
    );
    let (mut live, first) = LiveSite::new(f.root(), Fixture::options());
    assert!(first.ok, "{:?}", live.errors());
    let hz1_page = |live: &LiveSite| {
        String::from_utf8_lossy(
            &live
                .files()
                .get("stories/hz-1/index.html")
                .and_then(|p| p.bytes().ok())
                .expect("page"),
        )
        .to_string()
    };
    assert!(hz1_page(&live).contains("1.5亿元"), "{}", hz1_page(&live));
    let edit = |live: &mut LiveSite, path: &str, from: &str, to: &str| replace_and_rebuild(&f, live, path, from, to);

    // A new value: the figures index is built again and patched in; the
    // story showing it is rendered again.
    let value = edit(&mut live, hz4, "value: 1.5", "value: 2.5");
    assert!(value.ok, "{:?}", live.errors());
    assert_eq!(value.model, ModelUpdate::Stories);
    assert!(
        value.outputs.iter().any(|p| p == "stories/hz-1/index.html"),
        "{value:?}"
    );
    assert!(hz1_page(&live).contains("2.5亿元"));
    same_as_full_build(&f, &live);

    // An older story reports the same cell: hz-4's stays the one counted.
    let hz2 = "content/stories/2020/hz-2.md";
    let older = edit(
        &mut live,
        hz2,
        "sectors: [culture]\n",
        "sectors: [culture]\nfigures:\n  - key: aid_funds\n    label: {zh: 援疆资金, en: Aid funds}\n    value: 0.7\n    unit: 亿元\n",
    );
    assert_eq!(older.model, ModelUpdate::Stories, "{:?}", live.errors());
    same_as_full_build(&f, &live);

    // hz-4 drops that figure (it keeps another, so it keeps its widget):
    // the cell's newest figure is now hz-2's, and the story showing the
    // cell changes with it.
    let dropped = edit(
        &mut live,
        hz4,
        "  - key: aid_funds\n    label: {zh: 援疆资金, en: Aid funds}\n    value: 2.5\n    unit: 亿元\n",
        "",
    );
    assert!(dropped.ok, "{:?}", live.errors());
    assert_eq!(dropped.model, ModelUpdate::Stories);
    assert!(
        hz1_page(&live).contains("7000万元") || hz1_page(&live).contains("0.7亿元"),
        "{}",
        hz1_page(&live)
    );
    same_as_full_build(&f, &live);

    // A unit that conflicts with the key's: an error, the site as it was.
    let bad = edit(&mut live, hz2, "unit: 亿元", "unit: 人");
    assert!(!bad.ok);
    assert!(
        live.errors().iter().any(|d| d.message.contains("base unit")),
        "{:?}",
        live.errors()
    );
    let fixed = edit(&mut live, hz2, "unit: 人", "unit: 亿元");
    assert!(fixed.ok, "{:?}", live.errors());
    same_as_full_build(&f, &live);

    // A figure of a year no other story reports: new yearly pages and
    // widgets, patched in.
    let hz3 = "content/stories/2020/hz-3.md";
    let new_year = edit(
        &mut live,
        hz3,
        "sectors: [culture]\n",
        "sectors: [culture]\nfigures:\n  - key: trainees\n    label: {zh: 学员, en: Trainees}\n    value: 40\n    year: 2019\n",
    );
    assert_eq!(new_year.model, ModelUpdate::Stories, "{:?}", live.errors());
    assert!(
        new_year.outputs.iter().any(|p| p == "figures/2019/index.html"),
        "{new_year:?}"
    );
    same_as_full_build(&f, &live);
    // Back to 2020: 2019's pages and widgets must go, which only a whole
    // build knows.
    let gone = edit(&mut live, hz3, "    year: 2019\n", "");
    assert_eq!(gone.model, ModelUpdate::Whole, "{:?}", live.errors());
    assert!(live.files().get("figures/2019/index.html").is_none());
    same_as_full_build(&f, &live);

    // hz-3 (2020-04-01) reports the cell too, and is newer than hz-2: hz-1
    // shows hz-3's. A new date moves hz-3 behind hz-2: patched in place, and
    // hz-1 shows hz-2's again.
    let newer = edit(
        &mut live,
        hz3,
        "figures:\n",
        "figures:\n  - key: aid_funds\n    label: {zh: 援疆资金, en: Aid funds}\n    value: 0.9\n    unit: 亿元\n    year: 2020\n",
    );
    assert_eq!(newer.model, ModelUpdate::Stories, "{:?}", live.errors());
    assert!(hz1_page(&live).contains("9000万元") || hz1_page(&live).contains("0.9亿元"));
    same_as_full_build(&f, &live);
    let moved = edit(&mut live, hz3, "date: 2020-04-01", "date: 2020-02-15");
    assert_eq!(moved.model, ModelUpdate::Stories, "{:?}", live.errors());
    assert!(
        moved.outputs.iter().any(|p| p == "stories/hz-1/index.html"),
        "{moved:?}"
    );
    assert!(hz1_page(&live).contains("7000万元") || hz1_page(&live).contains("0.7亿元"));
    same_as_full_build(&f, &live);

    // A move whose shortcode does not resolve: the patch is undone, the
    // error reported, and the site stays as it was; fixed, it is patched.
    let bad = edit(&mut live, hz1, "date: 2020-02-01", "date: 2019-02-01\nsummary: 改了");
    assert!(bad.ok, "{:?}", live.errors());
    same_as_full_build(&f, &live);
    let text = std::fs::read_to_string(f.root().join(hz1)).expect("story");
    f.write(
        hz1,
        &text
            .replace("year=2020", "year=1999")
            .replace("date: 2019-02-01", "date: 2020-06-15"),
    );
    let broken = live.rebuild(&[f.root().join(hz1)]);
    assert!(!broken.ok);
    assert!(
        live.errors().iter().any(|d| d.message.contains("1999")),
        "{:?}",
        live.errors()
    );
    let fixed = edit(&mut live, hz1, "year=1999", "year=2020");
    assert!(fixed.ok, "{:?}", live.errors());
    assert_eq!(fixed.model, ModelUpdate::Stories, "{fixed:?}");
    same_as_full_build(&f, &live);
}

#[test]
fn a_template_error_keeps_the_last_good_site_under_the_overlay() {
    let f = Fixture::new();
    let server = serve(&f);
    std::thread::sleep(Duration::from_millis(200));
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ broken( }}{% endblock main %}",
    );
    let shown = wait_for(server.addr(), "/", PATIENCE, |b| b.contains("shudu-errors"));
    assert!(shown.is_some(), "overlay shown");
    let (code, home) = get(server.addr(), "/stories/alar-talent/");
    assert_eq!(code, 200);
    assert!(
        home.contains("台州智力援疆"),
        "the last good page is still served under the overlay"
    );
    assert!(home.contains("templates/page.html"), "overlay names the template");
}

#[test]
fn files_a_body_links_to_are_served_and_follow_edits() {
    let f = hangzhou_site(3);
    f.write("content/stories/2020/images/a.gif", "GIF89a a");
    let (mut live, first) = LiveSite::new(f.root(), Fixture::options());
    assert!(first.ok, "{:?}", live.errors());
    let path = "content/stories/2020/hz-1.md";
    let copy = "stories/hz-1/images/a.gif";
    let bytes = |live: &LiveSite| live.files().get(copy).map(|f| f.bytes().expect("read"));
    assert_eq!(bytes(&live), None, "no body links to it yet");

    // A body edit that links to a file beside the story changes the files
    // beside its page: the site is rendered whole, and the file is served.
    let linked = replace_and_rebuild(&f, &mut live, path, "杭州报道1。", "杭州报道1。![图](images/a.gif)");
    assert!(linked.ok, "{:?}", live.errors());
    assert_eq!(linked.model, ModelUpdate::Whole);
    assert_eq!(bytes(&live).as_deref(), Some(&b"GIF89a a"[..]));
    same_as_full_build(&f, &live);

    // An edit of the file itself is served.
    f.write("content/stories/2020/images/a.gif", "GIF89a a, edited");
    let edited = live.rebuild(&[f.root().join("content/stories/2020/images/a.gif")]);
    assert!(edited.ok, "{:?}", live.errors());
    assert_eq!(bytes(&live).as_deref(), Some(&b"GIF89a a, edited"[..]));
    same_as_full_build(&f, &live);

    // A body that no longer links to it takes the copy away.
    let unlinked = replace_and_rebuild(&f, &mut live, path, "![图](images/a.gif)", "");
    assert!(unlinked.ok, "{:?}", live.errors());
    assert_eq!(bytes(&live), None);
    same_as_full_build(&f, &live);
}

/// A raw HTTP/1.1 request with `method`: the status line's code and the headers.
fn request(addr: std::net::SocketAddr, method: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    let code = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let head = text.split_once("\r\n\r\n").map_or(text.clone(), |(h, _)| h.to_string());
    (code, head.to_ascii_lowercase())
}

#[test]
fn only_get_and_head_are_answered_and_redirects_stay_on_the_host() {
    let f = Fixture::new();
    let server = serve(&f);
    for method in ["POST", "DELETE", "PUT", "PATCH"] {
        let (code, head) = request(server.addr(), method, "/");
        assert_eq!(code, 405, "{method}");
        assert!(head.contains("allow: get, head"), "{method}: {head}");
    }
    let (code, _) = request(server.addr(), "HEAD", "/");
    assert_eq!(code, 200);
    // A folder without its slash, asked for with a doubled slash, is
    // redirected on this host (`//stories` would name the host `stories`).
    let (code, head) = request(server.addr(), "GET", "//en/stories");
    assert_eq!(code, 301);
    assert!(head.contains("location: /en/stories/\r\n"), "{head}");
}
