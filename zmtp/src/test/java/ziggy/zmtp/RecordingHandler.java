package ziggy.zmtp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps a copy of every message it is handed, for tests to compare with what was sent. */
class RecordingHandler implements MessageHandler {
    final List<List<byte[]>> messages = new CopyOnWriteArrayList<>();
    final List<Long> oversized = new CopyOnWriteArrayList<>();
    final AtomicLong loopTurns = new AtomicLong();

    @Override
    public void onMessage(ByteBuffer buffer, int offset, int length) {
        messages.add(List.of(copy(buffer, offset, length)));
    }

    @Override
    public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
        List<byte[]> frames = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            frames.add(copy(buffer, offsets[i], lengths[i]));
        }
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

    private static byte[] copy(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }
}
