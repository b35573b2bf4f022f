"""How fast a running ziggyd takes events from one libzmq client.

Run with Debian's interpreter (python3-zmq, python3-bson), against a daemon you started:
    /usr/bin/python3 collector-daemon/bench/send_rate.py COLLECT_PORT CONTROL_PORT [EVENTS]
One PUSH socket (SNDHWM 0) sends EVENTS (default 2,000,000) pre-encoded events of about 250 bytes, in
4 types, as fast as it can; the rate runs from the first send until STATUS's total.events has grown
by EVENTS. It prints the sender's own rate beside it, since on a small machine the sender is the limit.
"""
import os
import sys
import time

import bson
import zmq

collect, control = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 2_000_000
context = zmq.Context()
req = context.socket(zmq.REQ)
req.setsockopt(zmq.RCVTIMEO, 10_000)
req.connect('tcp://127.0.0.1:' + control)


def status():
    req.send(bson.encode({'cmd': 'STATUS'}))
    return bson.decode(req.recv())


events = []
for i in range(1000):
    kind = ['request', 'request.sql', 'job', 'cache.get'][i % 4]
    start = 1763900000.0 + i
    events.append(bson.encode({
        'type': kind, 'id': os.urandom(8).hex(), 'host': 'web-%d' % (i % 8), 'pid': 4242,
        'start': start, 'end': start + 0.012,
        'body': {'path': '/api/v1/items/%d' % i, 'status': 200, 'bytes': 5120,
                 'ua': 'Mozilla/5.0 (X11; Linux x86_64)', 'q': 'x' * 40}}))
print('average event: %.0f bytes' % (sum(map(len, events)) / len(events)))

before = status()['total']['events']
push = context.socket(zmq.PUSH)
push.setsockopt(zmq.SNDHWM, 0)
push.connect('tcp://127.0.0.1:' + collect)
time.sleep(0.3)
started = time.time()
for i in range(count):
    push.send(events[i % 1000])
sent = time.time()
while status()['total']['events'] - before < count:
    time.sleep(0.01)
taken = time.time()
after = status()
print('sent %d in %.2f s (%.0f/s); taken in %.2f s: %.0f events/s; rejected %d; lost %d' % (
    count, sent - started, count / (sent - started), taken - started, count / (taken - started),
    sum(after['rejected'].values()), after['files']['lost_events']))
