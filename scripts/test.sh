#!/usr/bin/env bash
# The test command: installs what the tests need, builds with warnings as errors, runs every test project.
# The fault/abuse/soak suite (real hub and relay processes under load) runs after the others, on its own, so its load
# does not skew the timing-sensitive tests of the other projects.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dotnet build MindMuscle.Live.sln -c Release --nologo -v q
status=0
for project in tests/*/*.Tests.csproj; do
  case "$project" in *Faults.Tests*) continue ;; esac
  echo "$project"
done | xargs -P 3 -I{} dotnet test {} -c Release --no-build --nologo "$@" || status=1
dotnet test tests/MindMuscle.Live.Faults.Tests/MindMuscle.Live.Faults.Tests.csproj -c Release --no-build --nologo "$@" || status=1
exit $status
