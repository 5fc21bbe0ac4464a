#!/usr/bin/env bash
# `npm run fuzz`: runs every cargo-fuzz target of hashmill-core (core/fuzz/) for
# FUZZ_SECONDS each (default 60) on the committed corpus, then minimizes the corpus
# (`cargo fuzz cmin`) so `cargo test -p hashmill-core` keeps replaying it quickly
# (core/tests/fuzz_corpus.rs). Needs the nightly toolchain; installs cargo-fuzz if missing.
# One process, one thread per target (rayon too), so it leaves the other cores alone.
# On a crash it stops: fix core, then copy the input from core/fuzz/artifacts/<target>/
# to core/fuzz/regressions/<target>/, where every test run replays it.
set -euo pipefail

cd "$(dirname "$0")/../core/fuzz"
seconds="${FUZZ_SECONDS:-60}"
export RAYON_NUM_THREADS="${RAYON_NUM_THREADS:-1}"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  seeds=("corpus/$target")
  [ -d "regressions/$target" ] && seeds+=("regressions/$target")
  echo "== $target: ${seconds}s"
  cargo +nightly fuzz run --debug-assertions "$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1
  cargo +nightly fuzz cmin --debug-assertions "$target" "corpus/$target"
done
