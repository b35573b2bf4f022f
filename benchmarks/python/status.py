"""Prints a ziggyd's total event count from STATUS, or exits 1 if it does not answer in time.

    /usr/bin/python3 status.py CONTROL_PORT [TIMEOUT_SECONDS]
"""
import sys

import bson
import zmq

from curve_keys import as_client

port = sys.argv[1]
timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
context = zmq.Context()
req = context.socket(zmq.REQ)
req.setsockopt(zmq.LINGER, 0)
req.setsockopt(zmq.RCVTIMEO, int(timeout * 1000))
as_client(req)
req.connect('tcp://127.0.0.1:' + port)
req.send(bson.encode({'cmd': 'STATUS'}))
try:
    print(bson.decode(req.recv())['total']['events'])
except zmq.Again:
    sys.exit(1)
finally:
    req.close()
    context.term()
