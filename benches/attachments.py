#!/usr/bin/env python3
"""Attachment benchmark: what reading and gating PDF attachments costs a build.

Usage:
    python3 benches/attachments.py [--pages 10000] [--pdfs 2000] [--runs 3]
                                   [--work /tmp/office-site-bench-attachments]

It generates the benchmark corpus of --pages pages with gencorpus.py (/work/shared/bench/, or
the path in $GENCORPUS), copies it, and puts a PDF of three pages beside --pdfs of its pages,
each linked from its page (`[資料N](shiryouN.pdf)`). Every PDF is different (the cache is by
content hash) and is built as office PDFs are: compressed content streams, a Type0 font with a
ToUnicode map showing Japanese text, a title and a language. Then, with `office-site build`
(release), alternating the variants after one warm-up round:

  without      the corpus without PDFs, clean output and no attachment cache;
  cold         with the PDFs, clean output, the attachment cache deleted: every PDF is read;
  warm         with the PDFs, clean output, the cache kept: no PDF is read again;
  rebuild      with the PDFs, output and cache kept: the usual next build.

It prints the median wall time, CPU time and peak memory of each, and the attachment gate's
cost (cold - without, warm - without) in total and per PDF.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDS = "医療イノベーション推進室会議資料基本方針再生医療機器医薬品臨床研究知的資産工程表"


def pdf(n, rng):
    """A three-page PDF, different for every `n`."""
    chars = sorted(set(WORDS))
    code = {c: f"{i + 1:04X}" for i, c in enumerate(chars)}
    cmap = "".join(f"<{code[c]}> <{ord(c):04X}>\n" for c in chars)
    to_unicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap}endbfchar\nendcmap end end\n"
    ).encode()
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Lang (ja) >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /Bench-Gothic /Encoding /Identity-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Bench-Gothic "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] "
        b"/ToUnicode 4 0 R >>",
        4: (b"<< /Length %d >>\nstream\n" % len(to_unicode)) + to_unicode + b"\nendstream",
    }
    kids = []
    next_id = 5
    for page in range(3):
        lines = []
        for line in range(30):
            text = "".join(rng.choice(chars) for _ in range(30))
            hexes = "".join(code[c] for c in text)
            lines.append(f"BT /F1 10 Tf 50 {780 - line * 24} Td <{hexes}> Tj ET")
        lines.append(f"% {n}-{page}")
        content = zlib.compress("\n".join(lines).encode())
        content_id, page_id = next_id, next_id + 1
        next_id += 2
        objects[content_id] = (
            (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content))
            + content
            + b"\nendstream"
        )
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % content_id
        )
        kids.append(page_id)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count 3 >>" % b" ".join(b"%d 0 R" % k for k in kids)
    info = next_id
    title = ("資料" + str(n)).encode("utf-16-be").hex().upper().encode()
    objects[info] = b"<< /Title <FEFF" + title + b"> >>"
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for i in sorted(objects):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objects[i] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offsets[i]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        info,
        xref,
    )
    return bytes(out)


def prepare(args):
    """The corpus without PDFs and a copy of it with them (both made once, then reused)."""
    corpus = os.path.join(args.work, f"corpus-{args.pages}")
    default_gen = os.path.join(ROOT, "..", "..", "shared", "bench", "gencorpus.py")
    gen = os.environ.get("GENCORPUS", default_gen)
    if not os.path.isdir(os.path.join(corpus, "office-site")):
        subprocess.run(
            [sys.executable, gen, "--pages", str(args.pages), "--out", corpus],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    without = os.path.join(corpus, "office-site")
    with_pdfs = os.path.join(args.work, f"with-{args.pdfs}-pdfs-{args.pages}")
    if not os.path.isdir(with_pdfs):
        shutil.copytree(without, with_pdfs)
        pages = sorted(
            os.path.join(d, f)
            for d, _, files in os.walk(os.path.join(with_pdfs, "content"))
            for f in files
            if f.endswith(".md") and f != "_index.md"
        )
        step = max(1, len(pages) // args.pdfs)
        rng = random.Random(1)
        for n, page in enumerate(pages[::step][: args.pdfs]):
            name = f"shiryou{n}.pdf"
            with open(os.path.join(os.path.dirname(page), name), "wb") as f:
                f.write(pdf(n, rng))
            with open(page, "a", encoding="utf-8") as f:
                f.write(f"\n\n[資料{n}]({name})\n")
    return without, with_pdfs


def run(cmd, before):
    """Runs `cmd` after `before`: (wall s, cpu s, peak RSS MiB)."""
    before()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--pdfs", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/office-site-bench-attachments")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "office-site")
    without, with_pdfs = prepare(args)
    out = os.path.join(args.work, "output")

    def clean(site, keep_cache):
        def before():
            shutil.rmtree(out, ignore_errors=True)
            if not keep_cache:
                shutil.rmtree(os.path.join(site, ".office-site-cache"), ignore_errors=True)

        return before

    def build(site):
        return [binary, "build", "--root", site, "--output", out]

    variants = {
        "without": (build(without), clean(without, False)),
        "cold": (build(with_pdfs), clean(with_pdfs, False)),
        "warm": (build(with_pdfs), clean(with_pdfs, True)),
        "rebuild": (build(with_pdfs), lambda: None),
    }
    results = {k: [] for k in variants}
    for round_ in range(args.runs + 1):
        for name, (cmd, before) in variants.items():
            r = run(cmd, before)
            if round_ > 0:
                results[name].append(r)
        print(f"round {round_}/{args.runs} done", file=sys.stderr)
    med = {
        k: tuple(statistics.median(x[i] for x in v) for i in range(3)) for k, v in results.items()
    }
    print(f"{args.pages} pages, {args.pdfs} PDFs of 3 pages, {args.runs} runs (medians)")
    for k, (wall, cpu, rss) in med.items():
        print(f"  {k:8} wall {wall:6.2f} s  cpu {cpu:6.2f} s  peak {rss:6.0f} MiB")
    for k in ("cold", "warm"):
        extra = med[k][0] - med["without"][0]
        cpu = med[k][1] - med["without"][1]
        print(
            f"  attachment gate, {k}: +{extra:.2f} s wall, +{cpu:.2f} s CPU "
            f"({cpu / args.pdfs * 1000:.2f} ms CPU per PDF)"
        )


if __name__ == "__main__":
    main()
