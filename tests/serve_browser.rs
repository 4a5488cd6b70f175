//! `shudu serve` in a real browser (headless Chromium, over CDP):
//! an open page reloads by itself after a story is edited, and shows the
//! error overlay when the edit breaks the story, without any manual reload.
//!
//! Chromium is looked up on PATH (`common::browser`): without one the test
//! is skipped with the reason printed, except under CI, where it fails.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use common::*;
use headless_chrome::Tab;
use shudu::serve::{start, ServeOptions};

const STORY: &str = "content/stories/2022/alar-talent.md";

/// How long the test waits for the page to change: generous, so a busy CI
/// machine does not fail it (speed is `bench/run.py`'s job).
const PATIENCE: Duration = Duration::from_secs(15);

/// Evaluates `expr` until it is true, for at most `limit`; returns how long it took.
fn wait_true(tab: &Tab, expr: &str, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(v) = tab.evaluate(expr, false) {
            if v.value.and_then(|v| v.as_bool()) == Some(true) {
                return Some(start.elapsed());
            }
        }
        thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn an_open_page_reloads_itself_after_an_edit_and_shows_errors() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let f = Fixture::new();
    let server = start(&ServeOptions {
        root: f.root().to_path_buf(),
        interface: "127.0.0.1".into(),
        port: 0,
        drafts: false,
        future: false,
    })
    .expect("server starts");
    let profile = tempfile::tempdir().expect("profile");
    let browser = browser::launch(&chromium, profile.path(), (1000, 800));
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("{}/stories/alar-talent/", server.url()))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    // Mark this document: a reload replaces it, and the mark is gone.
    tab.evaluate("window.__shuduMark = 1; true", false).expect("mark");
    assert!(
        wait_true(&tab, "document.body.innerText.includes('正文')", PATIENCE).is_some(),
        "page shows the story"
    );
    thread::sleep(Duration::from_millis(300));

    let text = std::fs::read_to_string(f.root().join(STORY)).expect("story");
    f.write(STORY, &text.replace("正文。", "浏览器自动刷新后看到的新段落。"));
    let reloaded = wait_true(
        &tab,
        "window.__shuduMark === undefined && document.body.innerText.includes('浏览器自动刷新后看到的新段落')",
        PATIENCE,
    );
    assert!(reloaded.is_some(), "the page did not reload itself with the edit");

    // A broken edit: the page reloads and shows the overlay, naming the file.
    tab.evaluate("window.__shuduMark = 2; true", false).expect("mark");
    f.write(STORY, &text.replace("date: 2022-04-15", "date: [oops"));
    let overlay = wait_true(
        &tab,
        "window.__shuduMark === undefined && !!document.getElementById('shudu-errors') && document.getElementById('shudu-errors').innerText.includes('alar-talent.md')",
        PATIENCE,
    );
    assert!(overlay.is_some(), "the overlay did not appear");

    // Fixed again: the overlay goes away by itself.
    f.write(STORY, &text);
    let gone = wait_true(&tab, "!document.getElementById('shudu-errors')", PATIENCE);
    assert!(gone.is_some(), "the overlay did not go away after the fix");
}

/// The lookup the browser tests rely on: the first of the names, in order,
/// that is a file in a folder of the PATH.
#[test]
fn chromium_is_looked_up_on_the_path_by_its_names() {
    use std::ffi::OsStr;
    let a = tempfile::tempdir().expect("temp dir");
    let b = tempfile::tempdir().expect("temp dir");
    std::fs::write(b.path().join("google-chrome"), "").expect("write");
    std::fs::create_dir(a.path().join("chromium")).expect("a folder is not a browser");
    let path = std::env::join_paths([a.path(), b.path()]).expect("path");
    assert_eq!(browser::find_in(&path), Some(b.path().join("google-chrome")));
    std::fs::write(a.path().join("chromium-browser"), "").expect("write");
    assert_eq!(browser::find_in(&path), Some(a.path().join("chromium-browser")));
    assert_eq!(browser::find_in(OsStr::new("")), None);
}
