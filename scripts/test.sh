#!/usr/bin/env bash
# The project's test command: set up the machine, build, run every test project, print a total.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
dotnet restore OnionGroove.sln --nologo -v q || exit 1
log=$(mktemp)
dotnet test OnionGroove.sln -c Release --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# One closing line over all test assemblies, from the runner's per-assembly summaries.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log" | sed 's/,$//'
rm -f "$log"
exit "$rc"
