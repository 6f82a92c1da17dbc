#!/usr/bin/env bash
# Installs what the browser checks need on a fresh Debian machine, idempotently:
#   - Chromium from Debian (/usr/bin/chromium) and a Japanese font, only when missing;
#   - a Java runtime (default-jre-headless) only when `java` is missing (for vnu.jar);
#   - Debian's nodejs and npm only when `node` or `npm` is missing;
#   - the pinned npm packages (npm ci) in tests/browser.
# It never downloads a browser or a JRE of its own. Run as root (or with sudo available),
# from any folder.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
if [ ! -x /usr/bin/chromium ]; then
    missing+=(chromium)
else
    echo "setup: chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
fi
# Without a CJK font Japanese text renders as boxes: the screenshots are useless and the widths
# measured by the 320px check are not those of a real browser.
if ! dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    missing+=(fonts-ipafont-gothic)
else
    echo "setup: a Japanese font is present"
fi
# Node.js and npm run the checks; Debian's (18 or newer) will do if the machine has none.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
if ! command -v java >/dev/null 2>&1; then
    missing+=(default-jre-headless)
else
    echo "setup: java present ($(java -version 2>&1 | head -n 1))"
fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    echo "setup: apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

for tool in /usr/bin/chromium java node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "setup: error: $tool is still missing" >&2
        exit 1
    fi
done

# --ignore-scripts: vnu-jar's postinstall would try to download a JRE when java is missing;
# we run vnu.jar with the system java instead.
echo "setup: npm ci in $HERE"
(cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund)

echo "setup: done (chromium: $(/usr/bin/chromium --version 2>/dev/null || echo '?'); node $(node --version))"
