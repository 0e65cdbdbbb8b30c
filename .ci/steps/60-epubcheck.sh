#!/usr/bin/env bash
# epubcheck reports 0 errors and 0 warnings for: a book of the example post, a book of
# each post in tests/fixtures/convert, an anthology of tests/fixtures/urls (every hostile
# URL shape), the books the EPUB tests build (every block type, hostile text, one book per
# URL fixture, undated and empty posts), and — when
# ../shared is beside the clone — one anthology of each of the sample and defects
# corpora and of each folder of real/ (teahouse, waimei, duty-machine, and any other).
# Installs epubcheck (Debian package) if missing. Takes about 4–5 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=/usr/share/java/epubcheck.jar
if [ ! -f "$jar" ]; then
  echo "installing epubcheck"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq epubcheck >/dev/null
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --quiet --release -p newspost-cli
bin=target/release/newspost
corpus=${NEWSPOST_CORPUS:-../shared/corpus}

books=()
"$bin" convert --to epub -o "$out/example.epub" tests/fixtures/parse/example.md
books+=("$out/example.epub")
"$bin" convert --to epub --one-per-post -o "$out/fixtures" tests/fixtures/convert
books+=("$out"/fixtures/*.epub)
"$bin" convert --quiet --to epub -o "$out/urls.epub" tests/fixtures/urls
books+=("$out/urls.epub")
NEWSPOST_EPUB_DUMP="$out/tests" cargo test --quiet --all-features --test convert_epub >/dev/null
books+=("$out"/tests/*.epub)

anthology() { # name, directory
  local start end
  start=$EPOCHREALTIME
  # Posts the strict reader refuses are reported (exit 1); the book holds the rest.
  "$bin" convert --quiet --to epub -o "$out/$1.epub" "$2" || [ -f "$out/$1.epub" ]
  end=$EPOCHREALTIME
  printf '%s: %s posts, %s bytes, built in %s s (release)\n' "$1" \
    "$(find "$2" -name '*.md' | wc -l)" "$(stat -c %s "$out/$1.epub")" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')"
  books+=("$out/$1.epub")
}
for folder in sample defects; do
  if [ -d "$corpus/$folder" ]; then
    anthology "$folder" "$corpus/$folder"
  else
    echo "note: $corpus/$folder not found, its anthology not checked"
  fi
done
if [ -d "$corpus/real" ]; then
  for dir in "$corpus"/real/*/; do
    anthology "real-$(basename "$dir")" "$dir"
  done
else
  echo "note: $corpus/real not found, real-post anthologies not checked"
fi

# Two books at a time (the machine has two cores); each run ends with a line
# "Messages: F fatals / E errors / W warnings / I infos".
check() {
  local log
  log=$(java -jar /usr/share/java/epubcheck.jar "$1" 2>&1) || true
  local summary
  summary=$(grep -E '^Messages:' <<<"$log" || echo "Messages: (none)")
  if grep -qE '^Messages: 0 fatals / 0 errors / 0 warnings' <<<"$summary"; then
    echo "ok   $(basename "$1"): $summary"
  else
    echo "FAIL $(basename "$1"): $summary"
    grep -E '^(FATAL|ERROR|WARNING)' <<<"$log" | head -20
    return 1
  fi
}
export -f check
printf '%s\n' "${books[@]}" | xargs -d '\n' -P 2 -I{} bash -c 'check "$1"' _ {}
echo "epubcheck: ${#books[@]} books, 0 errors, 0 warnings"
