#!/usr/bin/env bash
# The hostile-input suite at full size (50 MB post, 10 MB paragraph, 100,000 nested
# elements…), in release mode, with its peak memory checked against the bound stated in
# docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
max_rss_mb=${NEWSPOST_HOSTILE_MAX_RSS_MB:-2048}
cargo test --release --test hostile --no-run
if [ -x /usr/bin/time ]; then
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  NEWSPOST_HOSTILE_FULL=1 /usr/bin/time -v -o "$log" \
    cargo test --release --test hostile -- --test-threads=1
  peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "hostile suite peak memory: $((peak_kb / 1024)) MB (bound ${max_rss_mb} MB)"
  if [ "$((peak_kb / 1024))" -gt "$max_rss_mb" ]; then
    echo "hostile suite used more memory than the documented bound" >&2
    exit 1
  fi
else
  echo "note: /usr/bin/time not found; peak memory not checked"
  NEWSPOST_HOSTILE_FULL=1 cargo test --release --test hostile -- --test-threads=1
fi
