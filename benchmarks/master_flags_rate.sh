#!/usr/bin/env bash
# A master's intake rate under each set of flags in turn (--stdout, --processor ...), the same sender for each.
#
#   benchmarks/master_flags_rate.sh CLASSPATH [EVENTS] [RUNS] [FLAGS...]
#
# CLASSPATH runs ziggy.daemon.Ziggyd (e.g. from `mvn -o -q -pl collector-daemon -am compile
# dependency:build-classpath -Dmdep.outputFile=cp.txt`, plus collector-daemon/target/classes). Each run
# starts a fresh master, warms it with EVENTS/2 events from push_events.py (unmeasured), sends EVENTS
# more, and takes the rate from STATUS total.events between 10% and 90% of them (the sender's start-up
# left out). FLAGS are tried in turn, e.g. '' '--stdout' '--stdout=text'.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cp=$1; events=${2:-1000000}; runs=${3:-3}; shift 3 || true
[ $# -gt 0 ] || set -- "" "--stdout"
python=/usr/bin/python3
pydir="$root/benchmarks/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rate_between() { # CONTROL_PORT FROM TO: seconds between STATUS total.events reaching FROM and TO, as events/s
  "$python" - "$1" "$2" "$3" <<'PY'
import sys, time, bson, zmq
port, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ctx = zmq.Context(); t_lo = None
while True:
    req = ctx.socket(zmq.REQ); req.setsockopt(zmq.LINGER, 0); req.setsockopt(zmq.RCVTIMEO, 2000)
    req.connect('tcp://127.0.0.1:' + port); req.send(bson.encode({'cmd': 'STATUS'}))
    n = bson.decode(req.recv())['total']['events']; now = time.monotonic(); req.close()
    if t_lo is None and n >= lo: t_lo, n_lo = now, n
    if n >= hi:
        print('%.0f' % ((n - n_lo) / (now - t_lo))); break
    time.sleep(0.02)
PY
}
for flags in "$@"; do
  for run in $(seq "$runs"); do
    collect=$(free_port); control=$(free_port)
    rm -rf "$work/logs"; mkdir -p "$work/logs"
    # shellcheck disable=SC2086
    java -Xmx256m -cp "$cp" ziggy.daemon.Ziggyd --collect=127.0.0.1:$collect --control=127.0.0.1:$control \
      --log-path="$work/logs" $flags >/dev/null 2>"$work/ziggyd.err" &
    pid=$!
    until "$python" "$pydir/status.py" "$control" 0.5 >/dev/null 2>&1; do sleep 0.2; done
    warm=$((events / 2))
    "$python" "$pydir/push_events.py" "$collect" "$warm" >/dev/null
    until [ "$("$python" "$pydir/status.py" "$control")" -ge "$warm" ]; do sleep 0.2; done
    "$python" "$pydir/push_events.py" "$collect" "$events" >/dev/null &
    sender=$!
    rate=$(rate_between "$control" $((warm + events / 10)) $((warm + events * 9 / 10)))
    wait "$sender"
    kill "$pid"; wait "$pid" || true
    echo "flags='${flags}' run=$run events_per_s=$rate"
  done
done
