//! Figures (数读): exact values, units and their bilingual rendering.
//!
//! - `number`: a figure's value as written and as an exact decimal.
//! - `unit`: magnitude prefix + base unit (`亿元`, `万人次`, `%`).
//! - `format`: Chinese as written, English from the normalised value, totals.

pub(crate) mod format;
pub(crate) mod number;
pub(crate) mod unit;

pub use format::{format_figure, format_total};
pub use number::{FigureNumber, NumberError};
pub use unit::{parse_unit, Unit};
