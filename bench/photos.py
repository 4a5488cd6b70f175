#!/usr/bin/env python3
"""Photo cost: cold and warm builds of the sample portal with N camera-size photos.

    python3 bench/photos.py [--photos 20] [--size 4000x3000] [--runs 3] [--work DIR] [--shudu PATH]

Copies the sample site (site.yaml, content/, data/) to --work, writes N
generated camera-size JPEGs (a gradient with noise, made by
`examples/gen_photos.rs`; nothing is fetched) beside its stories under
content/stories/photos/, and links them from the stories' bodies. Then, for
each run: a cold build (photo cache and output removed first) and a warm
build (cache kept, new output folder, so every page is rendered again and
only the photos come from the cache), and the same site without photos.
Reports medians of wall time and CPU time (user + system, from wait4's
rusage: less sensitive than wall time to other work on the machine), and
the cost per photo as the difference with the site without photos.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{out.decode(errors='replace')[-3000:]}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, out.decode(errors="replace")


def make_site(dest: Path, photos: int, size: str) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ["site.yaml", "content", "data"]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy(src, dest / name)
    if photos == 0:
        return
    folder = dest / "content" / "stories" / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "run", "--quiet", "--release", "--example", "gen_photos", "--",
                    str(folder), str(photos), size], check=True, cwd=ROOT)
    # Each photo is linked from a story in photos/ (a new story per photo keeps links inside its folder).
    for i in range(photos):
        (folder / f"photo-story-{i}.md").write_text(
            f"---\ntitle: 照片 {i}\ndate: 2022-06-{(i % 28) + 1:02d}\ncommand: taizhou\n---\n"
            f"![生成的测试照片 {i}](photo-{i}.jpg)\n", encoding="utf-8")


def measure(site: Path, shudu: str, runs: int):
    cold, warm = [], []
    for _ in range(runs):
        shutil.rmtree(site / ".shudu-cache", ignore_errors=True)
        for out in ["public", "public-warm"]:
            shutil.rmtree(site / out, ignore_errors=True)
        cold.append(run([shudu, "build", "--root", str(site), "--output", str(site / "public")])[:2])
        w = run([shudu, "build", "--root", str(site), "--output", str(site / "public-warm")])
        if "encoded" in w[2]:
            sys.exit(f"the warm build encoded photos:\n{w[2]}")
        warm.append(w[:2])
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    return {"cold wall": med(cold, 0), "cold cpu": med(cold, 1), "warm wall": med(warm, 0), "warm cpu": med(warm, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", type=int, default=20)
    ap.add_argument("--size", default="4000x3000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/shudu-photos-bench")
    ap.add_argument("--shudu", default=str(ROOT / "target" / "release" / "shudu"))
    a = ap.parse_args()
    work = Path(a.work)
    plain, with_photos = work / "plain", work / "photos"
    make_site(plain, 0, a.size)
    make_site(with_photos, a.photos, a.size)
    base = measure(plain, a.shudu, a.runs)
    pics = measure(with_photos, a.shudu, a.runs)
    print(f"| {a.photos} photos of {a.size}, median of {a.runs} | without photos | with photos | per photo |")
    print("| --- | --- | --- | --- |")
    for k in base:
        per = (pics[k] - base[k]) / a.photos
        print(f"| {k} (s) | {base[k]:.2f} | {pics[k]:.2f} | {per * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
