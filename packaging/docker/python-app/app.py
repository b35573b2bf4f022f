"""A small application that logs through ZmqLogHandler to the `logs` service of compose.yaml."""
import logging
import os
import time

from zmq_log_handler import ZmqLogHandler

host = os.environ.get("ZIGGY_LOG_HOST", "localhost")
for attempt in range(30):
    try:
        handler = ZmqLogHandler(host=host, channel="orders")
        break
    except OSError:
        time.sleep(1)
else:
    raise SystemExit("no ziggyd at %s" % host)
logging.basicConfig(level=logging.DEBUG, handlers=[handler])
log = logging.getLogger("shop.orders")
time.sleep(1)  # PUB/SUB: what is sent before the subscription reaches ziggyd is lost
for n in range(1, 1_000_000):
    log.info("order %d placed for %.2f EUR", n, n * 1.5, extra={"customer": "c-%d" % (n % 17)})
    if n % 10 == 0:
        log.warning("order %d is slow: %d ms", n, 900 + n % 100)
    time.sleep(1)
