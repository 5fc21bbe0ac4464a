//! Replays the committed fuzz corpus and every past finding through the fuzz targets'
//! checks, on stable Rust: `core/fuzz/corpus/<target>/` and `core/fuzz/regressions/<target>/`
//! (`npm run fuzz` grows and minimizes the corpus; a crash input goes under regressions/).
//! With `--features rayon` the parallel BLAKE3 path is replayed too.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of the target's corpus and regressions; returns how many.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let result = std::panic::catch_unwind(|| check(&data));
            assert!(result.is_ok(), "{target} fails on {}", path.display());
            count += 1;
        }
    }
    count
}

#[test]
fn split_equals_oneshot() {
    assert!(replay("split_equals_oneshot", checks::split_equals_oneshot) > 0);
}

#[test]
fn manifest_roundtrip() {
    assert!(replay("manifest_roundtrip", checks::manifest_roundtrip) > 0);
}

#[test]
fn ignore_patterns() {
    assert!(replay("ignore_patterns", checks::ignore_patterns) > 0);
}
