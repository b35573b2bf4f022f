package ziggy.protocol.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.FreePort;

class ControlSessionTest {
    private final int port = FreePort.pick();
    private final List<Answerer> answerers = new ArrayList<>();

    @AfterEach
    void stopAnswerers() throws InterruptedException {
        for (Answerer answerer : answerers) {
            answerer.stop();
        }
    }

    @Test
    void manyRequestsGoOverOneConnection() {
        try (ControlSession session = session(Duration.ofSeconds(5))) {
            assertOneConnectionAfterTheFirstAnswer(session::request);
        }
    }

    @Test
    void aControlClientKeptOpenAsksOverOneConnectionToo() {
        try (ControlClient client = ControlClient.keptOpen(endpoint(), Duration.ofSeconds(5))) {
            assertOneConnectionAfterTheFirstAnswer(client::request);
        }
    }

    private void assertOneConnectionAfterTheFirstAnswer(UnaryOperator<BsonDocument> asker) {
        Answerer answerer = start(0);
        // The first answer may take a second connection: a new one slower than 250 ms is dialled again.
        assertEquals(1, asker.apply(request(1)).getInt64("n").getValue());
        await().atMost(Duration.ofSeconds(5)).until(() -> answerer.connections.get() >= 1);
        int afterFirstAnswer = answerer.connections.get();
        for (long i = 2; i <= 100; i++) {
            assertEquals(i, asker.apply(request(i)).getInt64("n").getValue());
        }
        assertEquals(afterFirstAnswer, answerer.connections.get(), "connections the control port accepted after the first answer");
    }

    @Test
    void aReplyThatNeverComesCostsOneTimeoutAndTheNextRequestIsAnswered() {
        start(0);
        // Long enough for a first connection on a loaded machine; the lost reply then costs all of it.
        try (ControlSession session = session(Duration.ofSeconds(2))) {
            assertEquals(1, session.request(request(1)).getInt64("n").getValue());
            answerers.get(0).ignoreNext.set(1);
            ControlException missed = assertThrows(ControlException.class, () -> session.request(request(2)));
            assertTrue(missed.getMessage().contains("no reply from the control port 127.0.0.1:" + port), missed.getMessage());
            assertEquals(3, session.request(request(3)).getInt64("n").getValue());
        }
    }

    @Test
    void aRestartedControlPortIsAskedAgain() throws InterruptedException {
        Answerer first = start(0);
        try (ControlSession session = session(Duration.ofSeconds(2))) {
            assertEquals(1, session.request(request(1)).getInt64("n").getValue());
            first.stop();
            assertThrows(ControlException.class, () -> session.request(request(2)));
            start(0);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> session.request(request(3)).getInt64("n").getValue() == 3);
        }
    }

    private ControlSession session(Duration timeout) {
        return new ControlSession(endpoint(), timeout);
    }

    private Endpoint endpoint() {
        return Endpoint.parse("127.0.0.1:" + port, "-H");
    }

    private static BsonDocument request(long n) {
        return ControlCommand.COMMITTED.request().append("n", new BsonInt64(n));
    }

    /** Starts a ROUTER on the port that answers each request with its own {@code n}, ignoring the first {@code ignored}. */
    private Answerer start(int ignored) {
        Answerer answerer = new Answerer(port, ignored);
        answerers.add(answerer);
        return answerer;
    }

    /** A control port of a test's making: counts the connections it accepts and may ignore requests. */
    private static final class Answerer {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger ignoreNext = new AtomicInteger();
        private final ZContext context = new ZContext(1);
        private final Thread thread;
        private volatile boolean stopping;

        Answerer(int port, int ignored) {
            ignoreNext.set(ignored);
            ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            router.setReceiveTimeOut(50);
            router.setEventHook(event -> connections.incrementAndGet(), ZMQ.EVENT_ACCEPTED);
            router.bind("tcp://127.0.0.1:" + port);
            thread = new Thread(() -> serve(router), "answerer-" + port);
            thread.start();
        }

        private void serve(ZMQ.Socket router) {
            while (!stopping) {
                List<byte[]> frames = new ArrayList<>();
                byte[] frame = router.recv(0);
                if (frame == null) {
                    continue;
                }
                frames.add(frame);
                while (router.hasReceiveMore()) {
                    frames.add(router.recv(0));
                }
                if (ignoreNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    continue;
                }
                BsonDocument request = ControlReplies.decode(frames.get(frames.size() - 1));
                for (int i = 0; i < frames.size() - 1; i++) {
                    router.sendMore(frames.get(i));
                }
                router.send(ControlReplies.encode(new BsonDocument("n", request.get("n"))), 0);
            }
            router.close();
        }

        void stop() throws InterruptedException {
            if (stopping) {
                return;
            }
            stopping = true;
            thread.join(5_000);
            context.close();
        }
    }
}
