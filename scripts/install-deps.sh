#!/usr/bin/env bash
# Installs the system packages the tests and the live demo use, when missing and when we can (root or sudo + apt).
# Real parts, not mocks: redis-server (backplane), postgresql (scale-out store), espeak-ng (speech),
# dbus-daemon (fake BlueZ bus), nginx (sticky proxy of the compose file), curl + jq (scripts).
set -euo pipefail

need=()
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v dbus-daemon >/dev/null 2>&1 || need+=(dbus)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v jq >/dev/null 2>&1 || need+=(jq)
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-deps: missing ${need[*]}; install them with: sudo apt-get install -y ${need[*]}" >&2
    echo "install-deps: tests that need them will be reported as skipped with that hint." >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: no apt-get here; install ${need[*]} with your package manager." >&2
  exit 0
fi
echo "install-deps: installing ${need[*]} (apt)..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "install-deps: apt-get install ${need[*]} failed; the tests that need them will say so." >&2
