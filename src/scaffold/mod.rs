//! Scaffolding: `shudu new` writes one content file with a complete front
//! matter, and `shudu init` writes a new site. What they write builds as it is,
//! and neither ever overwrites a file.
//!
//! # Command line (proposed)
//!
//! ```text
//! shudu new story <slug> --command <slug>[,<slug>…] [--title TEXT] [--date YYYY-MM-DD] [--lang LANG] [--root DIR]
//! shudu new command <slug> [--name TEXT] [--lang LANG] [--root DIR]
//! shudu new page <slug> [--title TEXT] [--lang LANG] [--root DIR]
//! shudu init <dir>
//! ```
//!
//! - `new story` → [`new_story`] with [`NewStory`]; writes
//!   `content/stories/<year of date>/<slug>.md`. `--date` defaults to today in
//!   site.yaml's timezone; `--lang` to the default language (another language
//!   gives `<slug>.<lang>.md`). When the story already exists in the default
//!   language, `--lang` writes its translation beside it, carrying only the
//!   title, and `--command` may be left out.
//! - `new command` → [`new_command`] with [`NewCommand`]; writes `content/commands/<slug>[.<lang>].md`.
//! - `new page` → [`new_page`] with [`NewPage`]; writes `content/pages/<slug>[.<lang>].md`.
//!   Slugs whose URL belongs to the site (`stories`, `figures`, a language code…) are refused.
//! - `init` → [`init_site`]; `<dir>` is created when missing and must otherwise be empty
//!   (hidden entries such as `.git` are allowed).
//!
//! On success, print the path(s) returned and exit 0. A [`ScaffoldError`] prints
//! as `path: what is wrong`: exit 2 for wrong usage ([`ScaffoldError::InvalidSlug`],
//! [`ScaffoldError::InvalidDate`], [`ScaffoldError::UnknownLanguage`],
//! [`ScaffoldError::UnknownCommand`], [`ScaffoldError::MissingCommand`]), else 1.

mod command;
mod error;
mod existing;
mod init;
mod page;
mod site;
mod story;
mod target;
mod text;
mod validate;
mod write;

pub use command::{new_command, NewCommand};
pub use error::ScaffoldError;
pub use init::init_site;
pub use page::{new_page, NewPage};
pub use story::{new_story, NewStory};
