#!/usr/bin/env bash
# The project's test command: set up the machine, build, run every test project, print a total.
# --fast leaves out the tests that start tor networks, tor processes or containers (the trait
# OnionGroove.TestSupport.TestCategory puts on them); other arguments go to `dotnet test`.
set -uo pipefail
cd "$(dirname "$0")/.."
args=()
restore=1
for a in "$@"; do
  case "$a" in
    --fast) args+=(--filter "Category!=Network&Category!=Containers") ;;
    --no-restore|--no-build) restore=0; args+=("$a") ;;
    *) args+=("$a") ;;
  esac
done
scripts/setup.sh || exit 1
if ((restore)); then dotnet restore OnionGroove.sln --nologo -v q || exit 1; fi
log=$(mktemp)
dotnet test OnionGroove.sln -c Release --nologo ${args[@]+"${args[@]}"} 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# One closing line over all test assemblies, from the runner's per-assembly summaries.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log" | sed 's/,$//'
# The failures again at the very end, where a CI log's tail shows them: name and first lines of the error.
if grep -qE '^\s+Failed [^!]' "$log"; then
  echo "failed tests:"
  awk '/^[[:space:]]+Failed [^!]/ {n = 8} n > 0 {print; n--}' "$log"
fi
rm -f "$log"
exit "$rc"
