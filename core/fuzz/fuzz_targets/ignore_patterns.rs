//! Fuzz target: see `hashmill_core_fuzz::ignore_patterns` for the property and the input layout.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hashmill_core_fuzz::ignore_patterns(data));
