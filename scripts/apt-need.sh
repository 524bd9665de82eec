#!/usr/bin/env bash
# Install one Debian package quietly (as root, or with passwordless sudo), refreshing the
# package lists only when the first attempt fails. Usage: apt-need.sh PACKAGE
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends "$1" >/dev/null 2>&1 \
  || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends "$1" >/dev/null; }
