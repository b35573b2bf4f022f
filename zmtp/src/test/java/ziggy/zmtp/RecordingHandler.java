package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a copy of every message it is handed, for tests to compare with what was sent, and the CURVE key
 * the endpoint said it came from.
 */
class RecordingHandler implements MessageHandler {
    final List<List<byte[]>> messages = new CopyOnWriteArrayList<>();
    /** Per message, at the same index: the key of {@link #fromPeer} then (null without CURVE). */
    final List<Optional<byte[]>> peerKeys = new CopyOnWriteArrayList<>();
    /** Per message, at the same index: the address of {@link #fromPeer} then. */
    final List<String> peerAddresses = new CopyOnWriteArrayList<>();
    private byte[] peerKey;
    private String peerAddress;
    final List<Long> oversized = new CopyOnWriteArrayList<>();
    final AtomicLong loopTurns = new AtomicLong();

    @Override
    public void fromPeer(String address, byte[] curveClientKey) {
        peerAddress = address;
        peerKey = curveClientKey;
    }

    @Override
    public void onMessage(ByteBuffer buffer, int offset, int length) {
        peerKeys.add(Optional.ofNullable(peerKey));
        peerAddresses.add(peerAddress);
        messages.add(List.of(copy(buffer, offset, length)));
    }

    @Override
    public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
        List<byte[]> frames = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            frames.add(copy(buffer, offsets[i], lengths[i]));
        }
        peerKeys.add(Optional.ofNullable(peerKey));
        peerAddresses.add(peerAddress);
        messages.add(frames);
    }

    @Override
    public void onOversizedMessage(long messageBytes) {
        oversized.add(messageBytes);
    }

    @Override
    public void onLoopTurn(long nanoTime) {
        loopTurns.incrementAndGet();
    }

    int count() {
        return messages.size();
    }

    /** Waits until {@code expected} messages have arrived; says what the endpoint counted if they do not. */
    void awaitCount(int expected, ZmtpPullServer server) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertEquals(expected, count(), "messages received; endpoint: " + server.counters()));
    }

    private static byte[] copy(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }
}
