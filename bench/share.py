#!/usr/bin/env python3
"""Share-image cost: cold and warm builds of a corpus, against another binary.

    python3 bench/share.py --site DIR --shudu PATH [--baseline PATH] [--runs 3]

For each run: a cold build (share-image and photo caches and the output
removed first: every share image is drawn) and a warm build (caches kept,
a new output folder: every page is rendered again, every share image copied
from `.shudu-cache/share/`); with --baseline, a build of the same site by
that binary (e.g. main before share images) after the same clean-up.
Reports medians of wall time and CPU time (user + system of the build
process, from wait4's rusage) and the images drawn.
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


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{out.decode(errors='replace')[-3000:]}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, out.decode(errors="replace")


def clean(site: Path, outs):
    shutil.rmtree(site / ".shudu-cache", ignore_errors=True)
    for o in outs:
        shutil.rmtree(o, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", required=True)
    ap.add_argument("--shudu", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    site = Path(args.site).resolve()
    out1, out2, out0 = site / "out-cold", site / "out-warm", site / "out-base"
    results = {"baseline": [], "cold": [], "warm": []}
    drawn = {}
    for _ in range(args.runs):
        if args.baseline:
            clean(site, [out0])
            results["baseline"].append(run([args.baseline, "build", "--root", site, "--output", out0])[:2])
        clean(site, [out1, out2])
        wall, cpu, text = run([args.shudu, "build", "--root", site, "--output", out1])
        results["cold"].append((wall, cpu))
        m = re.search(r"drew (\d+) share image", text)
        drawn["cold"] = int(m.group(1)) if m else 0
        wall, cpu, text = run([args.shudu, "build", "--root", site, "--output", out2])
        results["warm"].append((wall, cpu))
        m = re.search(r"drew (\d+) share image", text)
        drawn["warm"] = int(m.group(1)) if m else 0
    clean(site, [out0, out1, out2])
    print("| build | wall (median) | CPU (median) | share images drawn |")
    print("| --- | --- | --- | --- |")
    for name, rows in results.items():
        if not rows:
            continue
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {drawn.get(name, '-')} |")


if __name__ == "__main__":
    main()
