#!/bin/bash
# Runs the relay with the given arguments. For `run` without --join, the join code comes from $MML_JOIN_CODE or from
# the file the compose `session` service wrote ($MML_JOIN_CODE_FILE, default /session/join-code).
set -euo pipefail

args=("$@")
if [[ "${1:-}" == "run" && " $* " != *" --join "* && " $* " != *" --join="* ]]; then
  code="${MML_JOIN_CODE:-}"
  file="${MML_JOIN_CODE_FILE:-/session/join-code}"
  if [[ -z "$code" && -s "$file" ]]; then
    code="$(tr -d '[:space:]' < "$file")"
  fi
  if [[ -z "$code" ]]; then
    echo "mml-relay: no join code: pass --join CODE, set MML_JOIN_CODE, or let the session service write $file" >&2
    exit 64
  fi
  args+=(--join "$code")
fi

# MML_DOTNET: a test seam (tests run the script with `echo` to see the command line).
exec "${MML_DOTNET:-dotnet}" /app/MindMuscle.Live.Relay.dll "${args[@]}"
