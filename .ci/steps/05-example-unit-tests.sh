#!/usr/bin/env bash
# The CLI example's own unit tests (path sorting, safe output names). `cargo test` builds
# examples as plain binaries, which the CLI tests run, so their unit tests are asked for
# here by name.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo test --all-features --example newspost
