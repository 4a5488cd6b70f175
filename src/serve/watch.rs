//! Watching the site's sources: changes are debounced (editors save several
//! files at once) and handed over as one batch of paths.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::{is_watched, ServeError, WATCHED};

/// How long after the last change a rebuild starts. An editor's save is a
/// burst of events a few milliseconds apart; the rebuild of a body edit
/// takes about 20 ms at 10k stories, so the wait is most of an edit's latency.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// Keeps watching while alive.
pub(super) struct Watcher {
    _debouncer: Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>,
}

/// Watches the site's folders under `root` (and `root` itself, for
/// `site.yaml` and folders created later) and calls `on_change` with the
/// changed paths of each debounced batch.
pub(super) fn watch(
    root: &Path,
    mut on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> Result<Watcher, ServeError> {
    let root_owned = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let filter_root = root_owned.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| !e.kind.is_access())
            .flat_map(|e| e.event.paths)
            .filter(|p| is_watched(&filter_root, p))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            on_change(paths);
        }
    })
    .map_err(|e| ServeError::Watch {
        path: root.display().to_string(),
        message: e.to_string(),
    })?;
    let watch = |d: &mut Debouncer<_, _>, p: &Path, mode| {
        d.watch(p, mode).map_err(|e| ServeError::Watch {
            path: p.display().to_string(),
            message: e.to_string(),
        })
    };
    watch(&mut debouncer, &root_owned, RecursiveMode::NonRecursive)?;
    for name in WATCHED {
        let p = root_owned.join(name);
        if p.is_dir() {
            watch(&mut debouncer, &p, RecursiveMode::Recursive)?;
        }
    }
    Ok(Watcher { _debouncer: debouncer })
}
