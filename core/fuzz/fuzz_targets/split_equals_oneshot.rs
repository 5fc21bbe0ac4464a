//! Fuzz target: see `hashmill_core_fuzz::split_equals_oneshot` for the property and the input layout.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hashmill_core_fuzz::split_equals_oneshot(data));
