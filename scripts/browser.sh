#!/usr/bin/env bash
# Debian's chromium for the web app's browser tests (Playwright drives it). Idempotent.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
echo "setup: installing Debian's chromium for the browser tests" >&2
"$(dirname "$0")/apt-need.sh" chromium
command -v chromium >/dev/null
