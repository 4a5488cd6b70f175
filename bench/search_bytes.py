#!/usr/bin/env python3
"""First-query bytes: what a reader's browser downloads for one search.

    python3 bench/search_bytes.py OUTPUT [--lang zh|en] QUERY...

Replays `themes/default/static/js/search.js` over a built site's index
(OUTPUT/search/ or OUTPUT/en/search/): the search page, `js/search.js`, the
shards of the query's terms (`t<n>.json`), the document chunks of the
results shown (`d<n>.json`, the first page of 10), and the body files
(`b<n>.json`) of those results whose own excerpt lacks the query's words.
Body files are fetched as a result comes near the screen: the report gives
the bytes for the first screen (the first `--screen` results, 4 by
default: what a phone shows) and for all 10. Bytes are the files' sizes,
uncompressed (object storage serves them so; most hosts gzip JSON, which
the report gives too).

`bench/run.py --search` calls `first_query` for its table.
"""
import argparse
import gzip
import json
import re
import sys
from pathlib import Path

PAGE = 10
BODY = 4  # documents per b<n>.json: search::BODY_CHUNK
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def is_han(c):
    n = ord(c)
    return (0x3400 <= n <= 0x4DBF or 0x4E00 <= n <= 0x9FFF or 0xF900 <= n <= 0xFAFF
            or 0x20000 <= n <= 0x3134F)


def runs(text):
    """Han runs and lowercased words, as search.js's `runs`."""
    out, han, word = [], "", ""
    for c in text:
        if is_han(c):
            if word:
                out.append(("word", word))
                word = ""
            han += c
            continue
        if han:
            out.append(("han", han))
            han = ""
        if c.isalnum():
            word += c.lower()
        elif word:
            out.append(("word", word))
            word = ""
    if han:
        out.append(("han", han))
    if word:
        out.append(("word", word))
    return out


def query_terms(q):
    """(required, boost, marks) as search.js's `queryTerms`."""
    required, boost, marks = [], [], []
    for kind, t in runs(q):
        if kind == "word":
            required.append(t) if t not in required else None
            marks.append((t, 2))
            continue
        marks.append((t, 2))
        if len(t) == 1:
            required.append(t) if t not in required else None
            continue
        for i in range(len(t) - 1):
            pair = t[i:i + 2]
            if pair not in required:
                required.append(pair)
            marks.append((pair, 1))
        if len(t) >= 3 and t not in boost:
            boost.append(t)
    return required, boost, marks


def fnv1a(term):
    h = 0x811C9DC5
    for b in term.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def decode(text):
    """Postings (doc → weight) as search.js's `decode`."""
    m = {}
    if text.startswith("!"):
        for i, ch in enumerate(text[1:]):
            c = DIGITS.index(ch)
            for k in range(3):
                if (c >> (2 * k)) & 3:
                    m[i * 3 + k] = (c >> (2 * k)) & 3
        return m
    doc = v = 0
    scale = 1
    for ch in text:
        c = DIGITS.index(ch)
        v += (c & 31) * scale
        if c & 32:
            scale *= 32
            continue
        doc += v // 4
        m[doc] = v % 4
        v, scale = 0, 1
    return m


def first_hit_rank(text, marks):
    lower = text.lower()
    return max((rank for t, rank in marks if t in lower), default=0)


class Fetcher:
    """Counts each file once, as the page's cache does."""

    def __init__(self, folder):
        self.folder, self.seen, self.bytes, self.gz = folder, {}, {}, {}

    def get(self, name, kind):
        if name not in self.seen:
            data = (self.folder / name).read_bytes()
            self.seen[name] = data
            self.bytes[kind] = self.bytes.get(kind, 0) + len(data)
            self.gz[kind] = self.gz.get(kind, 0) + len(gzip.compress(data, 6))
        return self.seen[name]

    def json(self, name, kind):
        return json.loads(self.get(name, kind))


def first_query(output, q, lang="zh", screen=4):
    """Bytes downloaded for query `q`: a dict with `hits`, `screen` and
    `page` (bytes with the first screen's and the whole page's bodies), the
    same gzipped, and bytes by kind."""
    output = Path(output)
    folder = output / "search" if lang == "zh" else output / lang / "search"
    f = Fetcher(folder)
    html = f.get("index.html", "page").decode()
    f.seen["js"] = (output / "js" / "search.js").read_bytes()
    f.bytes["js"] = len(f.seen["js"])
    f.gz["js"] = len(gzip.compress(f.seen["js"], 6))
    shards = int(re.search(r'data-shards="(\d+)"', html).group(1))
    chunk = int(re.search(r'data-chunk="(\d+)"', html).group(1))
    required, boost, marks = query_terms(q)

    def postings(term):
        shard = f.json(f"t{fnv1a(term) & (shards - 1)}.json", "shards")
        return decode(shard.get(term, ""))

    need = sorted((postings(t) for t in required), key=len)
    extra = [postings(t) for t in boost]
    scored = []
    for doc, w in (need[0].items() if need else []):
        if all(doc in m for m in need[1:]):
            score = w + sum(m[doc] for m in need[1:]) + sum(2 * m[doc] + 2 for m in extra if doc in m)
            scored.append((-score, doc))
    hits = [doc for _, doc in sorted(scored)]
    shown = hits[:PAGE]
    for doc in shown:
        f.get(f"d{doc // chunk}.json", "documents")
    screen_bytes = screen_gz = None
    for i, doc in enumerate(shown):
        if i == screen:
            screen_bytes, screen_gz = sum(f.bytes.values()), sum(f.gz.values())
        row = f.json(f"d{doc // chunk}.json", "documents")[doc % chunk]
        if first_hit_rank(row[4] or "", marks) < 2:
            f.get(f"b{doc // BODY}.json", "bodies")
    total, total_gz = sum(f.bytes.values()), sum(f.gz.values())
    if screen_bytes is None:
        screen_bytes, screen_gz = total, total_gz
    return {"hits": len(hits), "screen": screen_bytes, "page": total, "screen_gz": screen_gz,
            "page_gz": total_gz, "by_kind": dict(f.bytes)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("queries", nargs="+")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--screen", type=int, default=4)
    a = ap.parse_args()
    print("| query | hits | first screen | first page of 10 | gzipped (screen / page) | by kind (page) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for q in a.queries:
        r = first_query(a.output, q, a.lang, a.screen)
        kinds = ", ".join(f"{k} {v / 1000:.0f}" for k, v in r["by_kind"].items())
        print(f"| {q} | {r['hits']} | {r['screen'] / 1000:.0f} KB | {r['page'] / 1000:.0f} KB | "
              f"{r['screen_gz'] / 1000:.0f} / {r['page_gz'] / 1000:.0f} KB | {kinds} |")


if __name__ == "__main__":
    sys.exit(main())
