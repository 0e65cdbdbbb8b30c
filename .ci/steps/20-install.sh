#!/usr/bin/env bash
# The documented install command works, and the installed binary runs.
set -euo pipefail
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cargo install --quiet --locked --path cli --root "$root" --target-dir target
"$root/bin/newspost" --version
"$root/bin/newspost" convert --to jsonl tests/fixtures/parse/example.md | python3 -c 'import json,sys; post=json.loads(sys.stdin.readline()); assert post["epoch_ms"] == 1719993633000, post; print("installed binary converts the example post")'
