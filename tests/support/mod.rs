//! Helpers shared by the property tests and the fuzz targets.
pub(crate) mod executable_script;
pub(crate) mod fuzz_properties;
