#!/usr/bin/env bash
# The test command: installs what the tests need, builds with warnings as errors, runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dotnet build MindMuscle.Live.sln -c Release --nologo -v q
dotnet test MindMuscle.Live.sln -c Release --no-build --nologo -v q "$@"
