#!/usr/bin/env bash
# Runs the WasmActors demo: installs prerequisites, builds, runs `wasmactors demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
wasmactors_install_prereqs

dotnet build src/WasmActors.Node -c Release -nologo -v q
dotnet src/WasmActors.Node/bin/Release/net10.0/wasmactors.dll demo "$@"
