#!/usr/bin/env bash
# End-to-end comparisons for docs/performance.md, on one corpus directory:
#   newspost convert --to jsonl (all cores, 1 and 2 threads) vs the Python peer pipeline;
#   newspost convert --to text vs `pandoc -f html -t plain` over the same bodies
#   concatenated into one input; peak memory of --to jsonl.
# Usage: benches/peers/compare.sh CORPUS_DIR   (from the repository root)
# newspost's own runs take the best of NEWSPOST_RUNS (default 5; a run over a small corpus
# lasts tens of milliseconds, where one scheduling hiccup is 20%, so use 21 there).
# Needs: pip install python-frontmatter beautifulsoup4 lxml; apt-get install pandoc.
set -euo pipefail
corpus=${1:?usage: compare.sh CORPUS_DIR}
runs=${NEWSPOST_RUNS:-5}
cargo build --quiet --release -p newspost-cli
bin=target/release/newspost
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

posts=$(find "$corpus" -name '*.md' | wc -l)
bytes=$(find "$corpus" -name '*.md' -print0 | xargs -0 cat | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "corpus: $corpus, $posts posts, $mb MB, $(nproc) cores"

# Best of N wall-clock seconds of a command (stdout discarded).
best() {
  local n=$1; shift
  local best=
  for _ in $(seq "$n"); do
    local start end t
    start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  echo "$best"
}
rate() { awk -v s="$1" -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

t_all=$(best "$runs" "$bin" convert --to jsonl --quiet "$corpus")
t_1=$(best "$runs" "$bin" convert --to jsonl --quiet -j 1 "$corpus")
t_2=$(best "$runs" "$bin" convert --to jsonl --quiet -j 2 "$corpus")
t_py=$(best 1 python3 benches/peers/python_pipeline.py "$corpus")
echo "jsonl, all cores:   ${t_all} s  $(rate "$t_all") MB/s"
echo "jsonl, 1 thread:    ${t_1} s  $(rate "$t_1") MB/s"
echo "jsonl, 2 threads:   ${t_2} s  $(rate "$t_2") MB/s  (2 threads / 1 thread: $(ratio "$t_1" "$t_2")x)"
echo "python peer:        ${t_py} s  $(rate "$t_py") MB/s  (newspost all cores is $(ratio "$t_py" "$t_all")x faster)"

if [ -n "${NEWSPOST_SKIP_PANDOC:-}" ]; then
  echo "pandoc comparison skipped (NEWSPOST_SKIP_PANDOC)"
else
# The bodies (everything after the header underline, or after the front matter), one input.
python3 - "$corpus" "$work/bodies.html" <<'PY'
import pathlib, re, sys
out = open(sys.argv[2], "w", encoding="utf-8")
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    text = path.read_text(encoding="utf-8", errors="replace")
    m = re.search(r"^-{3,}\s*$", text.split("\n---\n", 1)[-1], re.M)
    body = text.split("\n---\n", 1)[-1]
    body = body[m.end():] if m else body
    out.write(body + "\n")
PY
t_text=$(best "$runs" "$bin" convert --to text --quiet "$corpus")
t_pandoc=$(best 1 pandoc -f html -t plain "$work/bodies.html")
echo "text, all cores:    ${t_text} s  $(rate "$t_text") MB/s"
echo "pandoc plain:       ${t_pandoc} s  (newspost text is $(ratio "$t_pandoc" "$t_text")x faster)"
fi

/usr/bin/time -v "$bin" convert --to jsonl --quiet "$corpus" -o "$work/out.jsonl" 2>"$work/time.log"
echo "jsonl peak memory:  $(awk '/Maximum resident/ { printf "%.1f MB", $6 / 1024 }' "$work/time.log")"
