#!/usr/bin/env bash
# The MSRV (`rust-version` in Cargo.toml's [workspace.package]) is honoured by the lock
# file: no locked package asks for a newer Rust. Only one toolchain is installable here,
# so the check reads each locked package's own `rust-version` (cargo metadata) instead of
# building with `cargo +MSRV`; clippy's `incompatible_msrv` lint (in the clippy step)
# checks the project's own code against the same version. See docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
meta=$(mktemp)
trap 'rm -f "$meta"' EXIT
cargo metadata --format-version 1 --locked >"$meta"
python3 - "$meta" <<'PY'
import json, sys

def version(text):
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))  # "1.88" is "1.88.0"

meta = json.load(open(sys.argv[1]))
members = set(meta["workspace_members"])
packages = meta["packages"]
ours = {p["rust_version"] for p in packages if p["id"] in members}
if len(ours) != 1 or None in ours:
    sys.exit("workspace members disagree on rust-version: %s" % sorted(map(str, ours)))
msrv = ours.pop()
newer = sorted(
    (p["name"], p["version"], p["rust_version"])
    for p in packages
    if p.get("rust_version") and version(p["rust_version"]) > version(msrv)
)
for name, v, needs in newer:
    print("%s %s needs Rust %s, newer than the MSRV %s" % (name, v, needs, msrv))
if newer:
    sys.exit("the lock file does not honour the MSRV: raise rust-version or lock older versions")
deps = [p for p in packages if p.get("rust_version") and p["id"] not in members]
top = max(deps, key=lambda p: version(p["rust_version"]))
print("MSRV %s: all %d locked packages accept it (the most demanding: %s %s, %s)"
      % (msrv, len(packages), top["name"], top["version"], top["rust_version"]))
PY
