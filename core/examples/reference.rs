//! Reference speeds for `npm run bench`: what the crates underneath do with no binding in
//! between, on the same machine and data size, so the benchmark can report binding overhead.
//!
//! `cargo run --release -p hashmill-core --features rayon --example reference -- <MiB> <runs> [metric]`
//! prints JSON: BLAKE3 `update_rayon` and one-thread `update` over an in-memory buffer, and
//! a plain read pass over the buffer (the memory-bandwidth limit), each as GiB/s (median);
//! with a metric (`blake3UpdateRayon`, `blake3Update` or `memoryRead`), that one alone, so
//! the bench can time it between its own rounds.

use std::time::Instant;

fn median_gibs(bytes: usize, runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    bytes as f64 / (1u64 << 30) as f64 / times[runs / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mib: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1024);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let bytes = mib << 20;
    let mut data = vec![0u8; bytes];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for chunk in data.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
    }
    let only = args.next();
    let rayon = || {
        std::hint::black_box(blake3::Hasher::new().update_rayon(&data).finalize());
    };
    let single = || {
        std::hint::black_box(blake3::Hasher::new().update(&data).finalize());
    };
    let read = || {
        let sum = data.chunks_exact(64).fold(0u64, |acc, c| {
            acc.wrapping_add(u64::from_le_bytes(c[..8].try_into().unwrap())) ^ u64::from(c[63])
        });
        std::hint::black_box(sum);
    };
    let metrics: [(&str, &dyn Fn()); 3] = [
        ("blake3UpdateRayon", &rayon),
        ("blake3Update", &single),
        ("memoryRead", &read),
    ];
    let fields: Vec<String> = metrics
        .into_iter()
        .filter(|(name, _)| only.as_deref().is_none_or(|o| o == *name))
        .map(|(name, f)| format!("\"{name}\":{:.3}", median_gibs(bytes, runs, f)))
        .collect();
    println!(
        "{{\"mib\":{mib},{},\"threads\":{}}}",
        fields.join(","),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
