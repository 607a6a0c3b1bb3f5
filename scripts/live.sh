#!/usr/bin/env bash
# One command, one complete local session on the embedded default (SQLite, one hub on loopback):
#   hub (127.0.0.1, free port, fresh data folder) -> session (autoCue suggest) -> one relay with six simulated runners
#   over SignalR (fatigue-quick and asymmetry-quick raise alerts within ~2 min) -> the coach console in this terminal.
# Ctrl+C (or q in the console) stops everything cleanly and prints where the recording is and how to replay/export/report it.
#
#   bash scripts/live.sh                         interactive: the coach dashboard in this terminal
#   bash scripts/live.sh --headless --duration 60   no TUI: console feed as JSON lines to a log, stop after 60 s (tests, CI)
#   bash scripts/live.sh --review DIR            review a recorded run in the browser: the hub serves DIR read-only
#   bash scripts/live.sh --help                  every option
#
# Needs the .NET SDK, curl and jq (installed through scripts/install-deps.sh when missing and possible: root or
# password-less sudo with apt), and espeak-ng for spoken cues (installed the same way; cues are printed without it).
# Every run gets its own data folder (.mml/live-<utc time>-<random>/) and its own ports, so two runs never collide.
# Ctrl+C, SIGTERM, SIGHUP and a closed stdout (`| tee` ended by the same Ctrl+C) all stop the relay, console and hub.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bash scripts/live.sh [options]

  --headless            no dashboard: the console's --json feed goes to <data>/console.jsonl
  --duration N          stop after N seconds (implies --headless when given alone); default: until Ctrl+C
  --interactive         with --duration: keep the dashboard and stop it after N seconds
  --no-build            use the existing Release binaries (fails if they are missing)
  --no-install          do not install missing packages (curl and jq are still required)
  --speech MODE         espeak | console | none | wav:DIR (default: espeak when espeak-ng exists, else console;
                        console in headless mode)
  --coach-key KEY       the hub's coach key (also MML_COACH_KEY); default: the hub generates one per run
  --scenarios LIST      comma-separated scenarios, runner i plays item i, cycling
                        (default fatigue-quick,asymmetry-quick,steady,steady,intervals,steady)
  --runners N           simulated runners (default 6)
  --root DIR            where per-run data folders are created (default ./.mml)
  --review DIR          no run: serve the recording in DIR (a run's data folder, or its hub/ folder) read-only for
                        review in the browser (web app, series, exports); joins, cues and markers are refused.
                        Waits for Ctrl+C or --duration.
  --port N              with --review: the hub's loopback port (default 5080; 0 = any free port)
  -h, --help            this text
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

HEADLESS=0
INTERACTIVE_FORCED=0
DURATION=""
BUILD=1
INSTALL=1
SPEECH=""
COACH_KEY="${MML_COACH_KEY:-}"
SCENARIOS="fatigue-quick,asymmetry-quick,steady,steady,intervals,steady"
RUNNERS=6
ROOT_DIR="$REPO/.mml"
CONFIG=Release
REVIEW=""
REVIEW_PORT=5080

die_usage() { echo "live: $*" >&2; echo "live: see bash scripts/live.sh --help" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --headless) HEADLESS=1 ;;
    --interactive) INTERACTIVE_FORCED=1 ;;
    --duration) [ $# -ge 2 ] || die_usage "--duration needs a number of seconds"; DURATION=$2; shift ;;
    --duration=*) DURATION=${1#*=} ;;
    --no-build) BUILD=0 ;;
    --no-install) INSTALL=0 ;;
    --speech) [ $# -ge 2 ] || die_usage "--speech needs a mode"; SPEECH=$2; shift ;;
    --speech=*) SPEECH=${1#*=} ;;
    --coach-key) [ $# -ge 2 ] || die_usage "--coach-key needs a key"; COACH_KEY=$2; shift ;;
    --coach-key=*) COACH_KEY=${1#*=} ;;
    --scenarios) [ $# -ge 2 ] || die_usage "--scenarios needs a list"; SCENARIOS=$2; shift ;;
    --scenarios=*) SCENARIOS=${1#*=} ;;
    --runners) [ $# -ge 2 ] || die_usage "--runners needs a number"; RUNNERS=$2; shift ;;
    --runners=*) RUNNERS=${1#*=} ;;
    --root) [ $# -ge 2 ] || die_usage "--root needs a folder"; ROOT_DIR=$2; shift ;;
    --root=*) ROOT_DIR=${1#*=} ;;
    --review) [ $# -ge 2 ] || die_usage "--review needs the data folder of a recorded run"; REVIEW=$2; shift ;;
    --review=*) REVIEW=${1#*=} ;;
    --port) [ $# -ge 2 ] || die_usage "--port needs a number"; REVIEW_PORT=$2; shift ;;
    --port=*) REVIEW_PORT=${1#*=} ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
  shift
done

if [ -n "$DURATION" ]; then
  [[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die_usage "--duration '$DURATION': use a whole number of seconds above 0"
  [ "$INTERACTIVE_FORCED" -eq 1 ] || HEADLESS=1
fi
[[ "$RUNNERS" =~ ^[1-9][0-9]*$ ]] && [ "$RUNNERS" -le 1000 ] || die_usage "--runners '$RUNNERS': use 1..1000"
[ -n "$SCENARIOS" ] || die_usage "--scenarios is empty"
[[ "$REVIEW_PORT" =~ ^[0-9]+$ ]] && [ "$REVIEW_PORT" -le 65535 ] || die_usage "--port '$REVIEW_PORT': use 0..65535"
if [ -n "$REVIEW" ]; then
  [ -d "$REVIEW" ] || die_usage "--review '$REVIEW': no such folder; pass the data folder a run printed (e.g. .mml/live-<time>-<id>)"
  # The key rides in the environment, not argv, so it does not show in ps.
  [ -z "$COACH_KEY" ] || export MML_COACH_KEY="$COACH_KEY"
  exec bash "$REPO/scripts/live-review.sh" "$REVIEW" "$REVIEW_PORT" "$DURATION" "$BUILD"
fi

if [ "$HEADLESS" -eq 0 ] && { [ ! -t 0 ] || [ ! -t 1 ]; }; then
  echo "live: no terminal on stdin/stdout: running headless (the dashboard needs a terminal)" >&2
  HEADLESS=1
fi

# A failed write (stdout closed under us) must not end the script before it stops its children: see on_pipe.
out() { printf '%s\n' "$*" 2>/dev/null || true; }
say() { out "live: $*"; }
warn() { printf 'live: %s\n' "$*" >&2 || true; }

# --- data folder: unique per run (mktemp -d is atomic, so two runs started in the same second still differ) ---------
mkdir -p "$ROOT_DIR"
ROOT_DIR=$(cd "$ROOT_DIR" && pwd)
DATA=$(mktemp -d "$ROOT_DIR/live-$(date -u +%Y%m%d-%H%M%S)-XXXX")
chmod 700 "$DATA"
mkdir -p "$DATA/hub" "$DATA/relay"
# Paths printed for humans: relative to the repository when the data folder is inside it.
show() { case "$1" in "$REPO"/*) printf '%s' "${1#"$REPO"/}" ;; *) printf '%s' "$1" ;; esac; }
say "data folder $(show "$DATA")"

# MML_LIVE_HUB_DLL: another hub build (e.g. a branch under review) with this relay and console.
HUB_DLL="${MML_LIVE_HUB_DLL:-hub/bin/$CONFIG/net10.0/MindMuscle.Live.Hub.dll}"
RELAY_DLL="relay/bin/$CONFIG/net10.0/MindMuscle.Live.Relay.dll"
CONSOLE_DLL="coach-console/bin/$CONFIG/net10.0/MindMuscle.Live.CoachConsole.dll"

HUB_PID="" RELAY_PID="" CONSOLE_PID="" BUILD_PID="" TICKER_PID="" HUB_URL="" SESSION_ID="" STOP="" CLEANED=0 RAN=0
PROBLEMS=() OUT_GONE=0
KEY_EXPR="" KEY_NOTE="" HUB_KEY_ARG="" CONSOLE_LOG_NOTE=""

# --- processes ------------------------------------------------------------------------------------------------------
# Children run in their own session (setsid): Ctrl+C in this terminal reaches only the script and the console in the
# foreground, and the script then stops the relay first (so its last readings reach the hub), then the hub.
# (Background processes of a script also start with SIGINT ignored, so they are stopped with SIGTERM, which .NET's
# hosts turn into a graceful shutdown.)
SETSID=()
command -v setsid >/dev/null 2>&1 && SETSID=(setsid)

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# stop NAME PID SECONDS: SIGTERM, wait, SIGKILL as the last resort (said out loud: it means an unclean stop).
stop_process() {
  local name=$1 pid=$2 seconds=$3 waited=0 rc=0
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    while alive "$pid" && [ "$waited" -lt $((seconds * 5)) ]; do sleep 0.2; waited=$((waited + 1)); done
    if alive "$pid"; then
      warn "$name (pid $pid) did not stop within ${seconds}s of SIGTERM: killing it"
      PROBLEMS+=("$name had to be killed")
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || rc=$?
  # 143 = ended by SIGTERM before its handler was installed: still a clean stop for our purposes.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 143 ] && [ "$rc" -ne 130 ]; then
    PROBLEMS+=("$name exited with code $rc (see $(show "$DATA")/$name.log)")
  fi
}

# quiet_stop PID: a helper of ours (the build, its ticker), stopped without a word.
quiet_stop() {
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Stop and summarise: runs once, on every exit (normal end, Ctrl+C, an error during start-up).
cleanup() {
  local rc=$?
  [ "$CLEANED" -eq 0 ] || return 0
  CLEANED=1
  set +e
  trap '' INT TERM HUP
  # An interrupted build: stop it and its progress ticker (nothing of ours runs yet).
  quiet_stop "$TICKER_PID"
  quiet_stop "$BUILD_PID"
  [ -n "$HUB_PID$RELAY_PID$CONSOLE_PID" ] || exit "$rc"
  out
  say "stopping (relay first so its last readings reach the hub, then the hub)..."
  stop_process relay "$RELAY_PID" 20
  stop_process console "$CONSOLE_PID" 10

  local summary=""
  if [ -n "$SESSION_ID" ] && alive "$HUB_PID"; then
    local runners=0 samples=0 alerts=0 cues=0
    if http GET "/api/sessions/$SESSION_ID" && [ "$HTTP_STATUS" = 200 ]; then
      runners=$(json '.session.runnerCount // 0')
      samples=$(json '.session.sampleCount // 0')
    fi
    http GET "/api/sessions/$SESSION_ID/alerts" && [ "$HTTP_STATUS" = 200 ] && alerts=$(json 'length')
    http GET "/api/sessions/$SESSION_ID/cues" && [ "$HTTP_STATUS" = 200 ] && cues=$(json 'length')
    http POST "/api/sessions/$SESSION_ID/end" || true
    summary="$(plural "$runners" runner), $(plural "$samples" sample), $(plural "$alerts" alert), $(plural "$cues" cue)"
  fi
  stop_process hub "$HUB_PID" 20

  local d h c
  # %q: the printed commands stay exact even if the folder has spaces.
  d=$(printf '%q' "$(show "$DATA")")
  h="dotnet $(printf '%q' "$HUB_DLL")"
  c="dotnet $CONSOLE_DLL"
  out
  if [ -n "$SESSION_ID" ]; then
    say "session $SESSION_ID recorded${summary:+: $summary}"
    say "recording: $d/hub/recording.db (SQLite); logs: $d/hub.log, $d/relay.log${CONSOLE_LOG_NOTE:-}"
    cat <<EOF

Replay, export or report it${KEY_NOTE:+ $KEY_NOTE}. These need the hub running on the same data folder; start it first
(it listens on 127.0.0.1:5080; leave it running, Ctrl+C stops it):

  cd $(printf '%q' "$REPO")
  $h --data $d/hub --urls http://127.0.0.1:5080$HUB_KEY_ARG

then, in another terminal in the same folder:

  $c replay $SESSION_ID --speed 8 --hub http://127.0.0.1:5080 --coach-key $KEY_EXPR
  $c export $SESSION_ID --format csv --out $d/export --hub http://127.0.0.1:5080 --coach-key $KEY_EXPR
  $c export $SESSION_ID --format tcx --out $d/export --hub http://127.0.0.1:5080 --coach-key $KEY_EXPR
  $c export $SESSION_ID --format fit --out $d/export --hub http://127.0.0.1:5080 --coach-key $KEY_EXPR
  $c report $SESSION_ID --out $d/report.html --hub http://127.0.0.1:5080 --coach-key $KEY_EXPR

Or review it in the browser (timeline, charts, exports): serve the folder read-only (Ctrl+C stops it) with

  bash scripts/live.sh --review $d${HUB_KEY_ARG}

and open http://127.0.0.1:5080/sessions/$SESSION_ID/review (sign in with the coach key).

EOF
    say "review URL: http://127.0.0.1:5080/sessions/$SESSION_ID/review (serve it with: bash scripts/live.sh --review $d)"
  fi
  if [ ${#PROBLEMS[@]} -gt 0 ]; then
    local p
    for p in "${PROBLEMS[@]}"; do warn "problem: $p"; done
    [ "$rc" -ne 0 ] || rc=1
  fi
  [ "$OUT_GONE" -eq 0 ] || warn "stdout was closed during the run: what could not be printed is in $(show "$DATA")/live.out"
  # Ctrl+C is how an interactive session ends: not an error once the session ran.
  if [ -n "$STOP" ] && [ "$rc" -eq 130 ] && [ "$RAN" -eq 1 ]; then rc=0; fi
  exit "$rc"
}

on_signal() { STOP=${STOP:-$1}; }
# SIGPIPE: whoever read our stdout is gone (`| tee` killed by the Ctrl+C that also reaches us, `| head`). By default it
# would kill the script on its next write, children still running; instead stop the session like a signal does, and
# send the rest of the output to a file in the data folder so the summary is kept.
on_pipe() {
  STOP=${STOP:-PIPE}
  OUT_GONE=1
  if [ -n "${DATA:-}" ] && [ -d "$DATA" ]; then exec 1>>"$DATA/live.out"; else exec 1>/dev/null; fi
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP
trap 'on_pipe' PIPE
trap 'cleanup' EXIT

fail() {
  warn "$*"
  exit 1
}

tail_log() { [ -f "$1" ] && { warn "last lines of $(show "$1"):"; tail -n 15 "$1" | sed 's/^/    /' >&2; }; return 0; }

# --- HTTP to the hub (curl) and its JSON (jq) ------------------------------------------------------------------------
# http METHOD PATH [BODY]: sets HTTP_STATUS and HTTP_BODY; fails only when the hub does not answer. The coach key goes
# to curl on stdin (-H @-), not argv, so it does not show in ps.
HTTP_STATUS="" HTTP_BODY=""
http() {
  local method=$1 path=$2 body=${3-} out
  HTTP_STATUS="" HTTP_BODY=""
  local args=(-sS -m 10 -X "$method" -o - -w '\n%{http_code}' -H 'Content-Type: application/json' -H @-)
  [ -n "$body" ] && args+=(--data "$body")
  out=$({ [ -z "$COACH_KEY" ] || printf 'X-Coach-Key: %s\n' "$COACH_KEY"; } | curl "${args[@]}" "$HUB_URL$path" 2>/dev/null) || return 1
  HTTP_STATUS=${out##*$'\n'}
  HTTP_BODY=${out%$'\n'*}
}

# json FILTER: jq -r FILTER over the last HTTP_BODY; nothing when it is not JSON.
json() { jq -r "$1" <<<"$HTTP_BODY" 2>/dev/null || true; }
plural() { if [ "${1:-0}" = 1 ]; then printf '1 %s' "$2"; else printf '%s %ss' "${1:-0}" "$2"; fi; }

# --- 1. packages: curl and jq (required), espeak-ng (spoken cues) ------------------------------------------------------
has_tools() { command -v curl >/dev/null 2>&1 && command -v jq >/dev/null 2>&1; }
if ! has_tools; then
  [ "$INSTALL" -eq 0 ] || bash "$REPO/scripts/install-deps.sh" --strict curl jq || true
  has_tools || fail "curl and jq are needed to talk to the hub: sudo apt-get install -y curl jq"
fi
if [ -z "$SPEECH" ]; then
  if [ "$HEADLESS" -eq 1 ]; then
    SPEECH=console   # tests and CI must not talk out loud; the cues are printed into relay.log
  else
    if ! command -v espeak-ng >/dev/null 2>&1 && [ "$INSTALL" -eq 1 ]; then
      bash "$REPO/scripts/install-deps.sh" espeak-ng || true
    fi
    if command -v espeak-ng >/dev/null 2>&1; then
      SPEECH=espeak
    else
      SPEECH=console
      warn "espeak-ng is not installed (sudo apt-get install espeak-ng): cues are printed to $(show "$DATA")/relay.log and shown in the dashboard"
    fi
  fi
fi
[ -z "$STOP" ] || exit 130

# --- 2. build (once, Release, the three programs) ---------------------------------------------------------------------
if [ "$BUILD" -eq 1 ]; then
  command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK is needed: https://dot.net (dotnet not found on PATH)"
  started=$SECONDS
  say "building hub, relay and coach console ($CONFIG; log: $(show "$DATA")/build.log)..."
  # One solution filter, so the three projects restore and build in one MSBuild run, in parallel where they can.
  cat >"$DATA/live.slnf" <<EOF
{ "solution": { "path": "$REPO/MindMuscle.Live.sln",
  "projects": [ "hub/MindMuscle.Live.Hub.csproj", "relay/MindMuscle.Live.Relay.csproj", "coach-console/MindMuscle.Live.CoachConsole.csproj" ] } }
EOF
  ( while sleep 15; do printf 'live:   still building (%ss)...\n' $((SECONDS - started)); done ) &
  TICKER_PID=$!
  # In the background, so that a signal ends the wait at once (cleanup then stops the build) instead of after it.
  dotnet build "$DATA/live.slnf" -c "$CONFIG" --nologo -v q -clp:NoSummary </dev/null >"$DATA/build.log" 2>&1 &
  BUILD_PID=$!
  build_rc=0
  wait "$BUILD_PID" || build_rc=$?
  [ -z "$STOP" ] || exit 130
  BUILD_PID=""
  quiet_stop "$TICKER_PID"
  TICKER_PID=""
  if [ "$build_rc" -ne 0 ]; then
    grep -E 'error|Error' "$DATA/build.log" | head -n 20 >&2 || tail -n 20 "$DATA/build.log" >&2
    fail "build failed (exit $build_rc); full log: $(show "$DATA")/build.log"
  fi
  say "built in $((SECONDS - started))s"
fi
for dll in "$HUB_DLL" "$RELAY_DLL" "$CONSOLE_DLL"; do
  [ -f "$dll" ] || fail "$dll is missing: run without --no-build (or: dotnet build MindMuscle.Live.sln -c $CONFIG)"
done
[ -z "$STOP" ] || exit 130

# --- 3. hub on a free loopback port ------------------------------------------------------------------------------------
# Port 0: the kernel picks a free port and Kestrel logs which one; no race with another run choosing the same port.
say "starting the hub (SQLite in $(show "$DATA")/hub)..."
HUB_ENV=()
[ -n "$COACH_KEY" ] && HUB_ENV+=("MML_COACH_KEY=$COACH_KEY")
: >"$DATA/hub.log" # exists before the background shell opens it: the port scan below reads it at once
env ${HUB_ENV[@]+"${HUB_ENV[@]}"} ${SETSID[@]+"${SETSID[@]}"} dotnet "$HUB_DLL" \
  --data "$DATA/hub" \
  --urls "http://127.0.0.1:0" \
  --Hub:JoinPermitLimit=1000 \
  --Logging:LogLevel:Microsoft.AspNetCore=Warning \
  --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information \
  </dev/null >"$DATA/hub.log" 2>&1 &
HUB_PID=$!
echo "hub $HUB_PID" >"$DATA/pids"

deadline=$((SECONDS + 90))
while :; do
  [ -z "$STOP" ] || exit 130
  port=$(sed -n 's#.*Now listening on: http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$DATA/hub.log" 2>/dev/null | head -n 1 || true)
  [ -n "$port" ] && break
  alive "$HUB_PID" || { tail_log "$DATA/hub.log"; fail "the hub exited during start-up"; }
  [ "$SECONDS" -lt "$deadline" ] || { tail_log "$DATA/hub.log"; fail "the hub did not start listening within 90s"; }
  sleep 0.2
done
HUB_URL="http://127.0.0.1:$port"
while :; do
  [ -z "$STOP" ] || exit 130
  if http GET /healthz && [ "$HTTP_STATUS" = 200 ]; then break; fi
  alive "$HUB_PID" || { tail_log "$DATA/hub.log"; fail "the hub exited during start-up"; }
  [ "$SECONDS" -lt "$deadline" ] || { tail_log "$DATA/hub.log"; fail "$HUB_URL/healthz did not answer 200 within 90s"; }
  sleep 0.2
done
say "hub ready at $HUB_URL"

# The coach key: the one passed, else the one the hub generated into its data folder for this run.
if [ -n "$COACH_KEY" ]; then
  KEY_EXPR='"$MML_COACH_KEY"'
  KEY_NOTE="(with MML_COACH_KEY set to the key you passed)"
  HUB_KEY_ARG=' --coach-key "$MML_COACH_KEY"'
else
  [ -s "$DATA/hub/coach.key" ] || fail "the hub wrote no coach key to $(show "$DATA")/hub/coach.key"
  COACH_KEY=$(tr -d '\r\n' <"$DATA/hub/coach.key")
  KEY_EXPR="\"\$(cat $(printf '%q' "$(show "$DATA")/hub/coach.key"))\""
  KEY_NOTE=""
fi

# --- 4. session ----------------------------------------------------------------------------------------------------------
SESSION_NAME="Live demo $(date +%H:%M)"
http POST /api/sessions "$(jq -cn --arg name "$SESSION_NAME" '{name: $name, autoCue: "suggest"}')" \
  || fail "POST $HUB_URL/api/sessions failed (no answer)"
[ "$HTTP_STATUS" = 201 ] || fail "POST /api/sessions answered $HTTP_STATUS: $HTTP_BODY"
SESSION_ID=$(json '.sessionId // empty')
JOIN_CODE=$(json '.joinCode // empty')
COACH_TOKEN=$(json '.coachToken // empty')
[ -n "$SESSION_ID" ] && [ -n "$JOIN_CODE" ] && [ -n "$COACH_TOKEN" ] || fail "unexpected answer to POST /api/sessions: $HTTP_BODY"
(umask 077; printf '%s\n' "$HTTP_BODY" >"$DATA/session.json")
say "session \"$SESSION_NAME\" id $SESSION_ID, join code $JOIN_CODE, auto-cues: suggest"
# The web app's live view of this session (docs/web.md); its coach token rides in the fragment, never sent to the hub.
COACH_URL=$(json '.coachUrl // empty')
[ -z "$COACH_URL" ] || say "coach view in a browser on this machine: $COACH_URL"

# --- 5. one relay, N simulated runners, through the real uplink (SignalR) -----------------------------------------------
NAMES="Runner"
[ "$RUNNERS" -eq 6 ] && NAMES="Ana,Ben,Chloe,Dev,Eli,Femi"
${SETSID[@]+"${SETSID[@]}"} dotnet "$RELAY_DLL" run \
  --hub "$HUB_URL" --join "$JOIN_CODE" --name "$NAMES" \
  --source "sim:$SCENARIOS" --runners "$RUNNERS" \
  --speech "$SPEECH" --data "$DATA/relay" \
  </dev/null >"$DATA/relay.log" 2>&1 &
RELAY_PID=$!
echo "relay $RELAY_PID" >>"$DATA/pids"
say "relay started: $RUNNERS simulated runners (sim:$SCENARIOS), speech $SPEECH, log $(show "$DATA")/relay.log"

# Wait until every runner has joined and the hub has their first samples: a relay that cannot start (bad scenario,
# refused join) is reported now instead of leaving an empty dashboard, and --duration counts from a running group.
deadline=$((SECONDS + 90))
while :; do
  [ -z "$STOP" ] || exit 130
  alive "$RELAY_PID" || { tail_log "$DATA/relay.log"; fail "the relay exited during start-up"; }
  joined=0 samples=0
  if http GET "/api/sessions/$SESSION_ID" && [ "$HTTP_STATUS" = 200 ]; then
    joined=$(json '.session.runnerCount // 0')
    samples=$(json '.session.sampleCount // 0')
  fi
  [ "${joined:-0}" -ge "$RUNNERS" ] && [ "${samples:-0}" -gt 0 ] && break
  [ "$SECONDS" -lt "$deadline" ] || { tail_log "$DATA/relay.log"; fail "only ${joined:-0} of $RUNNERS runners joined within 90s"; }
  sleep 0.5
done
say "$RUNNERS runners joined and publishing"

{
  printf 'MML_LIVE_DATA=%q\n' "$DATA"
  printf 'MML_LIVE_HUB_URL=%q\n' "$HUB_URL"
  printf 'MML_LIVE_SESSION_ID=%q\n' "$SESSION_ID"
  printf 'MML_LIVE_HUB_PID=%q\nMML_LIVE_RELAY_PID=%q\n' "$HUB_PID" "$RELAY_PID"
} >"$DATA/live.env"

# --- 6. coach console ------------------------------------------------------------------------------------------------------
RAN=1
[ "$HEADLESS" -eq 1 ] && CONSOLE_LOG_NOTE=", $(show "$DATA")/console.jsonl"
# The token goes through the environment (MML_COACH_TOKEN), not argv, so it does not show in ps.
CONSOLE_RC=0
if [ "$HEADLESS" -eq 1 ]; then
  MML_COACH_TOKEN="$COACH_TOKEN" ${SETSID[@]+"${SETSID[@]}"} dotnet "$CONSOLE_DLL" live --json --hub "$HUB_URL" --session "$SESSION_ID" \
    </dev/null >"$DATA/console.jsonl" 2>"$DATA/console.log" &
  CONSOLE_PID=$!
  echo "console $CONSOLE_PID" >>"$DATA/pids"
  printf 'MML_LIVE_CONSOLE_PID=%q\n' "$CONSOLE_PID" >>"$DATA/live.env"
  say "headless: console feed (JSON lines) in $(show "$DATA")/console.jsonl; ${DURATION:+stopping after ${DURATION}s; }Ctrl+C stops"
  end=$((SECONDS + ${DURATION:-0}))
  while [ -z "$STOP" ]; do
    if [ -n "$DURATION" ] && [ "$SECONDS" -ge "$end" ]; then break; fi
    alive "$HUB_PID" || { PROBLEMS+=("the hub stopped on its own"); tail_log "$DATA/hub.log"; break; }
    alive "$RELAY_PID" || { PROBLEMS+=("the relay stopped on its own"); tail_log "$DATA/relay.log"; break; }
    alive "$CONSOLE_PID" || { PROBLEMS+=("the console stopped on its own"); tail_log "$DATA/console.log"; break; }
    sleep 1 & wait $! || true
  done
else
  say "attaching the coach console (q or Ctrl+C ends the session)..."
  if [ -n "$DURATION" ]; then
    # --interactive --duration N: end the dashboard after N seconds (used for captures).
    MML_COACH_TOKEN="$COACH_TOKEN" dotnet "$CONSOLE_DLL" live --hub "$HUB_URL" --session "$SESSION_ID" &
    CONSOLE_PID=$!
    end=$((SECONDS + DURATION))
    while [ -z "$STOP" ] && alive "$CONSOLE_PID" && [ "$SECONDS" -lt "$end" ]; do sleep 1 & wait $! || true; done
    alive "$CONSOLE_PID" && kill -TERM "$CONSOLE_PID" 2>/dev/null
    wait "$CONSOLE_PID" || CONSOLE_RC=$?
  else
    MML_COACH_TOKEN="$COACH_TOKEN" dotnet "$CONSOLE_DLL" live --hub "$HUB_URL" --session "$SESSION_ID" || CONSOLE_RC=$?
  fi
  CONSOLE_PID=""
  # 130 = Ctrl+C; anything else is worth mentioning.
  if [ "$CONSOLE_RC" -ne 0 ] && [ "$CONSOLE_RC" -ne 130 ] && [ "$CONSOLE_RC" -ne 143 ]; then
    PROBLEMS+=("the coach console exited with code $CONSOLE_RC")
  fi
fi

exit 0
