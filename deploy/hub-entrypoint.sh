#!/bin/bash
# Starts the hub. Every replica must sign and check tokens with the same key, and the hub keeps its key in
# <data folder>/jwt-signing.key (generated per data folder when missing). With MML_JWT_SIGNING_KEY set (base64, at
# least 32 bytes), that file is written from it before the hub starts, so all replicas share one key.
set -euo pipefail

data="/data"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --data) data="${args[i + 1]:-$data}" ;;
    --data=*) data="${args[i]#--data=}" ;;
  esac
done

if [[ -n "${MML_JWT_SIGNING_KEY:-}" ]]; then
  key="$(printf '%s' "$MML_JWT_SIGNING_KEY" | tr -d '[:space:]')"
  bytes="$(printf '%s' "$key" | base64 -d 2>/dev/null | wc -c)" || bytes=0
  if [[ ! "$key" =~ ^[A-Za-z0-9+/]+={0,2}$ ]] || ((bytes < 32)); then
    echo "mml-hub: MML_JWT_SIGNING_KEY must be base64 of at least 32 random bytes (e.g. openssl rand -base64 48)" >&2
    exit 64
  fi
  mkdir -p "$data"
  umask 077
  printf '%s' "$key" > "$data/jwt-signing.key.tmp"
  mv -f "$data/jwt-signing.key.tmp" "$data/jwt-signing.key"
fi

# MML_DOTNET: a test seam (tests run the script with `echo` to see the command line).
exec "${MML_DOTNET:-dotnet}" /app/MindMuscle.Live.Hub.dll "${args[@]}"
