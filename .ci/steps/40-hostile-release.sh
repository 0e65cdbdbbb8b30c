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

# The command line at the issue's sizes (issue 20, items 4 and 6): human lint of 20,000
# findings on one line, and `--format json|sarif` of one 1 MB body of 500,000 control
# characters, each bounded in time and memory.
cargo build --release -p newspost-cli
bin=target/release/newspost
work=$(mktemp -d)
trap 'rm -rf "$work"; rm -f "${log:-}"' EXIT
head='---
title: "Hostile"
date: 2024-07-03T08:00:33.000Z
from: https://example.com/a
---
<!--1719993633000-->
[Hostile](https://example.com/a)
------
'
{ printf '%s\n<div><p>' "$head"; for _ in $(seq 20000); do printf '<a href="x/y">l</a> '; done; printf '</p></div>\n'; } > "$work/links.md"
{ printf '%s\n<div><p>' "$head"; head -c 500000 /dev/zero | tr '\0' '\1' | sed 's/./a&/g'; printf '</p></div>\n'; } > "$work/controls.md"
{ printf '%s\n<div><p>' "$head"; head -c 4000000 /dev/zero | tr '\0' '\1' | sed 's/./a&/g'; printf '</p></div>\n'; } > "$work/controls-8mb.md"
check() { # NAME MAX_SECONDS MAX_MB COMMAND...
  local name=$1 max_s=$2 max_mb=$3
  shift 3
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/out" 2>/dev/null || true
    read -r seconds kb < "$work/time"
    echo "$name: ${seconds} s, $((kb / 1024)) MB, $(wc -c < "$work/out") bytes out (bounds ${max_s} s, ${max_mb} MB)"
    awk -v s="$seconds" -v m="$max_s" 'BEGIN { exit !(s <= m) }' || { echo "$name: too slow" >&2; exit 1; }
    [ "$((kb / 1024))" -le "$max_mb" ] || { echo "$name: too much memory" >&2; exit 1; }
  else
    "$@" > "$work/out" 2>/dev/null || true
  fi
}
check "human lint, 20,000 findings on one line" 10 100 "$bin" lint --color never "$work/links.md"
check "json lint, 500,000 control characters" 10 100 "$bin" lint --format json "$work/controls.md"
check "sarif lint, 500,000 control characters" 10 100 "$bin" lint --format sarif "$work/controls.md"
# A report's rule stops collecting at its cap: memory does not follow the findings.
check "json lint, 4,000,000 control characters" 10 150 "$bin" lint --format json "$work/controls-8mb.md"
