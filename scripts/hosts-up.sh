#!/usr/bin/env bash
# Boots Debian containers with systemd (systemd-nspawn --boot), each in its own network
# namespace joined to this machine by a veth pair: the host end gets 10.231.N.1/24, the
# container 10.231.N.2/24, and a route to 10.231.0.0/16 through its host end, so every container
# reaches every host end (e.g. a test Tor network bound to 10.231.1.1). Nothing else is routed:
# no default route, and the host does not forward between the links unless it already forwards.
# Usage: scripts/hosts-up.sh IMAGE STATE NAME...
#   IMAGE  folder made by hosts-image.sh (copied per container)
#   STATE  folder for per-container roots, logs, pids, the SSH key and known_hosts
#   NAME   container names ([a-z0-9-], at most 12 characters: ve-NAME must fit in 15)
# OG_HOSTS_NET=K numbers the links from K (10.231.K.x, 10.231.K+1.x, ...; default 1), so that
# two sets of containers can run side by side.
# Prints one line per host: NAME ADDRESS
# Refuses (exit 3, nothing booted) when a container of one of the names still runs, e.g. left by a
# killed test run: it would answer on the same address and the new host would not come up.
set -euo pipefail
image=${1:?usage: hosts-up.sh IMAGE STATE NAME...}; state=${2:?}; shift 2
(($# > 0)) || { echo "hosts-up: no container names" >&2; exit 2; }
[[ -e $image/.complete ]] || { echo "hosts-up: $image is not a finished image" >&2; exit 1; }
[[ ${OG_HOSTS_NET:-1} =~ ^[0-9]+$ ]] && ((${OG_HOSTS_NET:-1} + $# <= 255)) || { echo "hosts-up: bad OG_HOSTS_NET" >&2; exit 2; }
for name in "$@"; do
  [[ $name =~ ^[a-z0-9-]{1,12}$ ]] || { echo "hosts-up: bad name $name" >&2; exit 2; }
done
# A running og-NAME: its systemd-nspawn process (--register=no: machinectl does not know it), a live
# pid in STATE, or its veth (gone only when the container is).
running=0
for name in "$@"; do
  veth=ve-og-$name; veth=${veth:0:15}; found=
  for pid in $(pgrep -f -- "^(\S*/)?systemd-nspawn .*--machine=og-$name( |$)" || true); do
    dir=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n 's/^--directory=//p' || true)
    st=STATE; [[ -n $dir ]] && st=$(dirname "$(dirname "$dir")")
    echo "hosts-up: og-$name is already running (systemd-nspawn pid $pid${dir:+, root $dir}); stop it first: scripts/hosts-down.sh $st (or kill $pid)" >&2
    found=1
  done
  if [[ -z $found && -e $state/$name/pid ]] && kill -0 "$(cat "$state/$name/pid")" 2>/dev/null; then
    echo "hosts-up: og-$name is already running (pid $(cat "$state/$name/pid") in $state); stop it first: scripts/hosts-down.sh $state" >&2
    found=1
  fi
  if [[ -z $found ]] && ip link show "$veth" >/dev/null 2>&1; then
    echo "hosts-up: network link $veth of og-$name still exists (a container of that name still runs?); stop that container first" >&2
    found=1
  fi
  if [[ -z $found ]] && command -v machinectl >/dev/null && machinectl show "og-$name" >/dev/null 2>&1; then
    echo "hosts-up: machine og-$name is registered (machinectl); stop it first: machinectl terminate og-$name" >&2
    found=1
  fi
  [[ -z $found ]] || running=1
done
((! running)) || exit 3
mkdir -p "$state"; chmod 0700 "$state"
[[ -e $state/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C og-hosts -f "$state/id_ed25519"
: >"$state/known_hosts"
n=$((${OG_HOSTS_NET:-1} - 1))
for name in "$@"; do
  n=$((n + 1))
  root=$state/$name/root
  rm -rf "$state/$name"; mkdir -p "$state/$name"
  cp -a --reflink=auto "$image" "$root"
  echo "$name" >"$root/etc/hostname"
  install -d -m 0700 "$root/root/.ssh"
  install -m 0600 "$state/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
  chroot "$root" ssh-keygen -q -A
  cat >"$root/etc/systemd/network/10-host0.network" <<NET
[Match]
Name=host0
[Network]
Address=10.231.$n.2/24
[Route]
Destination=10.231.0.0/16
Gateway=10.231.$n.1
NET
  setsid systemd-nspawn --quiet --directory="$root" --machine="og-$name" --hostname="$name" \
    --boot --register=no --keep-unit --network-veth --console=passive \
    >"$state/$name/console.log" 2>&1 </dev/null &
  echo $! >"$state/$name/pid"
done
n=$((${OG_HOSTS_NET:-1} - 1))
for name in "$@"; do
  n=$((n + 1)); veth=ve-og-$name; veth=${veth:0:15}
  for _ in $(seq 100); do ip link show "$veth" >/dev/null 2>&1 && break; sleep 0.2; done
  ip addr replace "10.231.$n.1/24" dev "$veth"
  ip link set "$veth" up
done
n=$((${OG_HOSTS_NET:-1} - 1))
for name in "$@"; do
  n=$((n + 1)); addr=10.231.$n.2; ok=
  for _ in $(seq 150); do
    if keys=$(ssh-keyscan -T 2 -t ed25519 "$addr" 2>/dev/null) && [[ -n $keys ]]; then ok=1; break; fi
    kill -0 "$(cat "$state/$name/pid")" 2>/dev/null || break
    sleep 0.4
  done
  [[ -n $ok ]] || { echo "hosts-up: $name ($addr) did not answer on SSH; console:" >&2; tail -30 "$state/$name/console.log" >&2; exit 1; }
  echo "$keys" >>"$state/known_hosts"
  echo "$name $addr"
done
