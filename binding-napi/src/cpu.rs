//! What the running CPU offers, as the crates underneath see it at run time.
//!
//! Reported in `backend.cpuFeatures` so benchmarks and bug reports say which SIMD paths ran.

use napi_derive::napi;

/// The SIMD features detected at run time that the hash crates dispatch on.
#[napi]
pub fn cpu_features() -> Vec<String> {
    let mut found: Vec<&str> = Vec::new();
    cfg_if::cfg_if! {
        if #[cfg(any(target_arch = "x86_64", target_arch = "x86"))] {
            for (name, present) in [
                ("sse4.1", std::arch::is_x86_feature_detected!("sse4.1")),
                ("avx2", std::arch::is_x86_feature_detected!("avx2")),
                ("avx512f", std::arch::is_x86_feature_detected!("avx512f")),
                ("sha", std::arch::is_x86_feature_detected!("sha")),
                ("pclmulqdq", std::arch::is_x86_feature_detected!("pclmulqdq")),
                ("vpclmulqdq", std::arch::is_x86_feature_detected!("vpclmulqdq")),
            ] {
                if present { found.push(name) }
            }
        } else if #[cfg(target_arch = "aarch64")] {
            for (name, present) in [
                ("neon", std::arch::is_aarch64_feature_detected!("neon")),
                ("sha2", std::arch::is_aarch64_feature_detected!("sha2")),
                ("pmull", std::arch::is_aarch64_feature_detected!("pmull")),
                ("crc", std::arch::is_aarch64_feature_detected!("crc")),
            ] {
                if present { found.push(name) }
            }
        }
    }
    found.into_iter().map(str::to_owned).collect()
}
