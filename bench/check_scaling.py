#!/usr/bin/env python3
"""Benchmark: does `shudu check` stay linear on hostile bodies?

    python3 bench/check_scaling.py [--stories 3000] [--runs 3] [--work DIR]

Makes its own fixture: `shudu init` then --stories generated stories (Chinese
prose with figures, half with an English version). Then it times `shudu
check` (median of --runs, wall clock) on four copies of that site:

  clean    the site as made;
  broken   plus one story with 1,000 links to files that do not exist;
  inline   plus one story whose body is one 1 MB line of Chinese prose with
           half-width commas (a typography warning every few characters);
  links    plus one story whose body is one 1 MB line of inline Markdown
           links to missing files.

and reports each time with its ratio to `clean`. Issue 18 asks for `broken`
within 2x `clean`. Needs a release build (`cargo build --release`).
"""
import argparse
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHUDU = ROOT / "target" / "release" / "shudu"

HAN = "援疆干部人才教育医疗产业就业项目资金建设发展合作交流帮扶工作推进落实服务群众"


def sentence(rng):
    return "".join(rng.choice(HAN) for _ in range(rng.randint(8, 30))) + "。"


def make_site(dest, stories, seed=1):
    """`shudu init`, then `stories` generated stories under content/stories/gen/."""
    subprocess.run([str(SHUDU), "init", str(dest)], check=True, capture_output=True)
    rng = random.Random(seed)
    out = dest / "content" / "stories" / "gen"
    out.mkdir(parents=True)
    for i in range(stories):
        year = 2015 + i % 9
        body = "\n\n".join(
            "".join(sentence(rng) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(3, 8))
        )
        front = (
            f"---\ntitle: 第{i}篇 {sentence(rng)[:12]}\ndate: {year}-0{1 + i % 9}-1{i % 10}\n"
            f"command: shanghai\nfigures:\n  - key: projects\n    label: {{zh: 援疆项目, en: Aid projects}}\n"
            f"    value: {rng.randint(1, 500)}\n    unit: 个\n---\n"
        )
        (out / f"s{i:05}.md").write_text(front + body + "\n", encoding="utf-8")
        if i % 2 == 0:
            (out / f"s{i:05}.en.md").write_text(
                f"---\ntitle: Story {i}\n---\nAid story number {i}.\n", encoding="utf-8"
            )


def add_story(site, name, body):
    (site / "content" / "stories" / f"{name}.md").write_text(
        f"---\ntitle: {name}\ndate: 2022-05-01\ncommand: shanghai\n---\n\n{body}\n", encoding="utf-8"
    )


def variants(base, work):
    """The four sites: name → path."""
    sites = {}
    for name in ["clean", "broken", "inline", "links"]:
        dest = work / name
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(base, dest)
        sites[name] = dest
    add_story(sites["broken"], "broken", "\n\n".join(f"见[文件{i}](missing/f{i}.pdf)。" for i in range(1000)))
    unit = "援疆干部,在这里工作。"
    add_story(sites["inline"], "inline", unit * (1_000_000 // len(unit.encode())))
    unit = "[文件](missing/x.pdf) "
    add_story(sites["links"], "links", unit * (1_000_000 // len(unit.encode())))
    return sites


def check_time(site):
    start = time.perf_counter()
    subprocess.run(
        [str(SHUDU), "check", "--root", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path("/tmp/shudu-check-scaling"))
    args = ap.parse_args()
    if not SHUDU.exists():
        sys.exit(f"{SHUDU} is missing: run `cargo build --release` first")
    base = args.work / f"base-{args.stories}"
    if not base.exists():
        args.work.mkdir(parents=True, exist_ok=True)
        make_site(base, args.stories)
    sites = variants(base, args.work)
    times = {name: [] for name in sites}
    for _ in range(args.runs):
        for name, site in sites.items():
            times[name].append(check_time(site))
    clean = statistics.median(times["clean"])
    print(f"`shudu check`, {args.stories} stories, median of {args.runs} (wall clock)\n")
    print("| site | seconds | × clean |\n| --- | --- | --- |")
    for name, t in times.items():
        m = statistics.median(t)
        print(f"| {name} | {m:.2f} | {m / clean:.2f} |")


if __name__ == "__main__":
    main()
