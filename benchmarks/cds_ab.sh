#!/usr/bin/env bash
# What the class-data sharing archive (packaging/target/lib/ziggy.jsa, made by `mvn package`) changes:
# each measurement runs with the archive moved away, then put back, interleaved, PAIRS times.
#
#   benchmarks/cds_ab.sh [PAIRS] [EVENTS]
#
# Prints one line per run: a fresh master's time from exec to its first STATUS answer and its RSS then;
# `ziggyctl status` against it; then EVENTS (default 500,000) from push_events.py into a fresh master,
# and into a fresh agent forwarding to a fresh master, each rate from `ziggy-bench watch` at the master.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
pairs=${1:-5}; events=${2:-500000}
bin=$root/packaging/bin; lib=$root/packaging/target/lib
py=/usr/bin/python3; pyd=$root/benchmarks/python
[ -f "$lib/ziggy.jsa" ] || { echo "cds_ab.sh: no $lib/ziggy.jsa; run mvn -q -DskipTests package first" >&2; exit 1; }
work=$(mktemp -d)
trap '[ -f "$work/ziggy.jsa" ] && mv "$work/ziggy.jsa" "$lib/ziggy.jsa"; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
millis() { echo $(( $(date +%s%N) / 1000000 )); }
start_daemon() { # NAME ARGS...: starts ziggyd, waits for STATUS, sets started_pid and started_after (ms)
  local name=$1 control; shift
  control=$(sed -n 's/.*--control=127.0.0.1:\([0-9]*\).*/\1/p' <<<"$*")
  local began; began=$(millis)
  "$bin/ziggyd" "$@" >"$work/$name.out" 2>&1 &
  started_pid=$!
  until $py "$pyd/status.py" "$control" 0.05 >/dev/null 2>&1; do :; done
  started_after=$(( $(millis) - began ))
}
rate_into() { # COLLECT_PORT MASTER_CONTROL_PORT: events/s at the master for EVENTS sent
  "$bin/ziggy-bench" watch --control=127.0.0.1:$2 --events="$events" >"$work/watch.out" 2>&1 &
  local watch=$!
  for _ in $(seq 200); do grep -qs ready "$work/watch.out" && break; sleep 0.05; done
  $py "$pyd/push_events.py" "$1" "$events" >/dev/null
  wait $watch
  sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p' "$work/watch.out"
}
measure() { # LABEL
  local mc mk ac ak master agent began
  mc=$(free_port); mk=$(free_port); rm -rf "$work/log" "$work/queue"
  start_daemon master --collect=127.0.0.1:$mc --control=127.0.0.1:$mk --log-path="$work/log"
  master=$started_pid
  echo "$1 master_start_ms=$started_after master_rss_kb=$(awk '/VmRSS/{print $2}' /proc/$master/status)"
  began=$(millis); "$bin/ziggyctl" -H 127.0.0.1:$mk status >/dev/null
  echo "$1 ziggyctl_status_ms=$(( $(millis) - began ))"
  echo "$1 fresh_master_events_per_s=$(rate_into $mc $mk)"
  kill $master; wait $master || true
  mc=$(free_port); mk=$(free_port); ac=$(free_port); ak=$(free_port); rm -rf "$work/log"
  start_daemon master --collect=127.0.0.1:$mc --control=127.0.0.1:$mk --log-path="$work/log"
  master=$started_pid
  start_daemon agent --collect=127.0.0.1:$ac --control=127.0.0.1:$ak --queue-path="$work/queue" \
    --forward=127.0.0.1:$mc --forward-control=127.0.0.1:$mk
  agent=$started_pid
  echo "$1 fresh_agent_path_events_per_s=$(rate_into $ac $mk)"
  kill $agent $master; wait $agent $master || true
  rm -rf "$work/log" "$work/queue"; sync
}
for _ in $(seq "$pairs"); do
  mv "$lib/ziggy.jsa" "$work/ziggy.jsa"; measure without
  mv "$work/ziggy.jsa" "$lib/ziggy.jsa"; measure with
done
