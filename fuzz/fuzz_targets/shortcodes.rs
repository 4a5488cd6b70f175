//! Fuzz target: see `shortcodes` in tests/support/fuzz_properties.rs.
#![no_main]

#[path = "../../tests/support/mod.rs"]
#[allow(dead_code)]
mod support;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    support::fuzz_properties::shortcodes(&String::from_utf8_lossy(data));
});
