#!/usr/bin/env bash
# Two-thread scaling of one or more newspost binaries, in alternating runs, so that the
# machine's changing load weighs on every binary alike (for docs/performance.md).
# Usage: benches/peers/alternate.sh RUNS CORPUS_DIR BINARY...
# Each round runs every binary with -j 1 and -j 2 (`convert --to jsonl`, stdout to
# /dev/null); prints per binary the best, first-quartile and median times in ms, and the
# ratio of one thread's time to two threads' at each.
set -euo pipefail
runs=${1:?usage: alternate.sh RUNS CORPUS_DIR BINARY...}
corpus=${2:?usage: alternate.sh RUNS CORPUS_DIR BINARY...}
shift 2
[ $# -gt 0 ] || { echo "usage: alternate.sh RUNS CORPUS_DIR BINARY..." >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for _ in $(seq "$runs"); do
  for n in $(seq $#); do
    bin=${!n}
    for j in 1 2; do
      start=$EPOCHREALTIME
      "$bin" convert --to jsonl --quiet -j "$j" "$corpus" >/dev/null
      end=$EPOCHREALTIME
      awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }' >>"$work/$n.$j"
    done
  done
done

# Best, first quartile and median of a file of times.
quantiles() { sort -n "$1" | awk '{ t[NR] = $1 } END { print t[1], t[int(NR / 4) + 1], t[int((NR + 1) / 2)] }'; }
for n in $(seq $#); do
  read -r b1 q1 m1 < <(quantiles "$work/$n.1")
  read -r b2 q2 m2 < <(quantiles "$work/$n.2")
  awk -v bin="${!n}" -v b1="$b1" -v q1="$q1" -v m1="$m1" -v b2="$b2" -v q2="$q2" -v m2="$m2" 'BEGIN {
    printf "%s\n  -j 1: best %.2f  quartile %.2f  median %.2f ms\n", bin, b1, q1, m1
    printf "  -j 2: best %.2f  quartile %.2f  median %.2f ms\n", b2, q2, m2
    printf "  two threads vs one: %.3fx best, %.3fx quartile, %.3fx median\n", b1 / b2, q1 / q2, m1 / m2
  }'
done
