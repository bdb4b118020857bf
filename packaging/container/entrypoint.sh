#!/bin/bash
# Runs tor (from the tree's torrc-server) and `oniongroove balancer run` side by side; when either
# ends, the other is stopped and the container exits with its status. SIGTERM stops both cleanly.
#   /etc/oniongroove/config.yaml, *.key   the balancer's configuration (render --files: master/)
#   /etc/oniongroove/torrc-server         tor's settings (its DataDirectory is moved to the volume)
#   /etc/oniongroove/torrc-extra          optional extra torrc lines (e.g. a private test network)
#   OG_CONTROL_PORT (9051), OG_METRICS_LISTEN (127.0.0.1:9464): with --network host, pick free ones
set -euo pipefail
conf=${OG_CONFIG_DIR:-/etc/oniongroove}
state=/var/lib/oniongroove
for f in config.yaml torrc-server; do
  [[ -r $conf/$f ]] || { echo "oniongroove-container: $conf/$f is missing or not readable by $(id -un) (uid $(id -u))" >&2; exit 2; }
done
install -d -m 0700 "$state/tor-data"
{
  grep -Ev '^[[:space:]]*(DataDirectory|ControlPort|CookieAuthFile)[[:space:]]' "$conf/torrc-server"
  echo "DataDirectory $state/tor-data"
  echo "ControlPort 127.0.0.1:$OG_CONTROL_PORT"
  echo "CookieAuthentication 1"
  if [[ -r $conf/torrc-extra ]]; then cat "$conf/torrc-extra"; fi
} >"$state/torrc"
tor -f "$state/torrc" --quiet &
tor_pid=$!
oniongroove balancer run --config "$conf/config.yaml" --control "127.0.0.1:$OG_CONTROL_PORT" \
  --metrics-listen "$OG_METRICS_LISTEN" "$@" &
balancer_pid=$!
trap 'kill -TERM "$balancer_pid" "$tor_pid" 2>/dev/null || true' TERM INT
status=0
wait -n "$balancer_pid" "$tor_pid" || status=$?
kill -TERM "$balancer_pid" "$tor_pid" 2>/dev/null || true
wait || true
exit "$status"
