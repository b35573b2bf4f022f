"""One libzmq (pyzmq) PUSH sender of pre-encoded Ziggy events, as fast as libzmq takes them.

    /usr/bin/python3 push_events.py PORT EVENTS [SIZE]
    /usr/bin/python3 push_events.py --write-frames FILE [SIZE]

The second form only writes the 1,000 encoded events, back to back, into FILE, for the C sender
(benchmarks/c/push_events.c) that benchmarks/run.sh prefers: the same events, sent with nothing per event.

Events of exactly SIZE bytes (default 250) in 4 types, the same 1,000 encoded events over and over
(a duration `ms` in each body, and a `password` in one body in ten, for the processors to work on),
sent from a loop that runs in C; SNDHWM 0 so nothing is dropped at the sender. Used by benchmarks/run.sh both for ziggyd and for the
libzmq receiver beside it, so the two are fed by the same sender. Prints the sender's own rate.
Over CURVE when ZIGGY_BENCH_CURVE names a folder of certificates (curve_keys.py).
"""
import collections
import itertools
import os
import sys
import time

import bson
import zmq

from curve_keys import as_client

write_frames = sys.argv[1] == '--write-frames'
if write_frames:
    frames_file = sys.argv[2]
else:
    port, count = sys.argv[1], int(sys.argv[2])
size = int(sys.argv[3]) if len(sys.argv) > 3 else 250


def event(i, pad):
    kind = ['request', 'request.sql', 'job', 'cache.get'][i % 4]
    start = time.time()
    return bson.encode({
        'type': kind, 'id': os.urandom(8).hex(), 'host': 'web-%d' % (i % 8), 'pid': 4242,
        'start': start, 'end': start + 0.012,
        'body': dict({'path': '/api/v1/items/%06d' % i, 'status': 200, 'ms': (i % 97) * 1.5},
                     **({'password': 'pw-%04d' % i} if i % 10 == 0 else {}), pad='x' * pad)})


events = []
for i in range(1000):
    pad = size - len(event(i, 0))
    if pad < 0:
        sys.exit('size %d is too small: an event takes at least %d bytes' % (size, len(event(i, 0))))
    events.append(event(i, pad))
if write_frames:
    with open(frames_file, 'wb') as out:
        out.write(b''.join(events))
    sys.exit(0)

context = zmq.Context()
push = context.socket(zmq.PUSH)
push.setsockopt(zmq.SNDHWM, 0)
push.setsockopt(zmq.LINGER, -1)
handshakes = push.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
as_client(push)
push.connect('tcp://127.0.0.1:' + port)
started = time.perf_counter()
# The loop runs in C (map over a cycle, drained by a zero-length deque): nothing per event but libzmq's send,
# so the sender is not what limits the receiver it feeds.
collections.deque(map(push.send, itertools.islice(itertools.cycle(events), count)), maxlen=0)
elapsed = time.perf_counter() - started
# Closing before the handshake has ended would drop the queued events (libzmq issue 3774).
handshakes.recv_multipart()
handshakes.close(linger=0)
push.close()
context.term()
print('sender: %d events of %d bytes in %.2f s, %.0f/s' % (count, size, elapsed, count / elapsed), flush=True)
