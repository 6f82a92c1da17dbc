#!/usr/bin/env python3
"""Build benchmark: office-site against the file-system floor and Hugo, on generated sites.

Usage:
    python3 benches/bench.py [--pages 1000 10000 100000] [--runs 5] [--work DIR] [--no-hugo]
                             [--hugo-max 10000] [--pagefind] [--pagefind-max 10000]
                             [--tools office-site floor hugo ...]

For each size it generates the corpus with ../shared/bench/gencorpus.py (or the path in
$GENCORPUS), then runs full clean builds of the same pages, alternating the tools (A B C A B C
…) after one warm-up round, so that a noisy machine hurts every tool alike. A clean build is
what a user meets in an empty folder: the previous output is deleted BEFORE each timed run,
outside the timing, for every tool alike (a deletion inside the run would add the same second
or two to every tool and make the ratios look closer than they are).

  office-site  `office-site build` of DIR/office-site with the default theme and every
               feature on, site search included, into an empty output folder;
  rebuild      the same, keeping the previous output: what an editor's next build costs
               (unchanged files are hard-linked from the previous output into the staging
               folder instead of being written again);
  no-search    the same pages with `search: false` in site.yaml (a copy of DIR/office-site in
               DIR/office-site-nosearch), to show what the search index costs;
  floor        benches/floor.rs on DIR/neutral: read, split front matter, pulldown-cmark,
               write one file per page; no templates;
  hugo         `hugo` on DIR/hugo (Debian's package);
               skipped when hugo is not installed, and above --hugo-max pages (Hugo's peak
               memory grows to about 1.5 GiB per 10,000 pages).

  pagefind     with --pagefind: Pagefind 1.6.0's own CLI (the npm package, installed under
               --work) indexing a copy of office-site's output without its search index: what
               the search issue's first choice would add to a build (see docs/design.md, "Why not Pagefind",
               section for why office-site has its own index).

It prints, per size and tool, the median wall time, median CPU time (user + system), peak
memory (maximum resident set of the process), the bytes of the output, and each tool's ratio to
the floor and to Hugo computed pair by pair (each run with the run of the other tool next to it
in the same round), as medians; then the output size of office-site (with and without its
search index), one `office-site build --timings` of a clean build (where its time goes), and
how time and memory per page change from one size to the next.
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
    """Runs `cmd`, returns (wall s, cpu s, peak RSS MiB). `before` runs first, untimed."""
    if before:
        before()
    start = time.perf_counter()
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


def delete(path):
    """Deletes a previous output (before a timed run, never inside it)."""
    return lambda: shutil.rmtree(path, ignore_errors=True)


def outputs(work):
    """Each tool's output folder in corpus `work`."""
    return {
        "office-site": os.path.join(work, "office-site", "output"),
        "rebuild": os.path.join(work, "office-site", "output"),
        "no-search": os.path.join(work, "office-site-nosearch", "output"),
        "floor": os.path.join(work, "neutral", "public"),
        "hugo": os.path.join(work, "hugo", "public"),
        "pagefind": os.path.join(work, "pagefind-site", "pagefind"),
    }


def tools_for(work, office_site, floor, use_hugo, wanted, pagefind=None):
    site = os.path.join(work, "office-site")
    neutral = os.path.join(work, "neutral")
    hugo_dir = os.path.join(work, "hugo")
    out = outputs(work)
    tools = {
        "office-site": lambda: run([office_site, "build", "--root", site],
                                   before=delete(out["office-site"])),
        "rebuild": lambda: run([office_site, "build", "--root", site]),
        "floor": lambda: run([floor, os.path.join(neutral, "content"), out["floor"]],
                             before=delete(out["floor"])),
    }
    if "no-search" in wanted:
        nosearch = no_search_copy(work)
        tools["no-search"] = lambda: run([office_site, "build", "--root", nosearch],
                                         before=delete(out["no-search"]))
    if pagefind:
        copy = pagefind_site(work, office_site)
        tools["pagefind"] = lambda: run([pagefind, "--site", copy], before=delete(out["pagefind"]))
    if use_hugo:
        tools["hugo"] = lambda: run(["hugo", "--quiet", "--destination", out["hugo"]],
                                    cwd=hugo_dir, before=delete(out["hugo"]))
    return {name: fn for name, fn in tools.items() if name in wanted or name == "pagefind"}


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
    tools = tools_for(work, office_site, floor, use_hugo and pages <= args.hugo_max, args.tools,
                      pagefind)
    results = {name: [] for name in tools}
    for round_ in range(args.runs + 1):
        for name, fn in tools.items():
            r = fn()
            if round_ > 0:
                results[name].append(r)
        print(f"  {pages} pages: round {round_}/{args.runs} done", file=sys.stderr)
    out = outputs(work)
    # Each tool's output as its last run left it (the rebuild's is the clean build's).
    written = {name: du(out[name]) for name in tools if os.path.isdir(out[name])}
    return count_pages(work), results, written


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


def pair_ratio(results, name, other):
    """The median of `name`'s wall time over `other`'s, run by run (same round), or None."""
    if name not in results or other not in results or name == other:
        return None
    return statistics.median(a[0] / b[0] for a, b in zip(results[name], results[other]))


def report(pages, n_files, results, written):
    print(f"\n### {pages:,} pages ({n_files:,} Markdown files), clean builds\n")
    print("| tool | median wall s | median CPU s | peak memory MiB | output MB | / floor | / Hugo |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = max(r[2] for r in runs)
        size = f"{written[name] / 1e6:.1f}" if name in written else ""
        floor = pair_ratio(results, name, "floor")
        hugo = pair_ratio(results, name, "hugo")
        show = lambda r: "" if r is None else f"{r:.2f}"
        print(f"| {name} | {wall:.3f} | {cpu:.2f} | {rss:.0f} | {size} | {show(floor)} | {show(hugo)} |")
    for other in ("floor", "hugo"):
        if "office-site" in results and other in results:
            ratios = [a[0] / b[0] for a, b in zip(results["office-site"], results[other])]
            print(f"\noffice-site / {other}, pair by pair: {', '.join(f'{r:.2f}' for r in ratios)}")


def timings(office_site, work):
    """One clean `office-site build --timings`: the stage table it prints."""
    site = os.path.join(work, "office-site")
    delete(os.path.join(site, "output"))()
    out = subprocess.run([office_site, "build", "--timings", "--root", site],
                         check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("stage")), len(lines))
    return "\n".join(lines[start:])


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
    ap.add_argument("--tools", nargs="+", default=["office-site", "rebuild", "no-search", "floor", "hugo"],
                    help="which of office-site, rebuild, no-search, floor, hugo to time "
                         "(default: all; office-site is always timed)")
    args = ap.parse_args()
    if "office-site" not in args.tools:
        args.tools.append("office-site")
    use_hugo = not args.no_hugo and "hugo" in args.tools and shutil.which("hugo") is not None
    if not use_hugo and not args.no_hugo and "hugo" in args.tools:
        print("hugo is not installed (apt-get install hugo): comparing with the floor only", file=sys.stderr)
    office_site, floor = build_tools()
    print(f"# office-site clean-build benchmark ({os.cpu_count()} CPUs, {args.runs} runs after a "
          f"warm-up; output deleted before each timed run)")
    scaling = []
    for pages in args.pages:
        n_files, results, written = bench_size(pages, args, office_site, floor, use_hugo)
        report(pages, n_files, results, written)
        work = os.path.join(args.work, f"corpus-{pages}")
        total, search, count = sizes(work)
        print(f"\noutput {total / 2**20:.1f} MiB, of which the search index {search / 2**20:.1f} MiB "
              f"in {count} files")
        print(f"\nwhere a clean build's time goes (`office-site build --timings`, one run):\n")
        print("```\n" + timings(office_site, work) + "\n```")
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
