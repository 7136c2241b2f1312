#!/usr/bin/env bash
# Runs the whole test suite: installs prerequisites, builds (warnings are errors), runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
wasmactors_install_prereqs

dotnet build WasmActors.sln -c Release -nologo -v q
dotnet test WasmActors.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee /tmp/wasmactors-test.log
status=${PIPESTATUS[0]}
exit "$status"
