//! What more than one stage needs to know about the text formats of a site:
//! how Markdown bodies are parsed, how links are found in HTML, how link
//! paths are decoded and walked, how text is escaped. Below `model`, `render` and `check`, which
//! all use it; it uses nothing of the crate and reads nothing from disk.

pub(crate) mod escape;
pub(crate) mod html;
pub(crate) mod url;

use pulldown_cmark::Options;

/// The Markdown extensions bodies are rendered with; whatever else parses a
/// body (the model's link list, `check`) uses them too, so that positions agree.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}
