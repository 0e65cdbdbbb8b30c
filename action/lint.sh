#!/usr/bin/env bash
# The script of the newspost GitHub Action (action.yml), runnable anywhere: CI runs it
# on a fixture repository (.ci/steps/25-action.sh). Reads:
#   NEWSPOST_PATHS    paths to lint, separated by newlines (default: .)
#   NEWSPOST_CHANGED  a base revision: lint only the posts changed since it (pull requests)
#   NEWSPOST_ARGS     more arguments for `newspost lint`, split on white space
#   NEWSPOST_SARIF    a file to write the SARIF report of all the paths to (optional)
# Exits as `newspost lint` does on the files it linted (0 clean, 1 findings, 2 failure).
set -euo pipefail
paths=()
while IFS= read -r line; do
  [ -n "$line" ] && paths+=("$line")
done <<<"${NEWSPOST_PATHS:-.}"
read -r -a extra <<<"${NEWSPOST_ARGS:-}"

status=0
if [ -n "${NEWSPOST_CHANGED:-}" ]; then
  # NUL-separated and unquoted, so names in any script (and with spaces) arrive intact.
  files=()
  while IFS= read -r -d '' file; do
    files+=("$file")
  done < <(git -c core.quotepath=off diff -z --name-only --diff-filter=ACMR \
    "$NEWSPOST_CHANGED...HEAD" -- "${paths[@]}")
  if [ "${#files[@]}" -eq 0 ]; then
    echo "newspost: no file changed under ${paths[*]}"
  else
    # --force-exclude: a changed README or page is no post.
    newspost lint --format github --force-exclude "${extra[@]}" -- "${files[@]}" || status=$?
  fi
else
  newspost lint --format github "${extra[@]}" -- "${paths[@]}" || status=$?
fi

if [ -n "${NEWSPOST_SARIF:-}" ]; then
  # The whole set for code scanning; findings (exit 1) still give a report to upload.
  newspost lint --quiet --format sarif "${extra[@]}" -- "${paths[@]}" >"$NEWSPOST_SARIF" || [ $? -eq 1 ]
fi
exit "$status"
