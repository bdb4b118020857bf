#!/usr/bin/env bash
# Publishes `oniongroove` as one self-contained, trimmed executable (no .NET needed on the host).
# Usage: scripts/publish.sh [OUTDIR] [RID]   (defaults: ./publish, linux-x64)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-publish}
rid=${2:-linux-x64}
dotnet publish src/OnionGroove.Cli/OnionGroove.Cli.csproj -c Release -r "$rid" --self-contained \
  -p:PublishSingleFile=true -p:PublishTrimmed=true -p:DebugType=none -o "$out" --nologo -v q
echo "published: $out/oniongroove ($(du -h "$out/oniongroove" | cut -f1))"
