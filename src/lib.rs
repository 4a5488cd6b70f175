//! shudu (数读): a static site generator for bilingual publications about
//! paired aid to Xinjiang (对口援疆).
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] (discover files, parse front matter) → [`model`] (the site graph,
//! validated) → [`render`] (Markdown, templates) → [`write`](mod@write) (the output folder,
//! swapped in whole). [`build`](mod@build) runs them in order; [`check`] and [`serve`]
//! run them too and work on what they return.
//!
//! # Layering rules
//!
//! Each rule comes with a `grep` that checks it (run at the repository
//! root; each prints nothing while the rule holds). `tests/layers.rs` checks
//! the same rules on the code (comments and unit tests aside) in `cargo test`.
//!
//! - **Only `load` reads the site** (plus `write`, which owns the output
//!   folder, `serve`, which watches the site, and `scaffold`, which creates
//!   files): covers are found and measured there (`load::cover`), and the
//!   files `check` and the diagnostics report read again come from
//!   `load::source`. The one other `std::fs` is the fixture of a test in
//!   `report.rs`.
//!   `grep -rln --exclude=lib.rs 'std::fs\|fs::\|image::' src | grep -v '^src/\(load\|write\|serve\|scaffold\)/\|^src/report.rs'`
//! - **`model` uses neither `render` nor `check`** (nor `write`, `serve`,
//!   `build`): `grep -rn 'crate::\(render\|check\|write\|serve\|build\)' src/model`
//! - **`load` uses no later stage**:
//!   `grep -rn 'crate::\(model\|render\|check\|write\|serve\|build\|chart\)' src/load src/config.rs`
//! - **`render` uses neither `write`, `serve` nor `check`**:
//!   `grep -rn 'crate::\(write\|serve\|check\)' src/render`
//! - **`markup` is below every stage** (Markdown options, links in HTML,
//!   URL paths, slugs, escaping) and uses nothing of the crate:
//!   `grep -rn 'crate::' src/markup`
//! - **One HTML escaper**, `markup::escape`:
//!   `grep -rln --exclude=lib.rs '"&amp;"' src | grep -v '^src/markup/escape.rs'`

pub mod build;
pub mod card;
pub(crate) mod chart;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod figures;
pub mod load;
pub(crate) mod markup;
pub mod model;
pub(crate) mod photo;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod share;
pub mod write;

pub use build::{build, build_in_memory, BuildError, BuildReport};
pub use model::BuildOptions;
