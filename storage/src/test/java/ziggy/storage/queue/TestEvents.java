package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Events with a known pattern for queue tests. Like BSON documents they begin with their own length
 * (int32, little-endian), so a batch read end to end can be split again; then the event's id (int64)
 * and filler bytes derived from the id, so that any damaged byte shows.
 */
final class TestEvents {
    private TestEvents() {
    }

    /** An event for {@code id}, of a size between 12 and 12 + 300 bytes chosen by the id. */
    static byte[] of(long id) {
        return of(id, 12 + Math.floorMod(id * 7919, 301));
    }

    static byte[] of(long id, int size) {
        ByteBuffer event = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        event.putInt(size).putLong(id);
        while (event.hasRemaining()) {
            event.put((byte) (id * 31 + event.position()));
        }
        return event.array();
    }

    static long idOf(byte[] event) {
        return ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN).getLong(4);
    }

    static long append(DiskQueue queue, byte[] event) {
        return queue.append(ByteBuffer.wrap(event), 0, event.length);
    }

    /** One event read back, with the seq the queue gave it. */
    record Read(long seq, byte[] event) {
        long id() {
            return idOf(event);
        }
    }

    /** Everything visible from {@code fromSeq} on, read in batches of up to {@code batch} events. */
    static List<Read> readAll(DiskQueue queue, long fromSeq, int batch) throws IOException {
        try (QueueCursor cursor = queue.cursor(fromSeq)) {
            return drain(cursor, batch);
        }
    }

    static List<Read> readAll(DiskQueue queue, long fromSeq) throws IOException {
        return readAll(queue, fromSeq, 1000);
    }

    static List<Read> drain(QueueCursor cursor, int batch) throws IOException {
        List<Read> all = new ArrayList<>();
        ByteBuffer dst = ByteBuffer.allocate(1 << 20);
        while (true) {
            dst.clear();
            int n = cursor.read(dst, batch);
            if (n == 0) {
                return all;
            }
            dst.flip();
            long seq = cursor.batchFirstSeq();
            for (int i = 0; i < n; i++) {
                int size = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(dst.position());
                byte[] event = new byte[size];
                dst.get(event);
                all.add(new Read(seq + i, event));
            }
            if (dst.hasRemaining()) {
                throw new AssertionError(dst.remaining() + " bytes left over after " + n + " events");
            }
        }
    }
}
