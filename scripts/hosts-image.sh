#!/usr/bin/env bash
# Builds the Debian bookworm image that the Ansible tests boot with systemd-nspawn.
# Usage: scripts/hosts-image.sh DIR   (DIR/.complete marks a finished image; reruns are no-ops)
# Packages the roles install are preinstalled: the test containers have no route to a mirror,
# so the roles run with apt's cache refresh turned off.
set -euo pipefail
dir=${1:?usage: hosts-image.sh DIR}
mirror=${OG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
[[ -e $dir/.complete ]] && { echo "hosts-image: $dir is ready" >&2; exit 0; }
[[ $(id -u) -eq 0 ]] || { echo "hosts-image: must run as root (debootstrap)" >&2; exit 1; }
rm -rf "$dir"
start=$SECONDS
echo "hosts-image: debootstrap minbase bookworm into $dir" >&2
debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$dir.log" 2>&1 ||
  { tail -20 "$dir.log" >&2; exit 1; }
echo "hosts-image: installing systemd, sshd, python3, tor, nginx ($((SECONDS - start)) s so far)" >&2
chroot "$dir" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  systemd systemd-sysv dbus openssh-server python3 python3-apt iproute2 tor nginx systemd-timesyncd \
  >>"$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; exit 1; }
chroot "$dir" apt-get clean
# Each container gets its own host keys and machine id at first boot.
rm -f "$dir"/etc/ssh/ssh_host_* "$dir/etc/machine-id" "$dir/var/lib/dbus/machine-id"
: >"$dir/etc/machine-id"
# Networking: systemd-networkd configures the veth end (host0) from a file each container gets.
ln -sf /lib/systemd/system/systemd-networkd.service "$dir/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
touch "$dir/.complete"
echo "hosts-image: done in $((SECONDS - start)) s" >&2
