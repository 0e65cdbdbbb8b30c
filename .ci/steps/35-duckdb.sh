#!/usr/bin/env bash
# The analytics path end to end (docs/data.md, "Queries"): the archives converted to
# Parquet (a directory of shards) and JSONL, loaded in DuckDB, and the documented queries
# (posts per day per source, the top image hosts, epoch/date mismatches) run over both.
# Their answers must equal what the library computes (examples/archive_stats.rs), and
# read_json_auto must type the JSONL's `instant` as a timestamp.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet 'duckdb==2.0.1'
roots=(tests/fixtures/parse tests/fixtures/convert)
for corpus in sample defects real/teahouse real/waimei real/duty-machine; do
  [ -d "../shared/corpus/$corpus" ] && roots+=("../shared/corpus/$corpus")
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Exit 1 means some posts could not be read (the defects corpus has such posts, which the
# library leaves out too); 2, that the run failed.
convert() {
  local status=0
  cargo run --quiet --release -p newspost-cli -- convert --quiet "$@" "${roots[@]}" \
    2>"$work/stderr" || status=$?
  if [ "$status" -gt 1 ]; then cat "$work/stderr"; exit 1; fi
}
convert --to parquet --shard-rows 1000 -o "$work/posts"
convert --to jsonl -o "$work/posts.jsonl"
# The builds of earlier steps, reused: the command as step 10 builds it, the example as the
# tests do (all features).
cargo run --quiet --all-features --example archive_stats -- "${roots[@]}" >"$work/stats.json"
python3 .ci/tools/duckdb_check.py "$work/posts" "$work/posts.jsonl" "$work/stats.json"
