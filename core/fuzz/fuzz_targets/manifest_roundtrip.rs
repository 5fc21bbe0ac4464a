//! Fuzz target: see `hashmill_core_fuzz::manifest_roundtrip` for the property and the input layout.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hashmill_core_fuzz::manifest_roundtrip(data));
