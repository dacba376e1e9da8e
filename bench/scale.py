#!/usr/bin/env python3
"""Builds one very large generated site with careleaf alone and prints its wall time, CPU
time, peak memory and time per page: the scale check (does a site of 100,000 pages build
on this machine, and in how much memory?).

    python3 bench/scale.py              # 100,000 pages, every page in content/
    python3 bench/scale.py 50000 --shape sections

The corpus (careleaf's copy only) is generated once into --work and kept; the output is
written beside it and deleted afterwards.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from run import HERE, careleaf_binary, measure


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="?", type=int, default=100_000)
    ap.add_argument("--shape", default="flat", choices=["flat", "sections", "nested"])
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "careleaf-scale"))
    args = ap.parse_args()
    careleaf = careleaf_binary()
    corpus = os.path.join(args.work, f"{args.shape}-{args.pages}")
    site = os.path.join(corpus, "careleaf")
    if not os.path.isdir(site):
        print(f"generating {args.pages} pages into {corpus} ...", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(args.pages), corpus,
                        "--careleaf-only", "--shape", args.shape], check=True)
    out = os.path.join(corpus, "out")
    shutil.rmtree(out, ignore_errors=True)
    wall, user, system, mib = measure([careleaf, "build", "--no-pdf", "--output", out], site)
    cpu = user + system
    files = sum(len(f) for _, _, f in os.walk(out))
    shutil.rmtree(out, ignore_errors=True)
    print(f"| pages | files written | wall s | CPU s | peak MiB | ms per page |")
    print(f"|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.pages:,} | {files:,} | {wall:.2f} | {cpu:.2f} | {mib:.0f} | {wall * 1000 / args.pages:.3f} |")


if __name__ == "__main__":
    main()
