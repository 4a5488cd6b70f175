//! Headless Chromium for the browser tests, found on `PATH` and started the
//! way a CI container allows (no sandbox as root, no background networking)
//! with a fresh profile.
//!
//! Without a Chromium, a browser test is skipped with the reason printed,
//! except under CI (`CI` set to anything but `false` or `0`), where a
//! missing browser is a failure: CI installs it (`.ci/run`).

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions};

/// The names a Chromium goes by, looked up on `PATH` in this order.
pub(crate) const NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// The first of [`NAMES`] found as a file in one of the folders of `path`
/// (a `PATH`-style list).
pub(crate) fn find_in(path: &OsStr) -> Option<PathBuf> {
    let folders: Vec<PathBuf> = std::env::split_paths(path).collect();
    NAMES
        .iter()
        .find_map(|name| folders.iter().map(|d| d.join(name)).find(|p| p.is_file()))
}

/// Whether the tests run under CI: `CI` is set, and not to `false` or `0`.
pub(crate) fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The Chromium on `PATH`. `None` (with the reason printed) when there is
/// none and the tests do not run under CI; under CI a missing Chromium
/// fails the test.
pub(crate) fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|p| find_in(&p));
    if found.is_none() {
        let reason = format!(
            "no Chromium on PATH (looked for {}); install one, e.g. apt-get install chromium",
            NAMES.join(", ")
        );
        assert!(!under_ci(), "CI is set and the browser tests cannot run: {reason}");
        // Straight to stderr: the test harness captures `eprintln!`, and
        // the reason must show.
        let _ = writeln!(std::io::stderr(), "browser test skipped: {reason}");
    }
    found
}

/// Starts `chromium` (from [`chromium`]) with the profile folder
/// `user_data` and a window of `size`.
pub(crate) fn launch(chromium: &Path, user_data: &Path, size: (u32, u32)) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-default-browser-check",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium.to_path_buf()))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(user_data.to_path_buf()))
        .window_size(Some(size))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    Browser::new(options).unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()))
}

/// Evaluates `expr` in the page until it gives a string satisfying `ok`, or panics after `secs`.
pub(crate) fn wait_for(tab: &headless_chrome::Tab, expr: &str, secs: u64, ok: impl Fn(&str) -> bool) -> String {
    let start = std::time::Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(secs) {
        if let Ok(v) = tab.evaluate(expr, false) {
            last = v
                .value
                .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                .unwrap_or_default();
            if ok(&last) {
                return last;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for `{expr}`: last value {last:?}");
}
