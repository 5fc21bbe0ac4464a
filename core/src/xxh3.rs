//! One-shot XXH3 (64- and 128-bit) from the implementation that is fastest on each target.
//!
//! Native: twox-hash, which picks AVX2 or NEON at run time (xxhash-rust would fix SSE2 at
//! compile time). wasm32: xxhash-rust, whose simd128 path is compiled in with the target
//! feature (wasm has no run-time dispatch; twox-hash has no wasm SIMD). Both are checked
//! against each other and the reference vectors by the tests. Streaming XXH3 is
//! hashmill's own ([`xxh3_stream`](crate::xxh3_stream)), since neither crate lets its state
//! be saved.

cfg_if::cfg_if! {
    if #[cfg(target_arch = "wasm32")] {
        use xxhash_rust::xxh3::{xxh3_128_with_seed, xxh3_64_with_seed};

        /// One-shot XXH3-64.
        pub fn oneshot_64(seed: u64, data: &[u8]) -> u64 { xxh3_64_with_seed(data, seed) }
        /// One-shot XXH3-128.
        pub fn oneshot_128(seed: u64, data: &[u8]) -> u128 { xxh3_128_with_seed(data, seed) }
    } else {
        use twox_hash::{XxHash3_128, XxHash3_64};

        /// One-shot XXH3-64.
        pub fn oneshot_64(seed: u64, data: &[u8]) -> u64 { XxHash3_64::oneshot_with_seed(seed, data) }
        /// One-shot XXH3-128.
        pub fn oneshot_128(seed: u64, data: &[u8]) -> u128 { XxHash3_128::oneshot_with_seed(seed, data) }
    }
}
