#!/usr/bin/env python3
"""Builds the same synthetic site with careleaf, Hugo and mdBook, alternating runs, and
prints the median wall time, CPU time (user + system) and peak memory of each, with the
ratio to Hugo. One command:

    python3 bench/run.py            # 1,000 and 10,000 pages, 5 runs each
    python3 bench/run.py 1000 --runs 3

Needs `hugo` (apt-get install hugo) and `mdbook` (cargo install mdbook) on PATH and a
release build of careleaf (built here if missing). mdBook runs at 1,000 pages only: its
sidebar makes it quadratic. careleaf's copy has `search: false` and `feed: false`, as the
others write no search index.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def careleaf_binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    path = os.path.join(target, "release", "careleaf")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return path


def measure(cmd, cwd):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak MiB)."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *cmd],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    wall, user, system, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kb) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "careleaf-bench"))
    args = ap.parse_args()
    careleaf = careleaf_binary()
    for tool in ("hugo", "mdbook"):
        if shutil.which(tool) is None:
            sys.exit(f"`{tool}` is not on PATH; see the top of bench/run.py")
    rows = []
    # Outputs are deleted after the last size: deleting thousands of files slows down the
    # file creation of the next few seconds' builds.
    cleanup = []
    for n in args.sizes:
        corpus = os.path.join(args.work, str(n))
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(n), corpus], check=True)
        tools = {
            "careleaf": lambda out: [careleaf, "build", "--root", os.path.join(corpus, "careleaf"), "--output", out],
            "hugo": lambda out: ["hugo", "--quiet", "--source", os.path.join(corpus, "hugo"), "--destination", out],
        }
        if n <= 1000:
            tools["mdbook"] = lambda out: ["mdbook", "build", os.path.join(corpus, "mdbook"), "--dest-dir", out]
        results = {name: [] for name in tools}
        outputs = []
        for run in range(args.runs):
            # Alternate the order so no tool always runs on a warm or cold cache.
            order = list(tools) if run % 2 == 0 else list(reversed(tools))
            for name in order:
                # A fresh folder each run, deleted only after the last run: on ext4,
                # creating files right after deleting thousands is several times slower
                # (the allocator skips recently deleted inodes), which would measure
                # the file system rather than the tools.
                out = os.path.join(args.work, f"out-{n}-{name}-{run}")
                shutil.rmtree(out, ignore_errors=True)
                outputs.append(out)
                results[name].append(measure(tools[name](out), corpus))
        cleanup.extend(outputs)
        hugo = [statistics.median(x) for x in zip(*results["hugo"])]
        for name, samples in results.items():
            wall, cpu, mem = (statistics.median(x) for x in zip(*samples))
            rows.append((name, n, wall, cpu, mem, wall / hugo[0], mem / hugo[2], wall / n * 1000))
    for out in cleanup:
        shutil.rmtree(out, ignore_errors=True)
    print(f"| tool | pages | wall (s) | CPU (s) | peak memory (MiB) | wall / Hugo | memory / Hugo | ms per page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, n, wall, cpu, mem, rw, rm, per in rows:
        print(f"| {name} | {n:,} | {wall:.2f} | {cpu:.2f} | {mem:.0f} | {rw:.2f} | {rm:.2f} | {per:.2f} |")
    print(f"\nMedians of {args.runs} alternating runs on {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
