#!/usr/bin/env python3
"""The peer newspost's `convert --to jsonl` is compared with: the same job done in one
Python process, as a Python user would write it (python-frontmatter + BeautifulSoup with
lxml). Reads every *.md under the given directories and prints one JSON line per post:
front matter, epoch, header link, paragraphs and figures, with noise dropped.

    pip install python-frontmatter beautifulsoup4 lxml
    python3 benches/peers/python_pipeline.py POSTS_DIR > out.jsonl
"""
import json
import pathlib
import re
import sys

import frontmatter
from bs4 import BeautifulSoup

EPOCH = re.compile(r"^\s*<!--(.*?)-->\s*$")
HEADER = re.compile(r"^\[(.*)\]\((.*)\)\s*$")
LAZY = ("data-src", "data-lazy-src", "data-original", "data-actualsrc", "data-url", "data-echo")


def image_url(img):
    for attr in LAZY:
        if img.get(attr):
            return img[attr]
    src = img.get("src", "")
    return src if src and not src.startswith("data:") else None


def drop_noise(soup):
    for tag in soup.find_all(["script", "style", "noscript"]):
        tag.decompose()
    for tag in soup.select('section#imu, [id^="dfp-ad-"], .cx_paywall_placeholder'):
        tag.decompose()


def text_of(tag):
    return " ".join(tag.get_text(" ").split())


def convert(path):
    post = frontmatter.load(path)
    lines = post.content.split("\n")
    epoch = header = None
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and (m := EPOCH.match(lines[i])):
        epoch = int(m.group(1)) if m.group(1).strip().isdigit() else None
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i + 1 < len(lines) and (m := HEADER.match(lines[i].strip())) and set(lines[i + 1].strip()) == {"-"}:
        header = {"title": m.group(1), "url": m.group(2)}
        i += 2
    soup = BeautifulSoup("\n".join(lines[i:]), "lxml")
    drop_noise(soup)
    body = []
    for tag in soup.find_all(["p", "figure", "h1", "h2", "h3", "h4", "h5", "h6"]):
        if tag.name == "figure":
            caption = tag.find("figcaption")
            images = [u for u in (image_url(img) for img in tag.find_all("img")) if u]
            body.append({"type": "figure", "images": images, "caption": text_of(caption) if caption else ""})
        elif tag.name == "p":
            if tag.find_parent("figure"):
                continue
            imgs = tag.find_all("img")
            text = text_of(tag)
            if imgs and not text:
                body.append({"type": "figure", "images": [image_url(i) for i in imgs], "caption": ""})
            elif text:
                body.append({"type": "paragraph", "text": text})
        else:
            body.append({"type": "heading", "level": int(tag.name[1]), "text": text_of(tag)})
    for media in soup.select("div.figure-media"):
        caption = media.find_next_sibling("figcaption")
        images = [u for u in (image_url(img) for img in media.find_all("img")) if u]
        body.append({"type": "figure", "images": images, "caption": text_of(caption) if caption else ""})
    meta = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in post.metadata.items()}
    return {"front_matter": meta, "epoch_ms": epoch, "header": header, "body": body}


def main():
    paths = []
    for arg in sys.argv[1:]:
        p = pathlib.Path(arg)
        paths.extend(sorted(p.rglob("*.md")) if p.is_dir() else [p])
    out = sys.stdout
    failed = 0
    for path in sorted(paths):
        try:
            out.write(json.dumps(convert(path), ensure_ascii=False, default=str) + "\n")
        except Exception as e:  # a bad post is reported, the run goes on
            failed += 1
            print(f"{path}: {e}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
