//! Render: Markdown bodies, then pages through the theme's templates.
//! Rendering reads only the model, never the disk.

pub(crate) mod affected;
pub(crate) mod content;
pub(crate) mod context;
pub(crate) mod figures_pages;
pub mod markdown;
pub(crate) mod open_data;
mod page_context;
pub(crate) mod pages;
pub(crate) mod pictures;
pub(crate) mod search_page;
pub(crate) mod share_images;
mod site_context;
pub(crate) mod templates;
pub(crate) mod widget_context;
pub(crate) mod widgets;

pub(crate) use content::RenderedContent;
pub(crate) use pages::{Job, Output, OutputData, Renderer};
pub use search_page::SearchReport;
pub use share_images::ShareImages;
pub(crate) use templates::Templates;
