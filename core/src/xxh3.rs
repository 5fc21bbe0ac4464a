//! XXH3 (64- and 128-bit) from the implementation that is fastest on each target.
//!
//! Native: twox-hash, which picks AVX2 or NEON at run time (xxhash-rust would fix SSE2 at
//! compile time). wasm32: xxhash-rust, whose simd128 path is compiled in with the target
//! feature (wasm has no run-time dispatch; twox-hash has no wasm SIMD). Both are checked
//! against each other and the reference vectors by the tests.

cfg_if::cfg_if! {
    if #[cfg(target_arch = "wasm32")] {
        use xxhash_rust::xxh3::{xxh3_128_with_seed, xxh3_64_with_seed, Xxh3};

        /// Streaming XXH3-64.
        #[derive(Clone)]
        pub struct Xxh3_64(Box<Xxh3>);
        /// Streaming XXH3-128.
        #[derive(Clone)]
        pub struct Xxh3_128(Box<Xxh3>);

        impl Xxh3_64 {
            pub fn with_seed(seed: u64) -> Self { Self(Box::new(Xxh3::with_seed(seed))) }
            pub fn update(&mut self, data: &[u8]) { self.0.update(data) }
            pub fn finish(&self) -> u64 { self.0.digest() }
        }
        impl Xxh3_128 {
            pub fn with_seed(seed: u64) -> Self { Self(Box::new(Xxh3::with_seed(seed))) }
            pub fn update(&mut self, data: &[u8]) { self.0.update(data) }
            pub fn finish(&self) -> u128 { self.0.digest128() }
        }
        /// One-shot XXH3-64.
        pub fn oneshot_64(seed: u64, data: &[u8]) -> u64 { xxh3_64_with_seed(data, seed) }
        /// One-shot XXH3-128.
        pub fn oneshot_128(seed: u64, data: &[u8]) -> u128 { xxh3_128_with_seed(data, seed) }
        /// The size of the boxed streaming state.
        pub const STATE_SIZE: usize = std::mem::size_of::<Xxh3>();
    } else {
        use std::hash::Hasher as _;
        use twox_hash::{XxHash3_128, XxHash3_64};

        /// Streaming XXH3-64.
        #[derive(Clone)]
        pub struct Xxh3_64(Box<XxHash3_64>);
        /// Streaming XXH3-128.
        #[derive(Clone)]
        pub struct Xxh3_128(Box<XxHash3_128>);

        impl Xxh3_64 {
            pub fn with_seed(seed: u64) -> Self { Self(Box::new(XxHash3_64::with_seed(seed))) }
            pub fn update(&mut self, data: &[u8]) { self.0.write(data) }
            pub fn finish(&self) -> u64 { self.0.finish() }
        }
        impl Xxh3_128 {
            pub fn with_seed(seed: u64) -> Self { Self(Box::new(XxHash3_128::with_seed(seed))) }
            pub fn update(&mut self, data: &[u8]) { self.0.write(data) }
            pub fn finish(&self) -> u128 { self.0.finish_128() }
        }
        /// One-shot XXH3-64.
        pub fn oneshot_64(seed: u64, data: &[u8]) -> u64 { XxHash3_64::oneshot_with_seed(seed, data) }
        /// One-shot XXH3-128.
        pub fn oneshot_128(seed: u64, data: &[u8]) -> u128 { XxHash3_128::oneshot_with_seed(seed, data) }
        /// The size of the boxed streaming state.
        pub const STATE_SIZE: usize = std::mem::size_of::<XxHash3_64>();
    }
}
