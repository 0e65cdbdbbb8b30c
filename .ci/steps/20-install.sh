#!/usr/bin/env bash
# The documented install command works, compiles none of the tests' or benches' crates,
# and the installed binary runs.
set -euo pipefail
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# What `cargo install` builds is the CLI's normal and build dependencies: none of them
# may be a dev-dependency of the workspace.
tree=$(cargo tree --locked -p newspost-cli -e normal,build --prefix none --format '{p}' | awk '{print $1}' | sort -u)
for dev in criterion proptest assert_cmd predicates roxmltree markup5ever_rcdom; do
  if grep -qx "$dev" <<<"$tree"; then
    echo "cargo install would compile the dev-dependency $dev" >&2
    exit 1
  fi
done
echo "install builds $(wc -l <<<"$tree") crates, no dev-dependency"
cargo install --quiet --locked --path cli --root "$root" --target-dir target
"$root/bin/newspost" --version
echo "binary: $(stat -c %s "$root/bin/newspost") bytes"
"$root/bin/newspost" convert --to jsonl tests/fixtures/parse/example.md | python3 -c 'import json,sys; post=json.loads(sys.stdin.readline()); assert post["epoch_ms"] == 1719993633000, post; print("installed binary converts the example post")'
