#!/usr/bin/env bash
# The CLI example's own unit tests (batch runner, thread placement, path sorting, safe
# output names). `cargo test` builds examples as plain binaries, which the CLI tests run
# (with `test = true` it would build only the test harness), so their unit tests are
# asked for here by name.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo test --all-features --example newspost
