#!/usr/bin/env bash
# The library's examples build and run: each is a short program a user could start from.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cargo run --quiet --features text,epub --example convert -- jsonl tests/fixtures/parse/example.md >"$out"
python3 -c 'import json,sys; post=json.loads(open(sys.argv[1]).readline()); assert post["epoch_ms"] == 1719993633000, post' "$out"
cargo run --quiet --features text,epub --example convert -- text tests/fixtures/convert/*.md >"$out"
grep -q "上海暴雨" "$out"
cargo run --quiet --features text,epub --example convert -- epub tests/fixtures/convert/*.md >"$out"
python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.read("mimetype") == b"application/epub+zip"' "$out"
echo "examples/convert.rs: jsonl, text and epub"
