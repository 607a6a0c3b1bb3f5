#!/usr/bin/env bash
# Installs the system packages the tests and the live demo use, when missing and when we can (root or sudo + apt).
# Real parts, not mocks: redis-server (backplane), postgresql (scale-out store), espeak-ng (speech),
# dbus (fake BlueZ bus), nginx (sticky proxy of the compose file), curl + jq (scripts), nodejs + npm (Garmin's FIT SDK),
# chromium (the web app's browser tests; $MML_CHROMIUM as the tests read it).
#
#   bash scripts/install-deps.sh [--strict] [PACKAGE...]   default: all of the above
#
# Each check looks where the tests look ($MML_REDIS_SERVER and $MML_PG_BIN as the test kit's fixtures do; any
# PostgreSQL version under /usr/lib/postgresql). A package still missing at the end fails (exit 1, naming it) in CI
# (CI set and not 0/false) or with --strict; otherwise it is a warning: the tests that need it are skipped, and
# scripts/test.sh lists them at the end.
set -euo pipefail

ALL=(espeak-ng redis-server postgresql dbus nginx curl jq nodejs npm chromium)

say() { printf 'install-deps: %s\n' "$*" >&2; }
has() { command -v "$1" >/dev/null 2>&1; }
in_ci() { case "${CI:-}" in "" | 0 | false | False | FALSE) return 1 ;; *) return 0 ;; esac; }

STRICT=0
in_ci && STRICT=1
wanted=() EXPLICIT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --strict) STRICT=1 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) say "unknown option '$1'"; exit 2 ;;
    *) case " ${ALL[*]} " in *" $1 "*) wanted+=("$1") ;; *) say "unknown package '$1' (known: ${ALL[*]})"; exit 2 ;; esac ;;
  esac
  shift
done
if [ ${#wanted[@]} -gt 0 ]; then EXPLICIT=1; else wanted=("${ALL[@]}"); fi

# What each package is for, said when it is missing.
purpose() {
  case "$1" in
    espeak-ng) echo "spoken cues (relay speech tests, live.sh)" ;;
    redis-server) echo "the SignalR backplane (hub scale-out tests)" ;;
    postgresql) echo "the scale-out store (PostgreSQL recording and scale-out tests)" ;;
    dbus) echo "the private dbus-daemon of the relay's BlueZ tests" ;;
    nginx) echo "deploy/nginx.conf tests" ;;
    curl | jq) echo "scripts/live.sh and the deploy script tests" ;;
    nodejs | npm) echo "Garmin's FIT SDK, the oracle of the FIT tests (tests/fit-oracle)" ;;
    chromium) echo "the web app's browser tests (Playwright drives it)" ;;
  esac
}

# The PostgreSQL server binaries the tests use: $MML_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin.
pg_bin() {
  if [ -n "${MML_PG_BIN:-}" ]; then printf '%s\n' "$MML_PG_BIN"; return; fi
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/postgres" ] && printf '%s\n' "$dir"; done | sort -V | tail -n 1
}

present() {
  case "$1" in
    espeak-ng) has espeak-ng ;;
    redis-server) if [ -n "${MML_REDIS_SERVER:-}" ]; then [ -x "$MML_REDIS_SERVER" ]; else has redis-server; fi ;;
    # As root the server runs as the postgres OS user (it refuses root); the package creates that user.
    postgresql)
      local bin
      bin=$(pg_bin)
      [ -n "$bin" ] && [ -x "$bin/postgres" ] && [ -x "$bin/initdb" ] \
        && { [ "$(id -u)" -ne 0 ] || grep -q '^postgres:' /etc/passwd; } ;;
    dbus) [ -x /usr/bin/dbus-daemon ] ;;
    nginx) has nginx || [ -x /usr/sbin/nginx ] ;;
    curl | jq) has "$1" ;;
    nodejs) has node ;;
    npm) has npm ;;
    chromium) [ -x "${MML_CHROMIUM:-/usr/bin/chromium}" ] ;;
  esac
}

missing_now() {
  local p
  for p in "${wanted[@]}"; do present "$p" || printf '%s\n' "$p"; done
}

mapfile -t missing < <(missing_now)
[ ${#missing[@]} -gt 0 ] || exit 0

SUDO=() why=""
if [ "$(id -u)" -ne 0 ]; then
  if has sudo && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else why="not root, and sudo needs a password"; fi
fi
has apt-get || why="no apt-get here"

if [ -z "$why" ]; then
  log=$(mktemp "${TMPDIR:-/tmp}/install-deps-XXXXXX.log")
  say "installing ${missing[*]} (apt; log $log)..."
  # Wait for a dpkg lock held by another apt run instead of failing at once.
  apt=(${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -q)
  { "${apt[@]}" update || true
    "${apt[@]}" install --no-install-recommends "${missing[@]}" \
      || for p in "${missing[@]}"; do "${apt[@]}" install --no-install-recommends "$p" || true; done
  } >"$log" 2>&1 || true
  mapfile -t missing < <(missing_now)
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get could not install ${missing[*]}; the end of $log:"
    tail -n 10 "$log" | sed 's/^/    /' >&2
  else
    rm -f "$log"
    exit 0
  fi
else
  say "cannot install here: $why"
fi

for p in "${missing[@]}"; do say "missing: $p, for $(purpose "$p")"; done
say "install with: sudo apt-get install -y ${missing[*]}"
if [ "$STRICT" -eq 1 ]; then
  if in_ci; then say "FAILED: CI is set, and tests must not be skipped for a missing part"; else say "FAILED (--strict)"; fi
  exit 1
fi
# The default set is the test command's: say what that means for the tests; a caller naming packages says its own.
[ "$EXPLICIT" -eq 1 ] || say "the tests that need them will be skipped (scripts/test.sh lists them at the end); in CI this fails."
exit 0
