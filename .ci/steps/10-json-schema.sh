#!/usr/bin/env bash
# The JSON output of every post in the repo's fixtures (and of the shared sample corpus,
# when present) validates against docs/post.schema.json. The schema is derived from the
# model's types (`post_json_schema`, feature `schema`); the library's test
# `convert::json::tests::the_documented_schema_is_the_derived_one` fails when the file is
# stale, and is run here first so that this step says so on its own.
set -euo pipefail
python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install --quiet jsonschema
cargo test --quiet -p newspost --features schema --lib --locked convert::json::tests
inputs=(tests/fixtures/parse)
[ -d ../shared/corpus/sample ] && inputs+=(../shared/corpus/sample)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cargo run --quiet --release -p newspost-cli -- convert --to jsonl "${inputs[@]}" >"$out"
python3 - "$out" <<'PY'
import json, sys, jsonschema
schema = json.load(open("docs/post.schema.json"))
validator = jsonschema.Draft202012Validator(schema)
count = 0
for line in open(sys.argv[1], encoding="utf-8"):
    post = json.loads(line)
    errors = sorted(validator.iter_errors(post), key=lambda e: e.path)
    if errors:
        print("schema violation:", errors[0].message, list(errors[0].path))
        sys.exit(1)
    count += 1
if count == 0:
    print("no posts converted"); sys.exit(1)
print(f"{count} posts valid against docs/post.schema.json")
PY
