#!/usr/bin/env python3
"""Token F1 of newspost's text output against article text, on whole scraped pages.

    python3 benches/furniture/eval.py NEWSPOST_BINARY DIR [--keep-furniture] [-v]

For every post in DIR (the waimei sample's `archived/nei.st/`), the reference article
text is read from the page by a per-site recipe written by hand for this template (see
`reference`): the children of `div.entry-content` up to the first trailing widget (the
`Related` collection, the next-article stream, the publication cards), without the
`code-block` ad cards and `link`/`script` elements; the page header's copy of the title
is not article text (the title is the post's own). The candidate is `newspost convert
--to text` of the post without its title block, link references (`[1]`), the list of
link URLs, figure labels (`[图]`), list markers and heading underlines.

Tokens: every CJK character is a token; other text is split into lower-case runs of
letters and digits. Precision, recall and F1 compare the two multisets of tokens
(bag-of-words overlap, as in the ScrapingHub article-extraction benchmark); the script
prints them per page and the mean over pages (macro) and over all tokens (micro).
"""
import collections, os, re, subprocess, sys
from html.parser import HTMLParser

VOID = {'img', 'br', 'hr', 'link', 'meta', 'input', 'source', 'wbr', 'area', 'col', 'embed', 'param', 'track'}
TRAILING = ('collection', 'streamItem', 'bqdn', 'wxyz', 'nopqrstu', 'dndo')


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.children, self.parent = tag, dict(attrs), [], parent

    def classes(self):
        return (self.attrs.get('class') or '').split()


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node('root', {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_endtag(self, tag):
        c = self.cur
        while c is not self.root and c.tag != tag:
            c = c.parent
        if c is not self.root:
            self.cur = c.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def text(node):
    if isinstance(node, str):
        return node
    if node.tag in ('script', 'style', 'noscript', 'link', 'button', 'svg'):
        return ''
    return ' '.join(text(c) for c in node.children)


def find(node, pred):
    if isinstance(node, str):
        return None
    if pred(node):
        return node
    for c in node.children:
        r = find(c, pred)
        if r is not None:
            return r
    return None


def body_of(path):
    t = open(path, encoding='utf-8').read()
    parts = t.split('\n---\n', 1)
    return parts[1] if len(parts) > 1 else t


def reference(path):
    tree = Tree()
    tree.feed(body_of(path))
    content = find(tree.root, lambda n: 'entry-content' in n.classes())
    if content is None:
        return None
    out = []
    for child in content.children:
        if isinstance(child, str):
            out.append(child)
            continue
        if any(any(w in c for w in TRAILING) for c in child.classes()):
            break
        if 'code-block' in child.classes():
            continue
        out.append(text(child))
    return '\n'.join(out)


def candidate(binary, path, keep):
    args = [binary, 'convert', '--quiet', '--to', 'text', path]
    if keep:
        args.insert(2, '--keep-furniture')
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    lines = out.split('\n')
    # Title, its underline, the metadata line, a blank line.
    lines = lines[4:]
    kept = []
    for line in lines:
        s = line.strip()
        if re.fullmatch(r'\[\d+\] \S+', s):
            continue  # the list of link URLs
        if re.fullmatch(r'[-=]{3,}|\* \* \*', s):
            continue
        kept.append(line)
    s = '\n'.join(kept)
    s = re.sub(r'\[\d+\]', ' ', s)
    s = s.replace('[图]', ' ').replace('[Figure]', ' ')
    s = re.sub(r'(?m)^\s*(- |\d+\. |#+ )', ' ', s)
    return s


CJK = re.compile(r'[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]')


def tokens(s):
    out = []
    for piece in re.findall(r'[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]|[^\W_]+', s):
        if CJK.match(piece):
            out.append(piece)
        else:
            out.extend(re.findall(r'[a-z0-9]+', piece.lower()) or [piece.lower()])
    return collections.Counter(out)


def scores(ref, cand):
    common = sum((ref & cand).values())
    p = common / max(1, sum(cand.values()))
    r = common / max(1, sum(ref.values()))
    f = 0 if p + r == 0 else 2 * p * r / (p + r)
    return p, r, f, common


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    keep = '--keep-furniture' in sys.argv
    verbose = '-v' in sys.argv
    rows, tot = [], [0, 0, 0]
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.md'):
            continue
        path = os.path.join(folder, name)
        ref_text = reference(path)
        if ref_text is None:
            continue
        ref, cand = tokens(ref_text), tokens(candidate(binary, path, keep))
        p, r, f, common = scores(ref, cand)
        rows.append((p, r, f))
        tot[0] += common
        tot[1] += sum(cand.values())
        tot[2] += sum(ref.values())
        if verbose:
            print(f'{p:.3f} {r:.3f} {f:.3f} {name}')
            if '-vv' in sys.argv:
                print('  extra:', (cand - ref).most_common(25))
                print('  missing:', (ref - cand).most_common(25))
    n = len(rows)
    mp, mr, mf = (sum(x[i] for x in rows) / n for i in range(3))
    up, ur = tot[0] / tot[1], tot[0] / tot[2]
    uf = 2 * up * ur / (up + ur)
    print(f'pages {n}  macro P {mp:.3f} R {mr:.3f} F1 {mf:.3f}  micro P {up:.3f} R {ur:.3f} F1 {uf:.3f}')


if __name__ == '__main__':
    main()
