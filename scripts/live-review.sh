#!/usr/bin/env bash
# bash scripts/live.sh --review DIR [--port N] [--duration N] [--no-build] [--coach-key KEY] lands here: the hub serves
# the recording of a finished run read-only (hub --read-only) so a team can review it in the browser. Nothing is
# recorded or changed: joins, publishes, cues, markers and session changes are refused. Ctrl+C (or --duration) stops it.
# Arguments (from live.sh, already checked): DIR PORT DURATION BUILD(1|0); the coach key, if given, in MML_COACH_KEY.
set -euo pipefail

REVIEW=$1 PORT=$2 DURATION=${3:-} BUILD=${4:-1} COACH_KEY=${MML_COACH_KEY:-}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
CONFIG=Release
HUB_DLL="${MML_LIVE_HUB_DLL:-hub/bin/$CONFIG/net10.0/MindMuscle.Live.Hub.dll}"

out() { printf '%s\n' "$*" 2>/dev/null || true; }
say() { out "live: $*"; }
warn() { printf 'live: %s\n' "$*" >&2 || true; }
fail() { warn "$*"; exit 1; }

# The run's data folder (DIR/hub/recording.db) or its hub folder (DIR/recording.db).
REVIEW=$(cd "$REVIEW" && pwd)
if [ -f "$REVIEW/hub/recording.db" ]; then
  HUB_DATA="$REVIEW/hub"
elif [ -f "$REVIEW/recording.db" ]; then
  HUB_DATA="$REVIEW"
else
  fail "no recording in $REVIEW (looked for hub/recording.db and recording.db): pass the data folder a live.sh run printed"
fi
LOG="$REVIEW/review-hub.log"
command -v curl >/dev/null 2>&1 && command -v jq >/dev/null 2>&1 || fail "curl and jq are needed to talk to the hub: sudo apt-get install -y curl jq"

if [ "$BUILD" -eq 1 ]; then
  command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK is needed: https://dot.net (dotnet not found on PATH)"
  say "building the hub ($CONFIG; log: $REVIEW/review-build.log)..."
  dotnet build hub/MindMuscle.Live.Hub.csproj -c "$CONFIG" --nologo -v q -clp:NoSummary </dev/null >"$REVIEW/review-build.log" 2>&1 \
    || fail "build failed; full log: $REVIEW/review-build.log"
fi
[ -f "$HUB_DLL" ] || fail "$HUB_DLL is missing: run without --no-build (or: dotnet build hub/MindMuscle.Live.Hub.csproj -c $CONFIG)"

HUB_PID="" STOP=""
SETSID=()
command -v setsid >/dev/null 2>&1 && SETSID=(setsid)
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

cleanup() {
  local rc=$?
  set +e
  trap '' INT TERM HUP
  if alive "$HUB_PID"; then
    kill -TERM "$HUB_PID" 2>/dev/null
    local waited=0
    while alive "$HUB_PID" && [ "$waited" -lt 100 ]; do sleep 0.2; waited=$((waited + 1)); done
    alive "$HUB_PID" && { warn "the review hub did not stop within 20s of SIGTERM: killing it"; kill -KILL "$HUB_PID" 2>/dev/null; rc=1; }
  fi
  [ -z "$HUB_PID" ] || { wait "$HUB_PID" 2>/dev/null; say "review hub stopped; the recording is unchanged"; }
  # Ctrl+C is how a review ends: not an error.
  if [ -n "$STOP" ] && [ "$rc" -eq 130 ]; then rc=0; fi
  exit "$rc"
}
trap 'STOP=INT' INT
trap 'STOP=TERM' TERM
trap 'STOP=HUP' HUP
trap 'cleanup' EXIT

say "serving $HUB_DATA read-only for review (log: $LOG)..."
: >"$LOG"
${SETSID[@]+"${SETSID[@]}"} dotnet "$HUB_DLL" \
  --data "$HUB_DATA" --read-only \
  --urls "http://127.0.0.1:$PORT" \
  --Logging:LogLevel:Microsoft.AspNetCore=Warning \
  --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information \
  </dev/null >"$LOG" 2>&1 &
HUB_PID=$!

deadline=$((SECONDS + 90))
while :; do
  [ -z "$STOP" ] || exit 130
  port=$(sed -n 's#.*Now listening on: http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$LOG" 2>/dev/null | head -n 1 || true)
  [ -n "$port" ] && break
  alive "$HUB_PID" || { tail -n 15 "$LOG" >&2; fail "the review hub exited during start-up (port $PORT in use? try --port 0)"; }
  [ "$SECONDS" -lt "$deadline" ] || { tail -n 15 "$LOG" >&2; fail "the review hub did not start listening within 90s"; }
  sleep 0.2
done
URL="http://127.0.0.1:$port"

# The coach key: the one passed, else the one the run's hub generated into the folder.
if [ -z "$COACH_KEY" ] && [ -s "$HUB_DATA/coach.key" ]; then COACH_KEY=$(tr -d '\r\n' <"$HUB_DATA/coach.key"); fi
[ -n "$COACH_KEY" ] || fail "no coach key: $HUB_DATA/coach.key is missing; pass --coach-key with the key the run used"
sessions=""
deadline=$((SECONDS + 30))
until sessions=$(printf 'X-Coach-Key: %s\n' "$COACH_KEY" | curl -sSf -m 10 -H @- "$URL/api/sessions" 2>/dev/null); do
  alive "$HUB_PID" || { tail -n 15 "$LOG" >&2; fail "the review hub exited during start-up"; }
  [ "$SECONDS" -lt "$deadline" ] || fail "GET $URL/api/sessions did not answer within 30s (is the coach key right?)"
  sleep 0.2
done

say "review hub (read-only) at $URL"
say "sign in at $URL/ with the coach key: $COACH_KEY"
while IFS=$'\t' read -r id name; do
  [ -n "$id" ] && say "review \"$name\": $URL/sessions/$id/review"
done < <(jq -r '.[] | [.sessionId, .name] | @tsv' <<<"$sessions")
say "exports: $URL/api/sessions/<id>/export.csv (header X-Coach-Key); ${DURATION:+stopping after ${DURATION}s; }Ctrl+C stops"

end=$((SECONDS + ${DURATION:-0}))
while [ -z "$STOP" ]; do
  if [ -n "$DURATION" ] && [ "$SECONDS" -ge "$end" ]; then break; fi
  alive "$HUB_PID" || { tail -n 15 "$LOG" >&2; fail "the review hub stopped on its own"; }
  sleep 1 & wait $! || true
done
exit 0
