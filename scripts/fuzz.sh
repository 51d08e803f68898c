#!/usr/bin/env bash
# Run each cargo-fuzz target for a bounded time: scripts/fuzz.sh [SECONDS] (default 60 each).
#
# libFuzzer needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Without
# them, the same properties run on stable: the seed corpora plus KEFU_FUZZ_ITERS mutated
# inputs per target (tests/reliability/fuzz_replay.rs, also part of `cargo test`), 20 000
# inputs per second asked for.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
targets=(resident_id validate mobile lookup_query display config evidence)

# FUZZ_ENGINE=stable forces the replay (CI: the first sanitizer build of the whole crate
# takes tens of minutes on two cores).
if [ "${FUZZ_ENGINE:-}" != stable ] && rustup toolchain list 2>/dev/null | grep -q '^nightly' && cargo +nightly fuzz --version >/dev/null 2>&1; then
    for t in "${targets[@]}"; do
        echo "== fuzz $t for ${secs}s"
        # New inputs go to a scratch corpus; the committed seeds stay small (cargo fuzz cmin
        # can fold interesting ones back in).
        scratch="fuzz/target/corpus/$t"
        mkdir -p "$scratch"
        # Images need room: their seeds are a few hundred bytes.
        len=256
        if [ "$t" = evidence ]; then len=4096; fi
        cargo +nightly fuzz run "$t" "$scratch" "fuzz/corpus/$t" -- \
            -max_total_time="$secs" -max_len="$len" -print_final_stats=1
    done
else
    echo "nightly and cargo-fuzz not both available: running the stable replay instead" >&2
    iters=$(( secs * 20000 ))
    KEFU_FUZZ_ITERS="$iters" cargo test --test reliability fuzz_replay -- --nocapture
fi
