#!/usr/bin/env bash
# Publishes `oniongroove` as one self-contained, trimmed executable (no .NET needed on the machine).
# Usage: scripts/publish.sh [--small] [OUTDIR] [RID]   (defaults: ./publish, linux-x64)
#   default  ReadyToRun (precompiled, ~43 MB): for admin machines, where short commands (age,
#            vault, key lookups from Ansible) are dominated by start-up; starts ~3x faster.
#   --small  no ReadyToRun (~22 MB): for hosts, where the balancer runs for weeks and start-up
#            does not matter (what the oniongroove_balancer role ships).
set -euo pipefail
cd "$(dirname "$0")/.."
r2r=true
if [[ "${1:-}" == "--small" ]]; then r2r=false; shift; fi
out=${1:-publish}
rid=${2:-linux-x64}
# A publish builds in its own tree (artifacts/publish-build): its settings (DebugType=none, the RID)
# must not rewrite the bin/obj folders a concurrent `dotnet build`/`dotnet test` of the solution uses
# (the host tests package the binary while other test projects still build).
export OG_ARTIFACTS="${OG_ARTIFACTS:-$PWD/artifacts/publish-build}"
dotnet publish src/OnionGroove.Cli/OnionGroove.Cli.csproj -c Release -r "$rid" --self-contained \
  -p:PublishSingleFile=true -p:PublishTrimmed=true -p:PublishReadyToRun=$r2r -p:DebugType=none \
  -o "$out" --nologo -v q
echo "published: $out/oniongroove ($(du -h "$out/oniongroove" | cut -f1))"
