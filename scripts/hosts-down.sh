#!/usr/bin/env bash
# Stops the containers hosts-up.sh started (by their recorded pids) and removes STATE.
# Usage: scripts/hosts-down.sh STATE
set -uo pipefail
state=${1:?usage: hosts-down.sh STATE}
[[ -d $state ]] || exit 0
pids=(); leaders=()
for pidfile in "$state"/*/pid; do
  [[ -e $pidfile ]] || continue
  pid=$(cat "$pidfile")
  # The container's init (nspawn's child). Killing nspawn alone would orphan it when the
  # poweroff is slow (a loaded machine), leaving its systemd and veth behind.
  leaders+=($(pgrep -P "$pid" 2>/dev/null || true))
  # systemd-nspawn turns SIGTERM into an orderly poweroff of the container.
  kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
done
for pid in "${pids[@]}"; do
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
done
# SIGKILL to a PID namespace's init ends every process in that container.
# Only a process still in a PID namespace other than ours: never a reused pid of this machine.
self_ns=$(readlink /proc/self/ns/pid)
for pid in "${leaders[@]}"; do
  ns=$(readlink "/proc/$pid/ns/pid" 2>/dev/null) || continue
  [[ $ns != "$self_ns" ]] && kill -KILL "$pid" 2>/dev/null
done
rm -rf "$state"
