#!/usr/bin/env bash
# The GitHub Action's script (action/lint.sh) and the pre-commit hooks
# (.pre-commit-hooks.yaml), on a fixture repository with non-ASCII file names: a pull
# request's changed-files diff (added, modified, renamed, deleted posts, a changed README),
# annotations only for the changed posts, the exit codes, the SARIF report; then
# `pre-commit try-repo` with both hooks. What needs GitHub itself (the cache, the upload)
# is not run. Builds the debug binaries the tests built already.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo_root=$PWD
cargo build --quiet -p newspost-cli -p newspost --bins
export PATH="$repo_root/target/debug:$PATH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${NEWSPOST_KEEP:-}" ] && trap - EXIT && echo "work: $work"
fixture="$work/archive"
mkdir -p "$fixture/_posts" "$fixture/archived/2020-08-05"
cd "$fixture"
git init --quiet --initial-branch=main
git config user.email ci@example.com
git config user.name CI
post() { # file, title, url[, epoch comment]
  printf -- '---\ntitle: "%s"\ndate: 2024-07-03T08:00:33Z\nfrom: %s\n---\n%s\n[%s](%s)\n------\n\n<div><p>%s 正文。</p></div>\n' \
    "$2" "$3" "${4-<!--1719993633000-->}" "$2" "$3" "$2" >"$1"
}
post "_posts/2024-07-03-旧闻.md" 旧闻 https://e.com/old
post "_posts/2024-07-03-改名 前.md" 改名 https://e.com/rename
post "_posts/2024-07-03-删除.md" 删除 https://e.com/delete
post "archived/2020-08-05/2024-07-03-存档.md" 存档 https://e.com/archived
printf '# archive\n' >README.md
printf 'title: archive\n' >_config.yml
git add -A && git commit --quiet -m base

git checkout --quiet -b change
post "_posts/2024-07-03-新闻 一.md" 新闻一 https://e.com/new1 ""          # epoch-missing: a warning
git mv "_posts/2024-07-03-改名 前.md" "_posts/2024-07-03-改名 后.md"
git rm --quiet "_posts/2024-07-03-删除.md"
printf '# archive\n\nmore\n' >README.md
git add -A && git commit --quiet -m change

run_action() { # expected status, output file
  local status=0
  NEWSPOST_CHANGED=main NEWSPOST_PATHS=$'_posts\narchived\nREADME.md' NEWSPOST_ARGS="--now 2026-01-01T00:00:00Z" \
    NEWSPOST_SARIF="$work/newspost.sarif" bash "$repo_root/action/lint.sh" >"$2" 2>"$work/stderr" || status=$?
  if [ "$status" -ne "$1" ]; then
    cat "$2" "$work/stderr"
    echo "action script exited $status, expected $1" >&2
    exit 1
  fi
}
run_action 0 "$work/out"
# One annotation, for the new post, with its name intact; nothing for README or the rest.
grep -c '^::' "$work/out" | grep -qx 1 || { cat "$work/out"; echo "expected one annotation" >&2; exit 1; }
grep -q '^::warning file=_posts/2024-07-03-新闻 一.md,line=' "$work/out" || { cat "$work/out"; exit 1; }
python3 -c 'import json,sys; log=json.load(open(sys.argv[1])); assert log["version"] == "2.1.0"; print("sarif:", len(log["runs"][0]["results"]), "results over every post")' "$work/newspost.sarif"

# An error-level finding in a changed post fails the step.
post "_posts/2024-07-03-改名 后.md" 改名 "javascript:alert(1)"
git commit --quiet -am "bad link"
run_action 1 "$work/out"
grep -q '^::error file=_posts/2024-07-03-改名 后.md,.*newspost url-scheme' "$work/out" || { cat "$work/out"; exit 1; }
echo "action script: changed posts only, non-ASCII names, exit codes, SARIF"

# The pre-commit hooks, as a user's repository would run them. `language: rust` runs
# `cargo install` of the hook repository: its target directory is pointed at ours so
# the build reuses what is compiled.
python3 -m pre_commit --version >/dev/null 2>&1 || python3 -m pip install --quiet pre-commit
git checkout --quiet main
export CARGO_TARGET_DIR="$repo_root/target"
export PRE_COMMIT_HOME="$work/pre-commit-home"
status=0
python3 -m pre_commit try-repo "$repo_root" newspost-lint --all-files >"$work/hook" 2>&1 || status=$?
[ "$status" -eq 0 ] || { cat "$work/hook"; echo "newspost-lint hook failed on clean posts" >&2; exit 1; }
post "_posts/2024-07-03-旧闻.md" 旧闻 https://e.com/old ""
status=0
python3 -m pre_commit try-repo "$repo_root" newspost-fix --all-files >"$work/hook" 2>&1 || status=$?
# The fix hook changed a file, which pre-commit reports as a failure; the epoch is back.
[ "$status" -eq 1 ] || { cat "$work/hook"; echo "newspost-fix hook exited $status" >&2; exit 1; }
grep -q '^<!--1719993633000-->$' "_posts/2024-07-03-旧闻.md" || { cat "$work/hook"; exit 1; }
status=0
python3 -m pre_commit try-repo "$repo_root" newspost-lint --all-files >"$work/hook" 2>&1 || status=$?
[ "$status" -eq 0 ] || { cat "$work/hook"; echo "newspost-lint failed after the fix" >&2; exit 1; }
echo "pre-commit try-repo: newspost-lint and newspost-fix"
