//! Failures injected by the tests, in debug builds only: `SHUDU_FAILPOINT`
//! names one or more points (comma-separated) where the build fails as if
//! the disk had. Release builds ignore the variable.
//!
//! - `write:<path>`: writing the output file `<path>` into the staging folder;
//! - `swap`: the swap of the staging folder with the output;
//! - `no-exchange`: the atomic exchange is "not supported", so the two-rename
//!   fallback of other systems is used;
//! - `fallback-second`: the fallback's second rename (staging → output).

use std::io;

/// Whether the test asked for a failure at `point`.
pub(crate) fn hit(point: &str) -> bool {
    #[cfg(debug_assertions)]
    {
        static POINTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        POINTS
            .get_or_init(|| {
                std::env::var("SHUDU_FAILPOINT")
                    .map(|v| v.split(',').map(str::to_string).collect())
                    .unwrap_or_default()
            })
            .iter()
            .any(|p| p == point)
    }
    #[cfg(not(debug_assertions))]
    {
        let _ = point;
        false
    }
}

/// An injected I/O error at `point`, when asked for.
pub(crate) fn check(point: &str) -> io::Result<()> {
    if hit(point) {
        Err(io::Error::other(format!(
            "injected failure at `{point}` (SHUDU_FAILPOINT)"
        )))
    } else {
        Ok(())
    }
}
