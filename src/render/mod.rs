//! Render: Markdown bodies, then pages through the theme's templates.
//! Rendering reads only the model, never the disk.

pub mod affected;
pub mod content;
pub mod context;
pub mod figures_pages;
pub mod markdown;
pub mod open_data;
mod page_context;
pub mod pages;
pub mod pictures;
pub mod search_page;
pub mod share_images;
mod site_context;
pub mod templates;
pub mod widget_context;
pub mod widgets;

pub use content::{render_content, RenderedContent};
pub use pages::{Job, Output, OutputData, Renderer};
pub use templates::Templates;
