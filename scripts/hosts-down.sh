#!/usr/bin/env bash
# Stops the containers hosts-up.sh started (by their recorded pids) and removes STATE.
# Usage: scripts/hosts-down.sh STATE
set -uo pipefail
state=${1:?usage: hosts-down.sh STATE}
[[ -d $state ]] || exit 0
pids=()
for pidfile in "$state"/*/pid; do
  [[ -e $pidfile ]] || continue
  pid=$(cat "$pidfile")
  # systemd-nspawn turns SIGTERM into an orderly poweroff of the container.
  kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
done
for pid in "${pids[@]}"; do
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
done
rm -rf "$state"
