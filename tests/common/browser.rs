//! Debian's headless Chromium for the browser tests, started the way this
//! machine allows (no sandbox as root, no background networking) with a
//! fresh profile. A missing Chromium fails the test: it is never skipped.

use std::path::{Path, PathBuf};
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Starts Chromium with the profile folder `user_data` and a window of `size`.
pub fn launch(user_data: &Path, size: (u32, u32)) -> Browser {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "{CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install chromium)"
    );
    let args: Vec<&std::ffi::OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-default-browser-check",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from(CHROMIUM)))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(user_data.to_path_buf()))
        .window_size(Some(size))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    Browser::new(options).unwrap_or_else(|e| panic!("cannot start {CHROMIUM}: {e}"))
}
