#!/usr/bin/env bash
# Builds the container image of tor plus the OnionGroove balancer with podman, with no registry:
# the Debian base image is made locally (debootstrap bookworm with tor, imported with
# `podman import`), then packaging/container/Containerfile installs the oniongroove package.
# Usage: scripts/container-image.sh [--deb FILE] [--rootfs DIR] [--smoke] [TAG]
#   --deb FILE     the package to install (default: build one with scripts/package-deb.sh --small)
#   --rootfs DIR   import this Debian root as the base instead of running debootstrap (it must hold
#                  tor, adduser and libssl3; the Deploy tests' host image does)
#   --smoke        run the image once against a generated configuration: tor and the balancer start
#                  as a non-root user, and the health check (`oniongroove balancer status`) passes
#   TAG            default localhost/oniongroove:latest
# Podman on this machine class needs runc and a containers.conf without default ulimits
# (see docs/deployment.md, "Container image"); this script sets both up for its own calls.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=; rootfs=; smoke=; tag=localhost/oniongroove:latest
while (($#)); do
  case $1 in
    --deb) deb=${2:?}; shift 2 ;;
    --rootfs) rootfs=${2:?}; shift 2 ;;
    --smoke) smoke=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "container-image: unknown option $1" >&2; exit 2 ;;
    *) tag=$1; shift ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "container-image: run as root (debootstrap, podman with runc)" >&2; exit 1; }
work=$(mktemp -d /var/tmp/og-container.XXXXXX)
trap 'rm -rf "$work"' EXIT
printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
export CONTAINERS_CONF=$work/containers.conf
pm() { podman --runtime runc "$@"; }
base=localhost/oniongroove-base:bookworm
start=$SECONDS

if ! pm image exists "$base"; then
  if [[ -z $rootfs ]]; then
    rootfs=$work/rootfs
    echo "container-image: debootstrap bookworm with tor into $rootfs" >&2
    debootstrap --variant=minbase --include=tor,adduser,libssl3,ca-certificates bookworm "$rootfs" \
      "${OG_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 ||
      { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    chroot "$rootfs" apt-get clean
  fi
  echo "container-image: importing $rootfs as $base" >&2
  tar -C "$rootfs" --exclude=./proc --exclude=./sys --exclude=./dev --exclude=./.complete -c . |
    pm import --change 'CMD ["/bin/bash"]' - "$base" >/dev/null
fi
[[ -n $deb ]] || deb=$(scripts/package-deb.sh --small "$work/dist")
cp packaging/container/Containerfile packaging/container/entrypoint.sh "$work/"
cp "$deb" "$work/oniongroove.deb"
echo "container-image: building $tag" >&2
pm build --format docker --network none -t "$tag" -f "$work/Containerfile" "$work" >"$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log" >&2; exit 1; }
echo "container-image: $tag built in $((SECONDS - start)) s ($(pm image inspect --format '{{.Size}}' "$tag" | numfmt --to=iec))" >&2

if [[ -n $smoke ]]; then
  uid=$(pm run --rm --entrypoint id "$tag" -u)
  conf=$work/conf; mkdir -p "$conf"
  # A configuration like the tree `render --files` writes: a fresh key, two backend addresses.
  pm run --rm --user 0 -v "$conf:/out" --entrypoint bash "$tag" -c '
    set -e; cd /out
    oniongroove keygen --count 3 --out keys >/dev/null
    set -- keys/*/
    f=$(basename "$1"); b1=$(basename "$2"); b2=$(basename "$3")
    cp "keys/$f/hs_ed25519_secret_key" "$f.key"
    printf "services:\n- key: %s.key\n  instances:\n  - address: %s.onion\n    name: b1\n  - address: %s.onion\n    name: b2\n" "$f" "$b1" "$b2" >config.yaml
    printf "DataDirectory tor-data\nControlPort 9051\nCookieAuthentication 1\nSocksPort 0\n" >torrc-server
    printf "DisableNetwork 1\n" >torrc-extra
    rm -rf keys'
  chown -R "$uid" "$conf"; chmod 0700 "$conf"
  name=og-smoke-$$
  pm run -d --name "$name" --network host -v "$conf:/etc/oniongroove:ro" \
    -e OG_CONTROL_PORT=19151 -e OG_METRICS_LISTEN=127.0.0.1:19464 "$tag" >/dev/null
  ok=
  for _ in $(seq 60); do
    if pm healthcheck run "$name" >/dev/null 2>&1; then ok=1; break; fi
    sleep 1
  done
  echo "container-image: smoke run: processes in the container:" >&2
  pm top "$name" user pid args >&2 || true
  pm exec "$name" oniongroove balancer status --metrics 127.0.0.1:19464 >&2 || true
  pm logs "$name" 2>&1 | tail -5 >&2
  pm rm -f "$name" >/dev/null
  [[ -n $ok ]] || { echo "container-image: the health check did not pass within 60 s" >&2; exit 1; }
  echo "container-image: smoke run passed (healthy; tor and the balancer as uid $uid)" >&2
fi
echo "$tag"
