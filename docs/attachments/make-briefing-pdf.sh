#!/usr/bin/env bash
# Makes content/news/gyoumu-201102.pdf, the briefing 「医療イノベーション推進室の業務」 (平成23年2月)
# attached to its news item, from docs/attachments/briefing-2011-02.html: the briefing's public
# pages only (its last page, marked 【機密性２情報】, is left out), printed by headless Chromium,
# which embeds the Japanese fonts, keeps a text layer, tags the PDF and takes its title and
# language from the HTML.
#
# Debian 12 packages it needs: chromium fonts-noto-cjk
# Usage: docs/attachments/make-briefing-pdf.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
    --no-pdf-header-footer --generate-pdf-document-outline \
    --print-to-pdf=content/news/gyoumu-201102.pdf \
    "file://$(pwd)/docs/attachments/briefing-2011-02.html"
