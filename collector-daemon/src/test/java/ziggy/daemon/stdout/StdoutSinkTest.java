package ziggy.daemon.stdout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ziggy.daemon.watch.Part;
import ziggy.daemon.watch.PartWatch;
import ziggy.testing.TestEvents;

class StdoutSinkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final PartWatch parts = new PartWatch();
    private StdoutSink sink;

    @AfterEach
    void close() {
        if (sink != null) {
            sink.close();
        }
        assertFalse(parts.anyFailed(), () -> "the writer failed: " + parts.failures());
    }

    /** What reached "stdout", safe to read while the writer writes. */
    private static class Collected extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    /** A stdout whose writes wait until {@link #open} is called: a pipe nobody reads yet. */
    private static final class Stuck extends Collected {
        private final CountDownLatch opened = new CountDownLatch(1);

        void open() {
            opened.countDown();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                opened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.write(b, off, len);
        }
    }

    private StdoutSink sink(OutputStream out, int ringBytes) {
        sink = new StdoutSink(out, ringBytes, parts.threads(Part.STDOUT));
        return sink;
    }

    private static boolean offer(StdoutSink sink, String type, String id) {
        byte[] event = TestEvents.bytes(BsonDocument.parse("{type: '" + type + "', id: '" + id + "', start: 0.25, "
                + "body: {level: 'INFO', logger: 'app', message: 'm " + id + "'}}"));
        ByteBuffer buffer = ByteBuffer.allocateDirect(event.length + 10);
        buffer.put(5, event);
        return sink.offer(type.getBytes(StandardCharsets.US_ASCII), buffer, 5, event.length);
    }

    @Test
    void offIsTheStartAndTakesNothing() {
        StdoutSink off = sink(new Collected(), 1 << 16);
        assertTrue(offer(off, "request", "a"));
        assertEquals(StdoutFormat.OFF, off.format());
        assertEquals(0, off.written());
        assertEquals(0, off.bufferedBytes());
    }

    @Test
    void formatAndOnOffSwitchWhileRunning() {
        Collected out = new Collected();
        StdoutSink live = sink(out, 1 << 16);
        live.switchTo(StdoutFormat.JSON);
        offer(live, "log.app", "1");
        await().atMost(WAIT).until(() -> live.written() == 1);
        live.switchTo(StdoutFormat.TEXT);
        assertEquals(StdoutFormat.TEXT, live.format());
        offer(live, "log.app", "2");
        offer(live, "request", "3");
        await().atMost(WAIT).until(() -> live.written() == 3);
        live.switchTo(StdoutFormat.OFF);
        assertEquals(StdoutFormat.OFF, live.format());
        offer(live, "log.app", "taken-while-off");
        live.switchTo(StdoutFormat.JSON);
        offer(live, "log.app", "4");
        await().atMost(WAIT).until(() -> live.written() == 4);
        List<String> lines = out.lines();
        assertEquals(4, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("{\"type\": \"log.app\", \"id\": \"1\""), lines.get(0));
        assertEquals("1970-01-01T00:00:00.250Z INFO app: m 2", lines.get(1));
        assertTrue(lines.get(2).startsWith("{\"type\": \"request\", \"id\": \"3\""), lines.get(2));
        assertTrue(lines.get(3).startsWith("{\"type\": \"log.app\", \"id\": \"4\""), lines.get(3));
        assertEquals(0, live.dropped());
    }

    @Test
    void eventsBufferedAtASwitchAreAllWrittenInTheFormatInForceWhenWritten() {
        Stuck out = new Stuck();
        StdoutSink live = sink(out, 1 << 16);
        live.switchTo(StdoutFormat.JSON);
        offer(live, "log.app", "1");
        // The writer holds event 1 in a write that waits; 2..5 wait in the ring across the switches.
        await().atMost(WAIT).until(() -> live.bufferedBytes() == 0);
        for (int i = 2; i <= 5; i++) {
            assertTrue(offer(live, "log.app", Integer.toString(i)));
        }
        live.switchTo(StdoutFormat.TEXT);
        live.switchTo(StdoutFormat.OFF);
        out.open();
        await().atMost(WAIT).until(() -> live.written() == 5);
        List<String> lines = out.lines();
        assertTrue(lines.get(0).startsWith("{"), lines.get(0));
        for (int i = 2; i <= 5; i++) {
            assertEquals("1970-01-01T00:00:00.250Z INFO app: m " + i, lines.get(i - 1));
        }
        assertEquals(0, live.dropped());
    }

    @Test
    void aFullBufferDropsEventsForStdoutOnlyCountedAndWritingResumesOnceRead() {
        Stuck out = new Stuck();
        StdoutSink live = sink(out, 4096);
        live.switchTo(StdoutFormat.JSON);
        int offered = 200;
        int dropped = 0;
        for (int i = 0; i < offered; i++) {
            dropped += offer(live, "request", "e" + i) ? 0 : 1;
        }
        int refused = dropped;
        assertTrue(refused > 0, "a 4 KiB ring holds fewer than 200 events of ~100 bytes");
        assertEquals(refused, live.dropped());
        assertTrue(live.bufferedBytes() > 0);
        out.open();
        await().atMost(WAIT).until(() -> live.written() == offered - refused);
        assertEquals(offered - refused, out.lines().size());
        assertTrue(offer(live, "request", "after"));
        await().atMost(WAIT).until(() -> live.written() == offered - refused + 1);
        BsonDocument status = new BsonDocument();
        live.appendTo(status);
        assertEquals(BsonDocument.parse("{stdout: {format: 'json', written: {$numberLong: '" + live.written()
                + "'}, dropped: {$numberLong: '" + refused + "'}, write_errors: {$numberLong: '0'}, "
                + "buffered_bytes: {$numberLong: '0'}}}"), status);
    }

    @Test
    void aClosedStdoutIsCountedAndLoggedNotAFailedPart() {
        Collected good = new Collected();
        OutputStream brokenThenGood = new OutputStream() {
            volatile boolean broken = true;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (broken) {
                    broken = false;
                    throw new IOException("Broken pipe");
                }
                good.write(b, off, len);
            }
        };
        StdoutSink live = sink(brokenThenGood, 1 << 16);
        live.switchTo(StdoutFormat.JSON);
        offer(live, "request", "lost");
        await().atMost(WAIT).until(() -> live.writeErrors() == 1);
        assertEquals(1, live.dropped());
        offer(live, "request", "kept");
        await().atMost(WAIT).until(() -> live.written() == 1);
        assertEquals(1, good.lines().size());
        assertTrue(good.lines().get(0).contains("\"kept\""));
    }
}
