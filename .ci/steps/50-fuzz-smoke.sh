#!/usr/bin/env bash
# A short run of every cargo-fuzz target (NEWSPOST_FUZZ_SECONDS each, default 30) from the
# repository's fixtures, when a nightly toolchain is present. See docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "skipping fuzz smoke: no nightly toolchain (rustup toolchain install nightly enables it)"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
seconds=${NEWSPOST_FUZZ_SECONDS:-30}
fuzz/seed-corpus.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in $(cargo +nightly fuzz list); do
  echo "-- fuzz $target for ${seconds}s"
  if ! cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- \
    -dict=fuzz/newspost.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target failed; the input is under fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E 'DONE|stat::number_of_executed_units' "$log" || tail -n 3 "$log"
done
