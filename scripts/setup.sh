#!/usr/bin/env bash
# Installs what OnionGroove's build, demo and tests need on a Debian machine that has the .NET SDK.
# Idempotent: packages already present are skipped. Run as root (or it re-runs itself with sudo).
set -euo pipefail

packages=(
  tor            # tor 0.4.9 and tor-gencert: backends, the private test network, interop tests
  age            # the reference age CLI, for interop tests
  python3-stem   # stem decodes our descriptors in tests (/usr/bin/python3)
  onionbalance   # the Python reference, for side-by-side comparisons
  ansible ansible-lint
  systemd-container debootstrap   # real systemd hosts for the Ansible tests
  nginx          # the demo's and the backends' web endpoint
  prometheus     # promtool: the alert rules' checks and unit tests (monitoring/), the probe's exposition
  podman runc lintian groff-base   # the container image, the Debian package's checks, man pages
  git curl ca-certificates openssh-client iproute2 procps
  openssh-server # sshd for the mesh test of an SSH export reached by the real ssh client
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: installing ${missing[*]} needs root, and sudo is not installed: run scripts/setup.sh as root" >&2; exit 1; }
    exec sudo "$0" "$@"
  fi
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts a system tor, nginx and prometheus on install; OnionGroove runs its own instances.
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    systemctl disable --now tor nginx prometheus >/dev/null 2>&1 || true
  fi
fi

command -v dotnet >/dev/null || { echo "setup: the .NET SDK (10) is required: https://dot.net" >&2; exit 1; }
