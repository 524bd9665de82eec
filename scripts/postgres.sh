#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for the shared-memory tests (tests/pgserver.py starts a
# throwaway server on 127.0.0.1 in a temporary folder; no system service is used). Idempotent.
set -euo pipefail
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && exit 0
echo "setup: installing Debian's postgresql for the shared-memory tests" >&2
"$(dirname "$0")/apt-need.sh" postgresql
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
