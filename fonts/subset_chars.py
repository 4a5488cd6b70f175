#!/usr/bin/env python3
"""Prints the characters the bundled share-image font keeps, one line.

The set: printable ASCII, Latin-1 punctuation and signs, common CJK and
full-width punctuation, every character of GB 2312 (6763 hanzi and its
symbols), and every character of the sample portal and the built-in theme
(content/, data/, site.yaml, themes/default/i18n/), so the sample portal's
share images never miss a glyph. Run from the repository root:

    python3 fonts/subset_chars.py > /tmp/chars.txt

See fonts/README.md for the pyftsubset command that uses it.
"""

import pathlib
import sys


def gb2312():
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.update(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def ranges(*pairs):
    out = set()
    for a, b in pairs:
        out.update(chr(c) for c in range(a, b + 1))
    return out


def site_text(root):
    out = set()
    for folder in ["content", "data", "themes/default/i18n"]:
        for p in sorted((root / folder).rglob("*")):
            if p.suffix in {".md", ".yaml", ".yml"}:
                out.update(p.read_text(encoding="utf-8"))
    site = root / "site.yaml"
    if site.exists():
        out.update(site.read_text(encoding="utf-8"))
    return out


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    chars = set()
    chars |= ranges((0x20, 0x7E))  # ASCII
    chars |= ranges((0xA0, 0xFF))  # Latin-1: ° · × ÷ ² ³ ± µ …
    chars |= ranges((0x2010, 0x2027), (0x2030, 0x203B))  # dashes, quotes, … ‰ ※
    chars |= set("€¥₩℃№™←↑→↓−√∞≈≠≤≥①②③④⑤⑥⑦⑧⑨⑩")
    chars |= ranges((0x3000, 0x303F))  # CJK punctuation: 、。「」《》【】〔〕
    chars |= ranges((0xFF01, 0xFF5E))  # full-width forms: ，：；！？（）％
    chars |= gb2312()
    chars |= site_text(root)
    chars = {c for c in chars if c.isprintable() and c not in "\ufeff"}
    sys.stdout.write("".join(sorted(chars)) + "\n")


if __name__ == "__main__":
    main()
