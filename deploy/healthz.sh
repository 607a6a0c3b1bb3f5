#!/bin/bash
# Container healthcheck without curl or wget (the .NET runtime images ship neither): one HTTP/1.0 GET over bash's
# /dev/tcp, healthy only on a 200.
#   mml-healthz [URL]    URL defaults to $MML_HEALTH_URL; with neither, only checks that PID 1 is alive.
set -euo pipefail

url="${1:-${MML_HEALTH_URL:-}}"
if [[ -z "$url" ]]; then
  kill -0 1
  exit 0
fi

if [[ ! "$url" =~ ^http://([^/:]+)(:([0-9]+))?(/.*)?$ ]]; then
  echo "mml-healthz: expected http://host[:port]/path, got: $url" >&2
  exit 2
fi
host="${BASH_REMATCH[1]}"
port="${BASH_REMATCH[3]:-80}"
path="${BASH_REMATCH[4]:-/}"

if ! { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
  echo "mml-healthz: cannot connect to $host:$port" >&2
  exit 1
fi
printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
status=""
IFS= read -r -t "${MML_HEALTH_TIMEOUT:-5}" status <&3 || true
exec 3<&-
if [[ ! "$status" =~ ^HTTP/1\.[01]\ 200 ]]; then
  echo "mml-healthz: $url answered: ${status:-nothing}" >&2
  exit 1
fi
