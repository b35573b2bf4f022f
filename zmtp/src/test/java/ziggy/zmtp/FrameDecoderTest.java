package ziggy.zmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * The frame parser alone, fed a byte stream cut into pieces of every awkward size, with a 4 KiB
 * buffer so that messages larger than the buffer and compaction are exercised with small data.
 */
class FrameDecoderTest {
    private static final int BUFFER = 4096;
    private static final RateLimitedLog LOG = new RateLimitedLog(System.getLogger(FrameDecoderTest.class.getName()));

    private final RecordingHandler handler = new RecordingHandler();
    private final List<String> commands = new ArrayList<>();
    private final ReceiveBudget budget = new ReceiveBudget(1L << 30);
    private final ZmtpCounters counters = new ZmtpCounters(budget);

    @ParameterizedTest(name = "read {0} bytes at a time")
    @ValueSource(ints = {1, 2, 3, 8, 9, 10, 255, 1000, 4096, 1 << 20})
    void everyMessageArrivesWholeAndInOrderHoweverTheStreamIsCut(int piece) throws Exception {
        List<List<byte[]>> sent = new ArrayList<>();
        int[] sizes = {0, 1, 254, 255, 256, 257, 4000, 4095, 4096, 4097, 10_000, 65_536, 3, 0};
        for (int i = 0; i < sizes.length; i++) {
            sent.add(List.of(WireBytes.patterned(sizes[i], i)));
        }
        sent.add(List.of(WireBytes.patterned(10, 100), WireBytes.patterned(300, 101), WireBytes.patterned(0, 102)));
        sent.add(List.of(WireBytes.patterned(3000, 103), WireBytes.patterned(3000, 104), WireBytes.patterned(5000, 105)));
        sent.add(List.of(WireBytes.patterned(243, 106)));

        FrameDecoder decoder = readyDecoder(ZmtpOptions.defaults().withReceiveBufferBytes(BUFFER));
        feed(decoder, stream(sent, true), piece);

        assertSameMessages(sent, handler.messages);
        assertEquals(List.of("PING"), commands);
        assertFalse(decoder.hasPartialMessage());
    }

    @Test
    void anOversizedMessageIsSkippedAndTheNextOnesStillArrive() throws Exception {
        List<List<byte[]>> sent = List.of(
                List.of(WireBytes.patterned(100, 1)),
                List.of(WireBytes.patterned(1001, 2)),
                List.of(WireBytes.patterned(100, 3)),
                List.of(WireBytes.patterned(600, 4), WireBytes.patterned(600, 5), WireBytes.patterned(600, 6)),
                List.of(WireBytes.patterned(1000, 7)),
                List.of(WireBytes.patterned(400, 8), WireBytes.patterned(600, 9)));
        FrameDecoder decoder = readyDecoder(ZmtpOptions.defaults().withReceiveBufferBytes(BUFFER).withMaxMessageBytes(1000));

        feed(decoder, stream(sent, false), 7);

        assertSameMessages(List.of(sent.get(0), sent.get(2), sent.get(4), sent.get(5)), handler.messages);
        // Reported when the header that passes the maximum arrives: the second frame of the 1,800-byte one.
        assertEquals(List.of(1001L, 1200L), handler.oversized);
        assertEquals(2, counters.oversizedMessages());
    }

    @Test
    void aMessageOfMoreFramesThanAllowedIsSkipped() throws Exception {
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(WireBytes.patterned(1, i));
        }
        List<List<byte[]>> sent = List.of(many, many.subList(0, 4));
        FrameDecoder decoder = readyDecoder(ZmtpOptions.defaults().withReceiveBufferBytes(BUFFER).withMaxFramesPerMessage(4));

        feed(decoder, stream(sent, false), 3);

        assertSameMessages(List.of(many.subList(0, 4)), handler.messages);
        assertEquals(List.of(5L), handler.oversized);
    }

    @Test
    void aFrameCutShortIsReportedAsAPartialMessage() throws Exception {
        byte[] whole = WireBytes.message(List.of(WireBytes.patterned(5000, 1)));
        FrameDecoder decoder = readyDecoder(ZmtpOptions.defaults().withReceiveBufferBytes(BUFFER));

        feed(decoder, java.util.Arrays.copyOf(whole, 3000), 1000);

        assertTrue(decoder.hasPartialMessage());
        assertEquals(3000, decoder.partialMessageBytes());
        assertEquals(0, handler.count());
    }

    @Test
    void aMessageBeforeReadyIsAProtocolError() {
        FrameDecoder decoder = new FrameDecoder(new ReceiveBufferPool(BUFFER, budget, counters, LOG), ZmtpOptions.defaults(), counters, LOG, "test", e -> {
            throw e;
        });
        PeerRefusal refusal = assertThrows(PeerRefusal.class,
                () -> feed(decoder, WireBytes.message(List.of(new byte[1])), 100));
        assertEquals(RefusalReason.PROTOCOL_ERROR, refusal.reason());
    }

    @Test
    void aCommandInsideAMultipartMessageIsAProtocolError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WireBytes.frame(FrameDecoder.FLAG_MORE, new byte[3]));
        out.writeBytes(WireBytes.command("PING", new byte[2]));
        FrameDecoder decoder = readyDecoder(ZmtpOptions.defaults());
        PeerRefusal refusal = assertThrows(PeerRefusal.class, () -> feed(decoder, out.toByteArray(), 100));
        assertEquals(RefusalReason.PROTOCOL_ERROR, refusal.reason());
    }

    @Test
    void aHandlerThatThrowsCostsOnlyItsOwnMessage() throws Exception {
        List<RuntimeException> failures = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        MessageHandler failsOnEmpty = new RecordingHandler() {
            @Override
            public void onMessage(ByteBuffer buffer, int offset, int length) {
                if (length == 0) {
                    throw new IllegalStateException("a bug");
                }
                lengths.add(length);
            }
        };
        FrameDecoder decoder = new FrameDecoder(new ReceiveBufferPool(BUFFER, budget, counters, LOG), ZmtpOptions.defaults(), counters, LOG, "test", failures::add);
        decoder.allowMessages();
        byte[] stream = stream(List.of(List.of(new byte[1]), List.of(new byte[0]), List.of(new byte[2])), false);
        ReadableByteChannel channel = new PieceChannel(stream, 100);
        while (decoder.readFrom(channel) > 0) {
            decoder.decode(failsOnEmpty, (b, o, l) -> { });
        }
        assertEquals(List.of(1, 2), lengths);
        assertEquals(1, failures.size());
    }

    private FrameDecoder readyDecoder(ZmtpOptions options) {
        FrameDecoder decoder = new FrameDecoder(new ReceiveBufferPool(options.receiveBufferBytes(), budget, counters, LOG), options, counters, LOG, "test", e -> {
            throw e;
        });
        decoder.allowMessages();
        return decoder;
    }

    private void feed(FrameDecoder decoder, byte[] stream, int piece) throws Exception {
        ReadableByteChannel channel = new PieceChannel(stream, piece);
        while (decoder.readFrom(channel) > 0) {
            decoder.decode(handler, (buffer, offset, length) -> commands.add(Commands.name(buffer, offset, length)));
        }
    }

    /** The messages end to end, with a PING in the middle when {@code withPing}. */
    private static byte[] stream(List<List<byte[]>> messages, boolean withPing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < messages.size(); i++) {
            if (withPing && i == messages.size() / 2) {
                out.writeBytes(WireBytes.command("PING", new byte[] {0, 10, 'c', 't', 'x'}));
            }
            out.writeBytes(WireBytes.message(messages.get(i)));
        }
        return out.toByteArray();
    }

    static void assertSameMessages(List<List<byte[]>> expected, List<List<byte[]>> actual) {
        assertEquals(expected.size(), actual.size(), "message count");
        for (int m = 0; m < expected.size(); m++) {
            assertEquals(expected.get(m).size(), actual.get(m).size(), "frames of message " + m);
            for (int f = 0; f < expected.get(m).size(); f++) {
                assertArrayEquals(expected.get(m).get(f), actual.get(m).get(f), "message " + m + " frame " + f);
            }
        }
    }
}
