#!/usr/bin/env bash
# Issue 20 (hardening), items 3-7 at the issue's sizes: time and peak memory of the
# command on generated inputs (docs/testing.md, "Bounds of issue 20").
#   BIN=target/release/newspost benches/hardening/measure.sh 3 4a 4b 4c 4d 5 6a 6b 7
# Inputs go to $WORK (default: a new directory under /tmp) and are deleted after each
# item; item 5 writes 132 MB, 6b writes 100,000 small files. Every run is capped at
# 10 GiB of address space (prlimit) and 300 s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${BIN:-target/release/newspost}")
W=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$W"' EXIT
cd "$W"
gen() { python3 "$here/gen.py" "$@" >/dev/null; }
CAP=$((10 << 30))   # address-space cap for every run (10 GiB)
m() { # label, command...
  local label=$1; shift
  /usr/bin/time -f '%e s %M KB exit=%x' -o $W/t.txt prlimit --as=$CAP timeout 300 "$@" >$W/out.txt 2>$W/err.txt
  printf '%s | %s | stdout %s bytes | cmd: %s\n' "$label" "$(tail -1 $W/t.txt)" "$(stat -c %s $W/out.txt)" "$*"
  tail -c 300 $W/err.txt | tail -2 | sed 's/^/    stderr: /'
}
H='---
title: "Hostile"
date: 2024-07-03T08:00:33.000Z
from: https://example.com/a
---
<!--1719993633000-->
[Hostile](https://example.com/a)
------
'
for step in "$@"; do case $step in
3)
  truncate -s 3G sparse.md; m "3 sparse 3 GB" $BIN lint sparse.md; rm -f sparse.md
  m "3 /dev/zero" $BIN lint /dev/zero
  gen ctrl1mb 3 small.md >/dev/null
  rm -f fifo.md; mkfifo fifo.md; (cat small.md > fifo.md &) ; m "3 FIFO" $BIN lint --color never fifo.md; grep -c 'a␁a' out.txt | sed 's/^/    source lines shown: /'; rm -f fifo.md
  m "3 process substitution" bash -c "$BIN lint --color never <(cat small.md)"; grep -c 'a␁a' out.txt | sed 's/^/    source lines shown: /'
  ;;
4a) for n in 125000 250000 500000; do gen attrs $n a.md >/dev/null; m "4 attrs $n ($(stat -c %s a.md) B)" $BIN convert --to jsonl a.md; done; rm -f a.md ;;
4b) for n in 55000 110000; do gen keys $n k.md >/dev/null; m "4 keys $n ($(stat -c %s k.md) B)" $BIN convert --to jsonl k.md; done; rm -f k.md k2.md ;;
4c) for n in 64000 128000; do gen controls $n c.md >/dev/null; m "4 fix controls $n ($(stat -c %s c.md) B)" $BIN lint --fix c.md; grep -c $'\x01' c.md | sed 's/^/    control chars left: /'; done; rm -f c.md ;;
4d) for n in 10000 20000; do gen links $n l.md >/dev/null; m "4 human links $n ($(stat -c %s l.md) B)" $BIN lint --color never l.md; done; rm -f l.md ;;
5) gen font 6600000 font.md >/dev/null; m "5 font x6.6M ($(stat -c %s font.md) B)" $BIN convert --to jsonl font.md
   gen pxp 8300000 pxp.md >/dev/null; m "5 p x8.3M ($(stat -c %s pxp.md) B)" $BIN convert --to jsonl pxp.md
   mkdir -p j2; mv font.md pxp.md j2/; m "5 both, -j 2" $BIN convert --to jsonl -j 2 j2; rm -rf j2 ;;
6a) gen ctrl1mb 500000 c1.md >/dev/null
   for f in human json sarif jsonl; do m "6 $f 1 MB a\\x01 ($(stat -c %s c1.md) B)" $BIN lint --color never --format $f c1.md; done; rm -f c1.md
   gen ctrl1mb 4000000 c8.md; m "6 json 8 MB a\\x01 ($(stat -c %s c8.md) B)" $BIN lint --format json c8.md; rm -f c8.md ;;
6b) mkdir -p many; python3 - <<'PY'
import os
for i in range(100000):
    d = 'many/%02d' % (i % 100)
    os.makedirs(d, exist_ok=True)
    open('%s/2024-07-03-p%d.md' % (d, i), 'w').write('---\ntitle: "P%d"\ndate: 2024-07-03T08:00:33.000Z\nfrom: https://example.com/%d\n---\n<!--1719993633000-->\n[P%d](https://example.com/%d)\n------\n\n<div><p>x\x01 <a href="y/%d">l</a></p></div>\n' % (i, i, i, i, i))
PY
   for f in json sarif; do m "6 $f 100,000 posts" $BIN lint --format $f many; done; rm -rf many ;;
7) mkdir -p img/img.example.com; gen png 19050000 img/img.example.com/big.png
   { printf '%s\n<div>\n' "$H"; for i in $(seq 60); do printf '<figure><img src="https://img.example.com/big.png?%d"/><figcaption>c%d</figcaption></figure>\n' $i $i; done; printf '</div>\n'; } > img.md
   m "7 epub 60 x ?N of $(stat -c %s img/img.example.com/big.png) B" $BIN convert --to epub --images img -o book.epub img.md; ls -l book.epub | awk '{print "    book bytes: "$5}'; rm -rf img img.md book.epub ;;
esac; done
