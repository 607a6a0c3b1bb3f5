#!/bin/bash
# Creates a live session (POST /api/sessions with the coach key) and writes its join code for the relays.
# Idempotent: when $MML_SESSION_DIR/join-code exists, the session is kept (restarted relays rejoin it as the same
# runners) unless MML_NEW_SESSION=1. Prints the session id and join code, never the coach token.
set -euo pipefail

hub="${MML_HUB_URL:-http://proxy:8080}"
dir="${MML_SESSION_DIR:-/session}"
: "${MML_COACH_KEY:?MML_COACH_KEY is not set (see deploy/env.example)}"

if [[ -s "$dir/join-code" && "${MML_NEW_SESSION:-0}" != "1" ]]; then
  echo "session: keeping $(cat "$dir/session.json" 2>/dev/null || cat "$dir/join-code") (MML_NEW_SESSION=1 makes a new one)"
  exit 0
fi

body="$(jq -n \
  --arg name "${MML_SESSION_NAME:-compose demo}" \
  --arg autoCue "${MML_AUTO_CUE:-suggest}" \
  '{name: $name, targetPaceSecPerKm: null, autoCue: $autoCue}')"

response="$(curl --fail-with-body --silent --show-error \
  --retry 15 --retry-connrefused --retry-delay 2 --max-time 10 \
  -H "X-Coach-Key: $MML_COACH_KEY" -H 'Content-Type: application/json' \
  --data "$body" "$hub/api/sessions")" || { echo "session: POST $hub/api/sessions failed: $response" >&2; exit 1; }

if ! jq -e '(.sessionId | type == "string") and (.joinCode | type == "string")' >/dev/null <<<"$response"; then
  echo "session: unexpected answer from $hub/api/sessions (no sessionId/joinCode)" >&2
  exit 1
fi

# Write then rename, so a relay never reads half a join code.
jq -r '.joinCode' <<<"$response" > "$dir/join-code.tmp"
jq '{sessionId, joinCode}' <<<"$response" > "$dir/session.json.tmp"
mv "$dir/join-code.tmp" "$dir/join-code"
mv "$dir/session.json.tmp" "$dir/session.json"
echo "session: created $(jq -c '{sessionId, joinCode}' <<<"$response")"
