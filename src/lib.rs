//! shudu (数读): a static site generator for bilingual publications about
//! paired aid to Xinjiang (对口援疆).
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] (discover files, parse front matter) → [`model`] (the site graph,
//! validated) → [`render`] (Markdown, templates) → [`write`] (the output folder,
//! swapped in whole). [`build`] runs them in order.

pub mod build;
pub mod chart;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod figures;
pub mod load;
pub mod model;
pub mod photo;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod write;

pub use build::{build, build_in_memory, BuildError, BuildReport};
pub use model::BuildOptions;
