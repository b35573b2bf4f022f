"""A libzmq (pyzmq) PULL receiver that only counts: the reference rate the issue's targets are set against.

    /usr/bin/python3 pull_count.py PORT EVENTS

Prints 'bound' once listening, then the rate from its first receive to its last: 'rate N'.
A CURVE server when ZIGGY_BENCH_CURVE names a folder of certificates (curve_keys.py).
"""
import collections
import itertools
import sys
import time

import zmq

from curve_keys import as_server

port, count = sys.argv[1], int(sys.argv[2])
context = zmq.Context()
pull = context.socket(zmq.PULL)
pull.setsockopt(zmq.RCVHWM, 0)
as_server(pull)
pull.bind('tcp://127.0.0.1:' + port)
print('bound', flush=True)
recv = pull.recv
recv()
started = time.perf_counter()
# Received in a loop that runs in C (recv until a None it never returns, cut at count - 1).
collections.deque(itertools.islice(iter(recv, None), count - 1), maxlen=0)
elapsed = time.perf_counter() - started
print('rate %.0f' % ((count - 1) / elapsed), flush=True)
