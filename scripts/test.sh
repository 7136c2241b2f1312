#!/usr/bin/env bash
# Runs the whole test suite: installs prerequisites, builds (warnings are errors), runs every test project,
# and ends with one total line "N passed, M failed, K skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prereqs.sh
wasmactors_install_prereqs

log="$(mktemp -t wasmactors-test.XXXXXX)"
dotnet build WasmActors.sln -c Release -nologo -v q
# The NuGet packages of the libraries and the wasmactors tool must keep packing (metadata, readme, XML docs, the
# native QUIC shim); the tool's shim sits beside wasmactors.dll (a .nupkg stores its file names uncompressed).
packages="$(mktemp -d -t wasmactors-packages.XXXXXX)"
dotnet pack WasmActors.sln -c Release --no-build -nologo -v q -o "$packages"
grep -qa "tools/net10.0/any/libwasmactors_quicshim.so" "$packages"/WasmActors.Cli.*[0-9].nupkg ||
  { echo "the WasmActors.Cli tool package lacks libwasmactors_quicshim.so" >&2; exit 1; }
set +e
dotnet test WasmActors.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S, ..." line per test project.
grep -E "^(Passed|Failed)!" "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk -v status="$status" '{ f += $1; p += $2; s += $3; n++ }
       END { if (n == 0 && status == 0) { print "no test project ran"; exit 1 }
             printf "%d passed, %d failed, %d skipped\n", p, f, s }'
exit "$status"
