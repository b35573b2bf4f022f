"""A Python logging handler that ships records to ziggyd over ZeroMQ, as seed 000's ZmqLogHandler does.

Before connecting it asks http://HOST:HTTP_PORT/healthcheck and refuses to start unless the JSON says
module == "zmq_logging_aggregator" (ziggyd with --python-logging says so); then a PUB socket connects to
HOST:PORT (9020, Python's DEFAULT_TCP_LOGGING_PORT) and each record goes as two frames:
b"<LEVELNAME>:<channel>" and json.dumps(record.__dict__) (msg and args unformatted; ziggyd formats them).
"""
import json
import logging
import logging.handlers
import urllib.request

import zmq


class ZmqLogHandler(logging.Handler):
    def __init__(self, host="localhost", port=logging.handlers.DEFAULT_TCP_LOGGING_PORT, http_port=5555,
                 channel="all", level=logging.NOTSET):
        super().__init__(level)
        with urllib.request.urlopen("http://%s:%d/healthcheck" % (host, http_port), timeout=5) as reply:
            health = json.load(reply)
        if health.get("module") != "zmq_logging_aggregator":
            raise RuntimeError("no logging aggregator at %s:%d: %r" % (host, http_port, health))
        self.channel = channel
        self.context = zmq.Context.instance()
        self.socket = self.context.socket(zmq.PUB)
        self.socket.connect("tcp://%s:%d" % (host, port))

    def emit(self, record):
        try:
            topic = ("%s:%s" % (record.levelname, self.channel)).encode()
            self.socket.send_multipart([topic, json.dumps(record.__dict__).encode()])
        except Exception:
            self.handleError(record)

    def close(self):
        self.socket.close(linger=1000)
        super().close()
