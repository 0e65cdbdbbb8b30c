#!/usr/bin/env python3
"""Lines of one text conversion missing from another, per post: what furniture removal
took out (to read for lost article paragraphs).

    newspost-before convert --to text --out-dir BEFORE DIR
    newspost convert --to text --out-dir AFTER DIR
    python3 benches/furniture/lost.py BEFORE AFTER

Link numbers are ignored (they change when furniture links are no longer numbered), and
so are the URL list, underlines and list markers. Prints the removed lines by how many
posts lost them, then every removed line longer than 60 characters with its post.
"""
import collections, os, re, sys

def lines(path):
    out = []
    for line in open(path, encoding='utf-8').read().split('\n'):
        s = re.sub(r'\s*\[\d+\]', '', line).strip()
        s = re.sub(r'^(- |\d+\. )', '', s)
        if s and not re.fullmatch(r'\S+://\S+|[-=]+', s):
            out.append(s)
    return out

before, after = sys.argv[1], sys.argv[2]
removed, long = collections.Counter(), []
for root, _, files in os.walk(before):
    for name in files:
        b = os.path.join(root, name)
        a = os.path.join(after, os.path.relpath(b, before))
        kept = set(lines(a)) if os.path.exists(a) else set()
        for s in set(lines(b)) - kept:
            removed[s[:70]] += 1
            if len(s) > 60:
                long.append((name, s[:100]))
print(f'{len(removed)} distinct lines removed, {sum(removed.values())} in all')
for text, n in removed.most_common(int(os.environ.get('TOP', '40'))):
    print(f'{n:5} {text}')
print(f'--- {len(long)} removed lines longer than 60 characters')
for name, s in long:
    print(f'{name}: {s}')
