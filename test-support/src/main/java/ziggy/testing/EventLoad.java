package ziggy.testing;

import java.time.Duration;

/**
 * A libzmq client (pyzmq) sending events with ids {@code prefix-0 … prefix-(n-1)}, as Ziggy clients do:
 * types {@code request} and (every third) {@code request.sql}, one PUSH connection with no send limit.
 * Given the daemon's public key it speaks CURVE with a key pair of its own, as a libzmq application does.
 */
public final class EventLoad {
    private static final String SENDER = """
            import os, socket, sys, time, zmq, bson
            port, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
            pause_every = int(sys.argv[4]) if len(sys.argv) > 4 else 0
            context = zmq.Context()
            push = context.socket(zmq.PUSH)
            push.setsockopt(zmq.SNDHWM, 0)
            if len(sys.argv) > 5:
                push.curve_serverkey = sys.argv[5].encode()
                push.curve_publickey, push.curve_secretkey = zmq.curve_keypair()
            push.connect('tcp://127.0.0.1:' + port)
            host = socket.gethostname()
            for i in range(count):
                now = time.time()
                push.send(bson.encode({'type': 'request' if i % 3 else 'request.sql', 'id': '%s-%d' % (prefix, i),
                                       'host': host, 'pid': os.getpid(), 'start': now, 'end': now + 0.01,
                                       'body': {'n': i, 'path': '/p/%d' % i}}))
                if pause_every and i % pause_every == pause_every - 1:
                    time.sleep(0.01)
            push.close(linger=-1)
            context.term()
            """;

    private EventLoad() {
    }

    /** Sends them all and waits until the sender has handed every one to the collect port. */
    public static void send(int collectPort, String prefix, int count) {
        PythonPeer.run(SENDER, Duration.ofSeconds(120), String.valueOf(collectPort), prefix, String.valueOf(count)).assertSuccess();
    }

    /** As {@link #send(int, String, int)} over CURVE to a daemon whose public key is {@code serverKeyZ85}. */
    public static void sendOverCurve(int collectPort, String serverKeyZ85, String prefix, int count) {
        PythonPeer.run(SENDER, Duration.ofSeconds(120), String.valueOf(collectPort), prefix, String.valueOf(count), "0",
                serverKeyZ85).assertSuccess();
    }

    /** As {@link #start} over CURVE to a daemon whose public key is {@code serverKeyZ85}. */
    public static Process startOverCurve(int collectPort, String serverKeyZ85, String prefix, int count, int pauseEvery) {
        return PythonPeer.start(SENDER, String.valueOf(collectPort), prefix, String.valueOf(count), String.valueOf(pauseEvery),
                serverKeyZ85);
    }

    /** Starts sending at a gentle pace (10 ms of rest every {@code pauseEvery} events); the caller waits for it. */
    public static Process start(int collectPort, String prefix, int count, int pauseEvery) {
        return PythonPeer.start(SENDER, String.valueOf(collectPort), prefix, String.valueOf(count), String.valueOf(pauseEvery));
    }
}
