package ziggy.zmtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * How fast the endpoint takes single-frame events from one libzmq PUSH sender, beside a libzmq PULL
 * receiver fed by the same sender script in the same run. Counting only: the handler does nothing
 * else. Each rate runs from the first message received to the last. Not a test: run it by hand
 * (see main); {@code ReceiveRateComparisonSmokeTest} runs it with a tiny N so it keeps working.
 */
public final class ReceiveRateComparison {
    /** argv: port, count, size. Pre-encodes the messages, then sends as fast as libzmq takes them. */
    static final String SENDER = """
            import sys, zmq
            port, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            messages = [bytes([i]) * size for i in range(16)]
            ctx = zmq.Context()
            s = ctx.socket(zmq.PUSH)
            s.setsockopt(zmq.SNDHWM, 0)
            s.setsockopt(zmq.LINGER, -1)
            handshakes = s.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
            s.connect('tcp://127.0.0.1:' + port)
            send = s.send
            for i in range(count):
                send(messages[i & 15])
            # Closing before the handshake ends would drop the connection and its queue (libzmq issue 3774).
            handshakes.recv_multipart()
            handshakes.close(linger=0)
            s.close()
            ctx.term()
            """;

    /** argv: port, count. Prints events/s from its first receive to its last. */
    static final String RECEIVER = """
            import sys, time, zmq
            port, count = sys.argv[1], int(sys.argv[2])
            ctx = zmq.Context()
            s = ctx.socket(zmq.PULL)
            s.setsockopt(zmq.RCVHWM, 0)
            s.bind('tcp://127.0.0.1:' + port)
            print('bound', flush=True)
            recv = s.recv
            recv()
            start = time.perf_counter()
            for _ in range(count - 1):
                recv()
            elapsed = time.perf_counter() - start
            print((count - 1) / elapsed, flush=True)
            """;

    private ReceiveRateComparison() {
    }

    /** argv: events (default 1,000,000), rounds (default 3), event size (default 243). */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 243;
        PythonPeer.requireZmqAndBson();
        for (int round = 1; round <= rounds; round++) {
            double ours = endpointRate(count, size, ZmtpOptions.defaults());
            double libzmq = libzmqRate(count, size);
            System.out.printf(Locale.ROOT, "round %d: %,d events of %d bytes: endpoint %,.0f/s, libzmq PULL %,.0f/s, ratio %.2f%n",
                    round, count, size, ours, libzmq, ours / libzmq);
        }
    }

    /** Events per second into a {@link ZmtpPullServer} whose handler only counts. */
    static double endpointRate(int count, int size, ZmtpOptions options) throws IOException, InterruptedException {
        CountingHandler counter = new CountingHandler(count);
        try (ZmtpPullServer server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", FreePort.pick()), options, counter)) {
            server.start();
            Process sender = PythonPeer.start(SENDER, String.valueOf(server.localPort()), String.valueOf(count), String.valueOf(size));
            try {
                if (!counter.done.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("only " + counter.received + " of " + count + " events arrived: "
                            + server.counters());
                }
            } finally {
                sender.destroyForcibly();
            }
            return (count - 1) / ((counter.lastNanos - counter.firstNanos) / 1e9);
        }
    }

    /** Events per second into a libzmq PULL socket in its own process, from the same sender. */
    static double libzmqRate(int count, int size) throws IOException, InterruptedException {
        String port = String.valueOf(FreePort.pick());
        Process receiver = PythonPeer.start(RECEIVER, port, String.valueOf(count));
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(receiver.getInputStream()));
            if (!"bound".equals(out.readLine())) {
                throw new IllegalStateException("the libzmq receiver did not start: "
                        + new String(receiver.getErrorStream().readAllBytes()));
            }
            PythonPeer.run(SENDER, Duration.ofSeconds(120), port, String.valueOf(count), String.valueOf(size)).assertSuccess();
            String rate = out.readLine();
            if (rate == null || !receiver.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the libzmq receiver did not finish");
            }
            return Double.parseDouble(rate);
        } finally {
            receiver.destroyForcibly();
        }
    }

    /** Counts; notes the time of the first and the last event only. */
    private static final class CountingHandler implements MessageHandler {
        final CountDownLatch done = new CountDownLatch(1);
        private final int expected;
        volatile long received;
        long firstNanos;
        long lastNanos;

        CountingHandler(int expected) {
            this.expected = expected;
        }

        @Override
        public void onMessage(ByteBuffer buffer, int offset, int length) {
            long n = received + 1;
            received = n;
            if (n == 1) {
                firstNanos = System.nanoTime();
            }
            if (n == expected) {
                lastNanos = System.nanoTime();
                done.countDown();
            }
        }

        @Override
        public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
            onMessage(buffer, offsets[0], lengths[0]);
        }

        @Override
        public void onOversizedMessage(long messageBytes) {
            throw new IllegalStateException("no event here is oversized: " + messageBytes);
        }

        @Override
        public void onLoopTurn(long nanoTime) {
            // Counting only.
        }
    }
}
