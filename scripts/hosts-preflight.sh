#!/usr/bin/env bash
# Can this machine boot the test hosts (scripts/hosts-up.sh)? They are Debian containers run by
# systemd-nspawn, each in its own namespaces joined by a veth link: that needs root, a few
# programs, and the right to create namespaces and network links, which a container (Docker,
# LXC, a CI runner) has only when it is privileged for nested containers.
# Prints one line per problem and exits 1 if there is any; prints nothing and exits 0 otherwise.
set -uo pipefail
problems=()
if [[ $(id -u) -ne 0 ]]; then
  problems+=("not running as root: the host tests boot systemd-nspawn containers, which needs root (run the tests as root, as CI does)")
fi
for program in debootstrap systemd-nspawn ip unshare ssh ssh-keyscan ssh-keygen; do
  command -v "$program" >/dev/null 2>&1 || problems+=("$program is missing: run scripts/setup.sh")
done
if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1; then
  where=""
  virt=$(systemd-detect-virt --container 2>/dev/null) && where=" (this machine is itself a '$virt' container: it must be privileged to run containers inside it)"
  if ! err=$(unshare --mount --uts --ipc --net --pid --fork --mount-proc true 2>&1); then
    problems+=("cannot create namespaces for containers: unshare: ${err:-failed}$where")
  fi
  link=ogpf$$
  if err=$(ip link add "$link" type veth peer name "${link}b" 2>&1); then
    ip link del "$link" 2>/dev/null || true
  else
    problems+=("cannot create veth network links (CAP_NET_ADMIN): ip: ${err:-failed}$where")
  fi
fi
((${#problems[@]} == 0)) && exit 0
printf '%s\n' "${problems[@]}"
exit 1
