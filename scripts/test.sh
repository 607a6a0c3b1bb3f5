#!/usr/bin/env bash
# The test command: installs what the tests need, builds with warnings as errors, runs every test project.
# The fault/abuse/soak suite (real hub and relay processes under load) runs after the others, on its own, so its load
# does not skew the timing-sensitive tests of the other projects.
# Every project writes a TRX file into TestResults/; the end of the run lists the skipped tests with their reasons (how
# to install what they missed). In CI (CI set and not 0/false) a skipped test fails the run unless it is an opt-in long
# test (MML_LONG_TESTS=1): a CI machine without redis-server or PostgreSQL must not pass by skipping what needs them.
# Arguments go to every `dotnet test` (e.g. --filter ...).
set -euo pipefail
cd "$(dirname "$0")/.."
ci=()
case "${CI:-}" in "" | 0 | false | False | FALSE) ;; *) ci=(--ci) ;; esac

bash scripts/install-deps.sh
# Garmin's FIT SDK at the version package-lock.json pins (the FIT tests' oracle); without npm those tests skip (fail in CI).
if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/fit-oracle --no-audit --no-fund --loglevel=error; fi
dotnet build MindMuscle.Live.sln -c Release --nologo -v q
# TRX files of this run only (kept afterwards for CI artifacts and a closer look; TestResults/ is git-ignored).
results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"

# run_tests PROJECT [dotnet test args...]: one TRX file per project, named after it.
run_tests() {
  local project=$1
  shift
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$(basename "$project" .csproj).trx" --results-directory "$results" "$@"
}
export -f run_tests
export results

# Two projects at a time (each runs two test classes at once): more overloads a 2-core machine, where the web app's
# CPU-bound boot in Chromium then outlasts the browser tests' waits. The browser tests (the longest project) start first
# in one lane; the second lane runs about as long before the Hub tests (timing-sensitive, real Redis and PostgreSQL)
# start, when the browser tests are nearly done, and the short projects fill whichever lane frees first.
order=(Browser Core Deployment Relay Hub CoachConsole Bench Web RunnerKit)
projects=()
for name in "${order[@]}"; do projects+=("tests/MindMuscle.Live.$name.Tests/MindMuscle.Live.$name.Tests.csproj"); done
for project in tests/*/*.Tests.csproj; do
  case " ${projects[*]} " in *" $project "*) ;; *) case "$project" in *Faults.Tests*) ;; *) projects+=("$project") ;; esac ;; esac
done

status=0
printf '%s\n' "${projects[@]}" | xargs -P 2 -I{} bash -c 'run_tests "$@"' _ {} "$@" || status=1
run_tests tests/MindMuscle.Live.Faults.Tests/MindMuscle.Live.Faults.Tests.csproj "$@" || status=1

dotnet run --file scripts/skipped-tests.cs -- "$results" ${ci[@]+"${ci[@]}"} || status=1
exit $status
