#!/usr/bin/env python3
"""The cost of the publish gate's last barrier, against a clean build of the same site.

Usage:
    python3 benches/gate_scan.py [--pages 10000] [--runs 5] [--work DIR]

Generates the corpus with ../shared/bench/gencorpus.py (or the path in $GENCORPUS) into DIR
(default /tmp/gate-scan-bench), then, RUNS times side by side:

  build  `office-site build` of DIR/office-site, the previous output deleted inside the timed
         run (a clean build, as benches/bench.py times it; the barrier runs inside it);
  scan   benches/gate_scan.rs on the output just built: every file read into memory first
         (not timed), then held to the barrier on every core as a build does (timed, median
         of 3 inside each run).

It prints the median build time, the median scan time and the median of the per-run ratios
scan / build, and what the barrier read (files, MB, files it read in full because the
prefilter could not clear them).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tools():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    out = subprocess.run(
        ["cargo", "bench", "--no-run", "--bench", "gate_scan", "--message-format=json", "--quiet"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    scan = None
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "gate_scan":
            scan = msg.get("executable") or scan
    if not scan:
        raise SystemExit("could not find the gate_scan benchmark binary")
    return os.path.join(ROOT, "target", "release", "office-site"), scan


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default="/tmp/gate-scan-bench")
    args = parser.parse_args()
    office_site, scan = tools()
    gen = os.environ.get("GENCORPUS") or os.path.join(ROOT, "..", "shared", "bench", "gencorpus.py")
    if not os.path.exists(gen):
        gen = "/work/shared/bench/gencorpus.py"
    site = os.path.join(args.work, "office-site")
    if not os.path.isdir(site):
        subprocess.run([sys.executable, gen, "--pages", str(args.pages), "--out", args.work],
                       check=True, stdout=subprocess.DEVNULL)
    builds, scans, ratios, last = [], [], [], ""
    for _ in range(args.runs):
        start = time.perf_counter()
        shutil.rmtree(os.path.join(site, "output"), ignore_errors=True)
        subprocess.run([office_site, "build", "--root", site], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build = time.perf_counter() - start
        last = subprocess.run([scan, site, "3"], check=True, capture_output=True,
                              text=True).stdout.strip()
        seconds = float(re.search(r"median ([0-9.]+) s", last).group(1))
        builds.append(build)
        scans.append(seconds)
        ratios.append(seconds / build)
    print(f"{args.pages} pages, {args.runs} runs side by side")
    print(f"clean build: median {statistics.median(builds):.3f} s")
    print(f"barrier scan alone: median {statistics.median(scans):.3f} s")
    print(f"scan / build: median {100 * statistics.median(ratios):.1f} %")
    print(f"last scan: {last}")


if __name__ == "__main__":
    main()
