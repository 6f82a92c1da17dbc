#!/usr/bin/env python3
"""Preview-server latency: from the moment a saved file lands on disk to the reload event
that `office-site serve` sends to the browser.

Usage:
    python3 benches/serve_latency.py SITE_ROOT PAGE [--runs N] [--binary PATH]

SITE_ROOT is a site folder (site.yaml, content/); PAGE a Markdown file under it to edit, e.g.
content/teams/pharma.md. The script starts the server, listens to its event stream like a
browser, then N times appends a line to PAGE (alternating, so the page really changes), and
measures the time from the end of the write (file closed) to the `event: reload` line. The
first edit is a warm-up. It prints the median, min and max, and restores the file.
The time includes the watcher's debounce (see QUIET in src/serve/watch.rs).
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def start(binary, root):
    proc = subprocess.Popen(
        [binary, "serve", "--root", root, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
    )
    # --port 0: the system picks a free port, and the `serving` line says which.
    for line in proc.stdout:
        m = re.match(r"(?:serving|プレビューを) http://127\.0\.0\.1:(\d+)(/\S*)", line)
        if m:
            # Keep reading what it prints, so that a full pipe never blocks the server.
            threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()
            return proc, int(m.group(1))
    raise SystemExit("serve did not start")


def events(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__office-site/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
    return s.makefile("rb")


def wait_reload(stream):
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("event stream closed")
        if line.startswith(b"event: reload"):
            return time.perf_counter()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("page")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--binary", default="target/release/office-site")
    args = ap.parse_args()
    path = os.path.join(args.root, args.page)
    original = open(path, encoding="utf-8").read()
    proc, port = start(args.binary, args.root)
    try:
        stream = events(port)
        time.sleep(0.5)
        times = []
        for i in range(args.runs + 1):
            text = original + f"\n\n計測用の段落 {i}。\n"
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            saved = time.perf_counter()
            reloaded = wait_reload(stream)
            if i > 0:
                times.append((reloaded - saved) * 1000)
            time.sleep(0.3)
        print(f"{args.root} ({args.page}): median {statistics.median(times):.0f} ms, "
              f"min {min(times):.0f} ms, max {max(times):.0f} ms over {len(times)} edits")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    sys.exit(main())
