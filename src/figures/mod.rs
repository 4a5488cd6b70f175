//! Figures (数读): exact values, units and their bilingual rendering.
//!
//! - [`number`]: a figure's value as written and as an exact decimal.
//! - [`unit`](mod@unit): magnitude prefix + base unit (`亿元`, `万人次`, `%`).
//! - [`format`](mod@format): Chinese as written, English from the normalised value, totals.

pub mod format;
pub mod number;
pub mod unit;

pub use format::{base_unit_label, format_figure, format_plain_number, format_total, BaseUnit, EnStyle, BASE_UNITS};
pub use number::{FigureNumber, NumberError};
pub use unit::{is_builtin_base, parse_unit, Magnitude, Unit, MAGNITUDES};
