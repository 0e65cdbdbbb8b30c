#!/usr/bin/env bash
# epubcheck reports 0 errors and 0 warnings for: a book of the example post, a book of
# each post in tests/fixtures/convert, an anthology of tests/fixtures/urls (every hostile
# URL shape), the books the EPUB tests build (every block type, hostile text, one book per
# URL fixture, undated and empty posts, images fetched from a loopback server with WebP
# transcoded, corrupt images, split volumes), a book the command builds with
# --fetch-images from a loopback HTTP server (JPEG, PNG, GIF, WebP, a 404, a truncated
# image), the volumes of --split-by month and --max-posts, and — when
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
NEWSPOST_EPUB_DUMP="$out/tests" cargo test --quiet --all-features --test convert epub:: >/dev/null
books+=("$out"/tests/*.epub)

# --fetch-images from a server on loopback (python3's http.server over the image
# fixtures plus a truncated GIF), twice: the second build comes from the cache alone.
served="$out/served"
mkdir -p "$served" "$out/fetch-posts"
cp tests/fixtures/images/* "$served/"
head -c 200 tests/fixtures/images/photo.gif >"$served/cut.gif"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$served" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 50); do
  python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/photo.png" 2>/dev/null && break
  sleep 0.1
done
{
  printf -- '---\ntitle: Fetched images\ndate: 2024-07-03 16:00:33 +0800\nfrom: https://example.com/a\n---\n'
  printf '<!--1720000000000-->\n<div>\n'
  for name in photo.jpg photo.png photo.gif photo.webp alpha.webp missing.png cut.gif; do
    printf '<figure><img src="http://127.0.0.1:%s/%s"/><figcaption>%s</figcaption></figure>\n' "$port" "$name" "$name"
  done
  printf '</div>\n'
} >"$out/fetch-posts/2024-07-03-fetched.md"
for run in 1 2; do
  NEWSPOST_FETCH_ALLOW_LOCAL=1 "$bin" convert --to epub --fetch-images --image-cache "$out/cache" \
    -o "$out/fetched-$run.epub" "$out/fetch-posts" 2>"$out/fetch-$run.log"
  grep -E '^newspost: images:' "$out/fetch-$run.log"
done
grep -q '5 embedded' "$out/fetch-1.log" || { echo "FAIL: --fetch-images embedded:"; cat "$out/fetch-1.log"; exit 1; }
cmp "$out/fetched-1.epub" "$out/fetched-2.epub" || { echo "FAIL: the cached build differs"; exit 1; }
books+=("$out/fetched-1.epub")
kill "$server" 2>/dev/null || true

# Volumes: a few of the sample's months, and --max-posts.
if [ -d "$corpus/sample" ]; then
  mkdir -p "$out/months" "$out/chunks"
  "$bin" convert --quiet --to epub --split-by month -o "$out/months/sample.epub" "$corpus/sample"
  mapfile -t months < <(find "$out/months" -name '*.epub' | sort)
  echo "sample --split-by month: ${#months[@]} volumes"
  books+=("${months[0]}" "${months[-1]}")
  "$bin" convert --quiet --to epub --max-posts 100 -o "$out/chunks/sample.epub" "$corpus/sample"
  books+=("$out"/chunks/*.epub)
fi

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
