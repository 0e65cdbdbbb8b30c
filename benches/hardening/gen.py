"""Inputs of issue 20 (hardening), items 3-7: `gen.py KIND N OUT` writes one post.

Kinds: attrs (one <p> with N distinct attributes), keys (front matter of N keys),
controls (N control characters, one per line), links (N relative links on one line),
font (`<font><p>x` x N), pxp (`<p>x</p>` x N), ctrl1mb (`a\x01` x N on one line),
png (an RGB PNG of random pixels, about N bytes).
"""
import os
import struct
import sys
import zlib
HEAD = '---\ntitle: "Hostile"\ndate: 2024-07-03T08:00:33.000Z\nfrom: https://example.com/a\n---\n<!--1719993633000-->\n[Hostile](https://example.com/a)\n------\n\n'
def post(body): return HEAD + '<div>' + body + '</div>\n'
def b36(i):
    s = ''
    a = '0123456789abcdefghijklmnopqrstuvwxyz'
    while True:
        s = a[i % 36] + s; i //= 36
        if i == 0: return s
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == 'attrs':
    t = post('<p' + ''.join(' a%d="v"' % i for i in range(n)) + '>text</p>')
elif kind == 'keys':
    keys = ''.join('k%s: 1\n' % b36(i) for i in range(n))
    t = '---\ntitle: "Hostile"\ndate: 2024-07-03T08:00:33.000Z\nfrom: https://example.com/a\n' + keys + '---\n<!--1719993633000-->\n[Hostile](https://example.com/a)\n------\n\n<div><p>x</p></div>\n'
elif kind == 'controls':  # one per line
    t = post('<p>' + 'a\x01\n' * n + '</p>')
elif kind == 'links':
    t = post('<p>' + '<a href="x/y">l</a> ' * n + '</p>')
elif kind == 'font':
    t = post('<font><p>x' * n)
elif kind == 'pxp':
    t = post('<p>x</p>' * n)
elif kind == 'ctrl1mb':  # a\x01 pairs on one line
    t = post('<p>' + 'a\x01' * n + '</p>')
elif kind == 'png':
    side = int((n / 3) ** 0.5)
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    raw = b''.join(b'\0' + os.urandom(side * 3) for _ in range(side))
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', side, side, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 0)) + chunk(b'IEND', b'')
    open(out, 'wb').write(data)
if kind != 'png':
    open(out, 'w').write(t)
print(out, os.path.getsize(out))
