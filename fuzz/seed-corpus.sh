#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the repository's post fixtures (and the shared sample
# corpora when they are beside the clone, or at $NEWSPOST_SHARED), so that every target starts from real posts.
# The corpora are not committed; run this before `cargo +nightly fuzz run <target>`.
set -euo pipefail
cd "$(dirname "$0")"
targets=(parse roundtrip json)
[ -e fuzz_targets/lint.rs ] && targets+=(lint)
[ -e fuzz_targets/text.rs ] && targets+=(text)
[ -e fuzz_targets/epub.rs ] && targets+=(epub)
shared=${NEWSPOST_SHARED:-../../shared}
sources=(../tests/fixtures)
[ -d "$shared/corpus/sample" ] && sources+=("$shared/corpus/sample")
[ -d "$shared/corpus/defects" ] && sources+=("$shared/corpus/defects")
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  find "${sources[@]}" -type f \( -name '*.md' -o -name '*.html' -o -name '*.txt' \) \
    -size -64k -exec cp -n -t "corpus/$target" {} +
done
echo "seeded: $(ls corpus/parse | wc -l) files per target (${targets[*]})"
