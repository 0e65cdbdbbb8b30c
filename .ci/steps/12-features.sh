#!/usr/bin/env bash
# Every Cargo feature of the library on its own, none, the default, and all together
# (docs/testing.md, "Features"). The features are read from Cargo.toml (cargo metadata),
# so a new one is checked without editing this script. To keep CI time modest, each set
# gets clippy over all targets (library, tests, examples, benches); the tests run for the
# default set here and for all features in .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
features=$(cargo metadata --format-version 1 --no-deps --locked | python3 -c '
import json, sys
meta = json.load(sys.stdin)
lib = next(p for p in meta["packages"] if p["name"] == "newspost")
print(" ".join(sorted(f for f in lib["features"] if f != "default")))
')
echo "features: $features"
check() {
  echo "-- clippy -p newspost $*"
  cargo clippy --quiet -p newspost --all-targets --locked "$@" -- -D warnings
}
check --no-default-features
for feature in $features; do
  check --no-default-features --features "$feature"
done
check
check --all-features
echo "-- test -p newspost (default features)"
cargo test --quiet -p newspost --locked
echo "-- doc -p newspost (default features)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p newspost --locked
