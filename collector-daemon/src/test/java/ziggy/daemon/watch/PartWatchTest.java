package ziggy.daemon.watch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import zmq.msg.MsgAllocator;

/** What escapes a watched thread, JeroMQ's own included, and what does not count as a failure. */
class PartWatchTest {
    private final PartWatch watch = new PartWatch();
    private final AtomicInteger stopsAsked = new AtomicInteger();

    PartWatchTest() {
        watch.whenFailed(stopsAsked::incrementAndGet);
    }

    @Test
    void anErrorEscapingAPartsThreadFailsThatPartWithItsCauseAndAsksForTheStop() throws Exception {
        Thread thread = watch.threads(Part.CONTROL).newThread(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        thread.start();
        thread.join(5_000);

        List<PartWatch.Failure> failures = watch.failures();
        assertEquals(1, failures.size());
        assertEquals("the control port failed: java.lang.OutOfMemoryError: Java heap space", failures.get(0).reason());
        assertEquals(1, stopsAsked.get());
    }

    @Test
    void aSecondFailureOfThePartIsCountedAndKeepsTheFirstCause() {
        watch.failed(Part.FORWARDER, new StackOverflowError("first"));
        watch.failed(Part.FORWARDER, new OutOfMemoryError("second"));

        PartWatch.Failure failure = watch.failures().get(0);
        assertEquals(2, failure.count());
        assertEquals("java.lang.StackOverflowError: first", failure.cause());
    }

    @Test
    void theProcessWideHandlerTellsThePartByTheThreadsName() throws Exception {
        Thread sync = new Thread(() -> {
            throw new InternalError("disk");
        }, "ziggy-queue-sync spool");
        sync.setUncaughtExceptionHandler(watch.anyThread());
        sync.start();
        sync.join(5_000);

        assertEquals(Part.QUEUE_SYNC, watch.failures().get(0).part());
    }

    @Test
    void aJeroMqIoThreadKilledByAnErrorFailsTheZeromqPart() {
        // Never closed: a context whose I/O thread is dead waits forever in close (why ziggyd's stop has a deadline).
        ZContext context = new ZContext(1);
        watch.watch(context);
        sendThrough(context, size -> {
            throw new OutOfMemoryError("announced 1 GiB");
        });

        await().atMost(Duration.ofSeconds(10)).until(watch::anyFailed);
        assertEquals("a ZeroMQ I/O thread failed: java.lang.OutOfMemoryError: announced 1 GiB", watch.failures().get(0).reason());
    }

    @Test
    void anExceptionJeroMqCatchesAndSurvivesIsNoFailureAndNoStackTraceOnStderr() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (ZContext context = new ZContext(1)) {
            watch.watch(context);
            ZMQ.Socket pull = sendThrough(context, size -> {
                throw new IllegalStateException("a handler failed");
            });
            watch.stopping();
            ZMQ.Socket pullWhileStopping = sendThrough(context, size -> {
                throw new IllegalStateException("while stopping");
            });

            // JeroMQ goes on: a PULL without the failing allocator still receives over the same I/O thread.
            ZMQ.Socket healthy = context.createSocket(SocketType.PULL);
            int port = healthy.bindToRandomPort("tcp://127.0.0.1");
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setHandshakeIvl(250); // JeroMQ 0.6.0 leaves a fresh connection stuck in its greeting now and then: redial
            push.connect("tcp://127.0.0.1:" + port);
            push.send("still works");
            healthy.setReceiveTimeOut(5_000);
            assertEquals("still works", healthy.recvStr());
            pull.close();
            pullWhileStopping.close();
        } finally {
            System.setErr(stderr);
        }
        assertFalse(watch.anyFailed(), watch.failures().toString());
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains("at zmq."), printed.toString(StandardCharsets.UTF_8));
    }

    /**
     * A PULL with {@code allocator} and a PUSH that sends it a message: the allocator runs on the I/O
     * thread, for the peer's READY and the message, as it does for a frame a peer announces.
     */
    private static ZMQ.Socket sendThrough(ZContext context, MsgAllocator allocator) {
        ZMQ.Socket pull = context.createSocket(SocketType.PULL);
        pull.setMsgAllocator(allocator);
        int port = pull.bindToRandomPort("tcp://127.0.0.1");
        ZMQ.Socket push = context.createSocket(SocketType.PUSH);
        push.setHandshakeIvl(250); // a greeting JeroMQ leaves stuck is dropped and dialed again, the message kept
        push.connect("tcp://127.0.0.1:" + port);
        push.send(new byte[] {1}, ZMQ.DONTWAIT);
        return pull;
    }
}
