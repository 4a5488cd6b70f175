//! Helpers shared by the property tests and the fuzz targets.
pub mod executable_script;
pub mod fuzz_properties;
