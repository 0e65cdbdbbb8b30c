"""The DuckDB queries of docs/data.md over newspost's Parquet and JSONL output, checked
against what the library computes (examples/archive_stats.rs).

usage: duckdb_check.py POSTS.parquet|DIR POSTS.jsonl STATS.json

Exits non-zero, printing the difference, when an answer differs or a column has another
type than docs/data.md gives.
"""
import json
import sys

import duckdb

# The queries, as docs/data.md gives them: {posts} is the table.
SOURCE = """coalesce(author, lower(regexp_extract(source_url,
    '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/:?#]+)', 1)), '(unknown)')"""
QUERIES = {
    "posts_per_day_per_source": f"""
        SELECT coalesce(strftime(instant, '%Y-%m-%d'), '(undated)') AS day,
               {SOURCE} AS source, count(*) AS posts
        FROM {{posts}} GROUP BY ALL ORDER BY day, source""",
    "top_image_hosts": """
        SELECT lower(regexp_extract(url,
                 '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/:?#]+)', 1)) AS host,
               count(*) AS images
        FROM (SELECT unnest(image_urls) AS url FROM {posts})
        WHERE host <> '' GROUP BY host ORDER BY images DESC, host LIMIT 10""",
    "epoch_date_mismatches": """
        SELECT path, epoch_ms - epoch_ms(instant) AS difference
        FROM {posts}
        WHERE date_source <> 'epoch' AND epoch_ms <> epoch_ms(instant)
        ORDER BY abs(difference) DESC, path""",
}

def answers(con, posts):
    rows = {name: con.sql(q.format(posts=posts)).fetchall() for name, q in QUERIES.items()}
    mismatches = rows["epoch_date_mismatches"]
    return {
        "posts_per_day_per_source": [list(r) for r in rows["posts_per_day_per_source"]],
        "top_image_hosts": [list(r) for r in rows["top_image_hosts"]],
        "epoch_date_mismatches": {
            "count": len(mismatches),
            "largest": [list(r) for r in mismatches[:5]],
        },
    }

def main():
    parquet, jsonl, stats = sys.argv[1:4]
    expected = json.load(open(stats))
    con = duckdb.connect()
    con.sql("SET TimeZone = 'UTC'")
    source = parquet.rstrip("/") + "/*.parquet" if not parquet.endswith(".parquet") else parquet
    con.sql(f"CREATE VIEW posts_parquet AS SELECT * FROM read_parquet('{source}')")
    # JSONL: the typed top-level fields, read as they come.
    con.sql(f"""CREATE VIEW posts_jsonl AS
        SELECT path, instant, epoch_ms, date_source,
               front_matter.author AS author,
               coalesce(front_matter."from", header.url) AS source_url,
               NULL::VARCHAR[] AS image_urls
        FROM read_json_auto('{jsonl}', maximum_object_size = 1073741824,
                            sample_size = -1)""")
    failed = False
    types = dict(con.sql("SELECT column_name, column_type FROM (DESCRIBE posts_jsonl)").fetchall())
    print("jsonl types:", {c: types.get(c) for c in ("path", "instant", "epoch_ms")})
    # An archive whose posts all lack a field gives DuckDB nothing to type it by (NULL).
    for column, wanted in [("instant", "TIMESTAMP WITH TIME ZONE"), ("epoch_ms", "BIGINT"), ("path", "VARCHAR")]:
        if types.get(column) not in (wanted, "NULL"):
            print(f"jsonl: {column} is {types.get(column)}, not {wanted}")
            failed = True
    got = answers(con, "posts_parquet")
    for name in expected:
        if got[name] != expected[name]:
            print(f"parquet: {name} differs from the library's answer")
            print("  duckdb: ", json.dumps(got[name], ensure_ascii=False)[:2000])
            print("  library:", json.dumps(expected[name], ensure_ascii=False)[:2000])
            failed = True
    # The JSONL has no image_urls column (the body is the model's tree): the other two.
    jsonl_got = answers(con, "posts_jsonl")
    for name in ("posts_per_day_per_source", "epoch_date_mismatches"):
        if jsonl_got[name] != expected[name]:
            print(f"jsonl: {name} differs from the library's answer")
            print("  duckdb: ", json.dumps(jsonl_got[name], ensure_ascii=False)[:2000])
            print("  library:", json.dumps(expected[name], ensure_ascii=False)[:2000])
            failed = True
    posts = con.sql("SELECT count(*) FROM posts_parquet").fetchall()[0][0]
    print(f"{posts} posts: {len(expected['posts_per_day_per_source'])} (day, source) groups, "
          f"top image host {expected['top_image_hosts'][:1]}, "
          f"{expected['epoch_date_mismatches']['count']} epoch/date mismatches"
          + (" — DIFFERENT" if failed else " — DuckDB agrees with the library"))
    sys.exit(1 if failed else 0)

main()
