//! Encoding the photos a build needs, in parallel, with memory bounded.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};

use rayon::prelude::*;

use super::{Photo, Photos};

/// A photo to encode: its source file and bytes (read by `load`).
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) source: PathBuf,
    /// Its name, for the format of the link as written (`a.png`).
    pub(crate) name: String,
    pub(crate) key: String,
    pub(crate) bytes: Arc<Vec<u8>>,
    /// Upright or not, its size in pixels (from the header).
    pub(crate) pixels: u64,
}

/// What [`process`] made: the photos, and the sources that failed with why.
#[derive(Debug, Default)]
pub(crate) struct Processed {
    pub(crate) photos: Photos,
    pub(crate) failed: Vec<(PathBuf, String)>,
}

/// Bytes of decoded pixels that may be in memory at once across threads.
/// A job takes its share (decoded picture, one resized copy, the encoders'
/// buffers: about 10 bytes a pixel) before decoding, so a build with many
/// large photos waits rather than exhausting memory.
pub(crate) const MEMORY_BUDGET: u64 = 1 << 31;

/// Encodes every job, in parallel, within [`MEMORY_BUDGET`].
pub(crate) fn process(jobs: Vec<Job>) -> Processed {
    let budget = Budget::new(MEMORY_BUDGET);
    let results: Vec<(PathBuf, Result<Photo, String>)> = jobs
        .into_par_iter()
        .map(|job| {
            let cost = (job.pixels * 10).min(MEMORY_BUDGET);
            let _held = budget.take(cost);
            let made = super::transform::encode(&job.name, &job.bytes).map(|(manifest, variants)| Photo {
                key: job.key.clone(),
                manifest,
                variants,
                encoded: true,
            });
            (job.source, made)
        })
        .collect();
    let mut out = Processed::default();
    for (source, r) in results {
        match r {
            Ok(p) => {
                out.photos.insert(source, p);
            }
            Err(e) => out.failed.push((source, e)),
        }
    }
    out
}

/// A counting semaphore over bytes.
struct Budget {
    free: Mutex<u64>,
    freed: Condvar,
}

/// A share of the budget, given back when dropped.
struct Held<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    fn new(bytes: u64) -> Self {
        Budget {
            free: Mutex::new(bytes),
            freed: Condvar::new(),
        }
    }
    fn take(&self, bytes: u64) -> Held<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free < bytes {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= bytes;
        Held { budget: self, bytes }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut free = self.budget.free.lock().unwrap_or_else(|e| e.into_inner());
        *free += self.bytes;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_given_back() {
        let b = Budget::new(10);
        {
            let _a = b.take(6);
            let _b = b.take(4);
        }
        let _c = b.take(10);
    }
}
