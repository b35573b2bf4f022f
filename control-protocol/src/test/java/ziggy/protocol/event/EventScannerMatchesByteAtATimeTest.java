package ziggy.protocol.event;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import ziggy.protocol.control.ControlReplies;

/**
 * Holds {@link EventScanner}, which reads eight bytes at a time, to {@link ByteAtATimeEventScanner},
 * the walk it replaced: on every input both must give the same verdict, the same reason and the same
 * fields. The inputs put every interesting byte (0x00, ASCII, each kind of UTF-8 lead and
 * continuation byte, 0xFF) at every offset of documents whose keys and strings have lengths 0 to 24,
 * cut and extend them at every length, and place each frame four ways: at offset 0 of a heap buffer,
 * in a direct buffer that ends exactly where the frame does, and at odd offsets with bytes after the
 * frame that are zero or not, in both byte orders, so a read past the frame would show.
 */
class EventScannerMatchesByteAtATimeTest {
    private static final int[] INTERESTING_BYTES = {0x00, 0x01, 0x02, 0x05, 0x10, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF,
        0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};

    private final EventScanner scanner = new EventScanner();
    private final ByteAtATimeEventScanner reference = new ByteAtATimeEventScanner();
    private final ScannedEvent fast = new ScannedEvent();
    private final ScannedEvent slow = new ScannedEvent();
    private final Random random = new Random(20261123L);

    @Test
    void everyInterestingByteAtEveryOffsetGetsTheSameVerdict() {
        for (byte[] document : documents()) {
            for (int at = 0; at < document.length; at++) {
                for (int value : INTERESTING_BYTES) {
                    byte[] frame = document.clone();
                    frame[at] = (byte) value;
                    assertSameVerdict(frame);
                }
            }
        }
    }

    @Test
    void everyCutAndEveryExtensionGetsTheSameVerdict() {
        for (byte[] document : documents()) {
            for (int length = 0; length <= document.length + 9; length++) {
                assertSameVerdict(Arrays.copyOf(document, length));
            }
        }
    }

    @Test
    void randomDamageGetsTheSameVerdict() {
        List<byte[]> documents = documents();
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = documents.get(random.nextInt(documents.size())).clone();
            for (int k = 0; k <= random.nextInt(4); k++) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            assertSameVerdict(Arrays.copyOf(frame, frame.length - random.nextInt(Math.min(frame.length, 12))));
        }
    }

    /** Events whose keys and strings have every length the eight-byte reads treat differently. */
    private static List<byte[]> documents() {
        BsonDocument lengths = new BsonDocument("type", new BsonString("request"));
        for (int n = 0; n <= 17; n++) {
            lengths.append("k".repeat(n), new BsonString("v".repeat(n)));
        }
        lengths.append("start", new BsonDouble(1.5)).append("host", new BsonString("web-1")).append("end", new BsonInt32(2));

        BsonDocument text = new BsonDocument("host", new BsonString("é-host"))
                .append("ключ", new BsonString("日本語 and ascii after it"))
                .append("emoji😀", new BsonString("😀".repeat(5)))
                .append("nul", new BsonString("a\u0000b\u0000".repeat(4)))
                .append("type", new BsonString("t.x"))
                .append("end", new BsonDouble(3.25));

        BsonDocument shapes = new BsonDocument("start", new BsonInt32(7))
                .append("body", new BsonDocument("path", new BsonString("/api/v1/items/12345"))
                        .append("tags", new BsonArray(List.of(new BsonString("a"), new BsonString("bcdefghij")))))
                .append("re", new BsonRegularExpression("^abcdefghij.*é$", "imx"))
                .append("code", new BsonJavaScriptWithScope("return x + 1234567;", new BsonDocument("x", new BsonInt32(1))))
                .append("bin", new BsonBinary(new byte[] {0, 0, 0, 0, (byte) 0x80, 1, 2, 3, 4}))
                .append("type", new BsonString("job-run_2"));

        return List.of(ControlReplies.encode(lengths), ControlReplies.encode(text), ControlReplies.encode(shapes),
                ControlReplies.encode(new BsonDocument("type", new BsonString("a"))), ControlReplies.encode(new BsonDocument()));
    }

    private void assertSameVerdict(byte[] frame) {
        assertSameVerdict(frame, ByteBuffer.wrap(frame), 0, "heap at 0");
        assertSameVerdict(frame, placed(frame, 3, 0, ByteOrder.LITTLE_ENDIAN, 0), 3, "direct, ending with the frame");
        assertSameVerdict(frame, placed(frame, 11, 16, ByteOrder.BIG_ENDIAN, 'A'), 11, "direct, big-endian, 'A' after");
        assertSameVerdict(frame, placed(frame, 6, 9, ByteOrder.LITTLE_ENDIAN, 0), 6, "direct, zeros after");
    }

    private static ByteBuffer placed(byte[] frame, int offset, int after, ByteOrder order, int filler) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(offset + frame.length + after).order(order);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) filler);
        }
        buffer.put(offset, frame);
        return buffer;
    }

    private void assertSameVerdict(byte[] frame, ByteBuffer buffer, int offset, String placement) {
        boolean fastAccepted = scanner.scan(buffer, offset, frame.length, fast);
        boolean slowAccepted = reference.scan(buffer, offset, frame.length, slow);
        if (fastAccepted != slowAccepted || fast.reason != slow.reason
                || fast.typeOffset != slow.typeOffset || fast.typeLength != slow.typeLength
                || fast.hostOffset != slow.hostOffset || fast.hostLength != slow.hostLength
                || Double.compare(fast.start, slow.start) != 0 || Double.compare(fast.end, slow.end) != 0) {
            fail(placement + ": fast " + describe(fastAccepted, fast) + " but byte at a time " + describe(slowAccepted, slow)
                    + " for " + HexFormat.of().formatHex(frame));
        }
    }

    private static String describe(boolean accepted, ScannedEvent event) {
        return (accepted ? "accepted" : "rejected as " + event.reason) + " (type " + event.typeOffset + "+" + event.typeLength
                + ", host " + event.hostOffset + "+" + event.hostLength + ", start " + event.start + ", end " + event.end + ")";
    }
}
