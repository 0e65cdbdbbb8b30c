#!/usr/bin/env bash
# The lint step as an archive's CI would run it (docs/ci.md), on the repo's valid posts:
# any diagnostic at error level fails the run.
set -euo pipefail
cargo run --quiet --release -p newspost-cli -- lint --quiet \
  tests/fixtures/lint/valid tests/fixtures/parse/sample tests/fixtures/parse/example.md
echo "lint step: no errors in the repo's valid posts"
