#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (CI: 50 s each, 5 targets).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); works on stable Rust
# (RUSTC_BOOTSTRAP=1, and `-s none`: the targets are safe Rust, so no
# sanitizer). Seeds come from fuzz/seeds/<target>/; what the fuzzer learns goes
# to fuzz/corpus/<target>/ (not committed). A failure leaves its input in
# fuzz/artifacts/<target>/ and makes the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-50}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(front_matter markdown figures shortcodes slugs)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none -O
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "fuzz: $t for ${seconds}s"
  if ! cargo fuzz run -s none -O "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    # The panic message first (libFuzzer prints the input after it, and a
    # long input pushes the message out of any fixed tail).
    grep -m1 -A3 'panicked at' "$log" >&2 || true
    grep -v '^#' "$log" | grep -v '^\[' | tail -25 >&2
    echo "fuzz: $t failed; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|new_units_added)' "$log" | sed 's/^/    /'
done
