#!/usr/bin/env python3
"""Build benchmark: office-site against the file-system floor and Hugo, on generated sites.

Usage:
    python3 benches/bench.py [--pages 1000 10000 100000] [--runs 5] [--work DIR] [--no-hugo]
                             [--hugo-max 10000] [--pagefind] [--pagefind-max 10000]

For each size it generates the corpus with ../shared/bench/gencorpus.py (or the path in
$GENCORPUS), then runs full clean builds of the same pages, alternating the tools (A B C A B C
…) after one warm-up round, so that a noisy machine hurts every tool alike:

  office-site  `office-site build` of DIR/office-site with the default theme and every
               feature on, site search included; a clean build: the previous output is
               deleted inside the timed run, as for Hugo and the floor;
  rebuild      the same, keeping the previous output: what an editor's next build costs
               (unchanged files are hard-linked from the previous output into the staging
               folder instead of being written again);
  no-search    the same pages with `search: false` in site.yaml (a copy of DIR/office-site in
               DIR/office-site-nosearch), to show what the search index costs;
  floor        benches/floor.rs on DIR/neutral: read, split front matter, pulldown-cmark,
               write one file per page; no templates (previous output deleted inside the run);
  hugo         `hugo` on DIR/hugo (Debian's package), previous output deleted inside the run;
               skipped when hugo is not installed, and above --hugo-max pages (Hugo's peak
               memory grows to about 1.5 GiB per 10,000 pages).

  pagefind     with --pagefind: Pagefind 1.6.0's own CLI (the npm package, installed under
               --work) indexing a copy of office-site's output without its search index: what
               the search issue's first choice would add to a build (see docs/design.md, "Why not Pagefind",
               section for why office-site has its own index).

It prints, per size and tool, the median wall time, median CPU time (user + system), peak
memory (maximum resident set of the process), pages per second, and the ratios office-site /
floor and office-site / hugo computed pair by pair (each run of office-site with the run of the
other tool next to it), as medians; then the output size of office-site (with and without
its search index), and how time and memory per page change from one size to the next.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, cwd=None, before=None):
    """Runs `cmd`, returns (wall s, cpu s, peak RSS MiB). `before` runs inside the timing."""
    start = time.perf_counter()
    if before:
        before()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def build_tools():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    out = subprocess.run(
        ["cargo", "bench", "--no-run", "--bench", "floor", "--message-format=json", "--quiet"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    floor = None
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "floor":
            floor = msg.get("executable") or floor
    if not floor:
        raise SystemExit("could not find the floor benchmark binary")
    return os.path.join(ROOT, "target", "release", "office-site"), floor


def no_search_copy(work):
    """DIR/office-site-nosearch: the same site with `search: false` (made once)."""
    site = os.path.join(work, "office-site")
    copy = os.path.join(work, "office-site-nosearch")
    if not os.path.isdir(copy):
        shutil.copytree(os.path.join(site, "content"), os.path.join(copy, "content"))
        with open(os.path.join(site, "site.yaml"), encoding="utf-8") as f:
            yaml = f.read()
        with open(os.path.join(copy, "site.yaml"), "w", encoding="utf-8") as f:
            f.write(yaml.rstrip("\n") + "\nsearch: false\n")
    return copy


def pagefind_binary(work_root):
    """Installs Pagefind 1.6.0 from the npm registry (once) and returns its command."""
    prefix = os.path.join(work_root, "pagefind-npm")
    binary = os.path.join(prefix, "node_modules", ".bin", "pagefind")
    if not os.path.exists(binary):
        os.makedirs(prefix, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund",
                        "pagefind@1.6.0"], check=True, stdout=subprocess.DEVNULL)
    return binary


def pagefind_site(work, office_site):
    """A copy of office-site's output without its own search index (made once)."""
    copy = os.path.join(work, "pagefind-site")
    if not os.path.isdir(copy):
        site = os.path.join(work, "office-site")
        run([office_site, "build", "--root", site])
        shutil.copytree(os.path.join(site, "output"), copy,
                        ignore=shutil.ignore_patterns("search-index"))
    return copy


def tools_for(work, office_site, floor, use_hugo, pagefind=None):
    site = os.path.join(work, "office-site")
    nosearch = no_search_copy(work)
    neutral = os.path.join(work, "neutral")
    hugo_dir = os.path.join(work, "hugo")
    clean = lambda root: (lambda: shutil.rmtree(os.path.join(root, "output"), ignore_errors=True))
    tools = {
        "office-site": lambda: run([office_site, "build", "--root", site], before=clean(site)),
        "rebuild": lambda: run([office_site, "build", "--root", site]),
        "no-search": lambda: run([office_site, "build", "--root", nosearch], before=clean(nosearch)),
        "floor": lambda: run([floor, os.path.join(neutral, "content"), os.path.join(neutral, "public")]),
    }
    if pagefind:
        copy = pagefind_site(work, office_site)
        tools["pagefind"] = lambda: run(
            [pagefind, "--site", copy],
            before=lambda: shutil.rmtree(os.path.join(copy, "pagefind"), ignore_errors=True))
    if use_hugo:
        public = os.path.join(hugo_dir, "public")
        tools["hugo"] = lambda: run(
            ["hugo", "--quiet", "--destination", public], cwd=hugo_dir,
            before=lambda: shutil.rmtree(public, ignore_errors=True))
    return tools


def count_pages(work):
    n = 0
    for _, _, files in os.walk(os.path.join(work, "office-site", "content")):
        n += sum(1 for f in files if f.endswith(".md"))
    return n


def bench_size(pages, args, office_site, floor, use_hugo):
    work = os.path.join(args.work, f"corpus-{pages}")
    gen = os.environ.get("GENCORPUS", os.path.join(ROOT, "..", "shared", "bench", "gencorpus.py"))
    if not os.path.isdir(os.path.join(work, "office-site")):
        subprocess.run([sys.executable, gen, "--pages", str(pages), "--out", work],
                       check=True, stdout=subprocess.DEVNULL)
    pagefind = pagefind_binary(args.work) if args.pagefind and pages <= args.pagefind_max else None
    tools = tools_for(work, office_site, floor, use_hugo and pages <= args.hugo_max, pagefind)
    results = {name: [] for name in tools}
    for round_ in range(args.runs + 1):
        for name, fn in tools.items():
            r = fn()
            if round_ > 0:
                results[name].append(r)
        print(f"  {pages} pages: round {round_}/{args.runs} done", file=sys.stderr)
    return count_pages(work), results


def du(path):
    total = 0
    for d, _, files in os.walk(path):
        total += sum(os.lstat(os.path.join(d, f)).st_size for f in files)
    return total


def sizes(work):
    out = os.path.join(work, "office-site", "output")
    search = os.path.join(out, "search-index")
    n = sum(len(f) for _, _, f in os.walk(search))
    return du(out), du(search), n


def report(pages, n_files, results):
    print(f"\n### {pages:,} pages ({n_files:,} Markdown files)\n")
    print("| tool | median wall s | median CPU s | peak memory MiB | pages/s |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = max(r[2] for r in runs)
        print(f"| {name} | {wall:.3f} | {cpu:.2f} | {rss:.0f} | {n_files / wall:,.0f} |")
    ours = [r[0] for r in results["office-site"]]
    for other in ("rebuild", "no-search", "floor", "hugo"):
        if other in results:
            ratios = [a / b[0] for a, b in zip(ours, results[other])]
            print(f"\noffice-site / {other}: median ratio {statistics.median(ratios):.2f} "
                  f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
    if "hugo" in results:
        ratios = [a[0] / b[0] for a, b in zip(results["rebuild"], results["hugo"])]
        print(f"\nrebuild / hugo: median ratio {statistics.median(ratios):.2f} "
              f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/office-site-bench")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--pagefind", action="store_true",
                    help="also time Pagefind 1.6.0 (npm) indexing the same pages")
    ap.add_argument("--pagefind-max", type=int, default=10000,
                    help="skip Pagefind above this many pages (default 10000: it needs about "
                         "5 GiB per 10,000)")
    ap.add_argument("--hugo-max", type=int, default=10000,
                    help="skip Hugo above this many pages (default 10000)")
    args = ap.parse_args()
    use_hugo = not args.no_hugo and shutil.which("hugo") is not None
    if not use_hugo and not args.no_hugo:
        print("hugo is not installed (apt-get install hugo): comparing with the floor only", file=sys.stderr)
    office_site, floor = build_tools()
    print(f"# office-site build benchmark ({os.cpu_count()} CPUs, {args.runs} runs after a warm-up)")
    scaling = []
    for pages in args.pages:
        n_files, results = bench_size(pages, args, office_site, floor, use_hugo)
        report(pages, n_files, results)
        total, search, count = sizes(os.path.join(args.work, f"corpus-{pages}"))
        print(f"\noutput {total / 2**20:.1f} MiB, of which the search index {search / 2**20:.1f} MiB "
              f"in {count} files")
        runs = results["office-site"]
        scaling.append((n_files, statistics.median(r[0] for r in runs), max(r[2] for r in runs)))
    if len(scaling) > 1:
        print("\n### Scaling of office-site\n")
        print("| pages | wall ms per 1,000 pages | peak MiB per 1,000 pages |")
        print("|---:|---:|---:|")
        for n, wall, rss in scaling:
            print(f"| {n:,} | {wall * 1000 / (n / 1000):.0f} | {rss / (n / 1000):.1f} |")


if __name__ == "__main__":
    main()
