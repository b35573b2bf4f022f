package ziggy.daemon.collect;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ziggy.storage.custody.EventStore;

/** A store in memory: every event appended, its type and day; the test says what is durable and what it refuses. */
final class ListStore implements EventStore<String> {
    record Appended(String type, int day, byte[] bytes) {
    }

    final List<Appended> appended = new ArrayList<>();
    final List<Map<String, Long>> persisted = new ArrayList<>();
    boolean takes = true;
    boolean notesBatches = true;
    long durable;
    /** Read by an intake when it is made: set it before. */
    int largestEvent = Integer.MAX_VALUE;

    @Override
    public String perType(String type) {
        return type;
    }

    @Override
    public long append(String type, int day, ByteBuffer source, int offset, int length, long nanoTime) {
        if (!takes) {
            return -1;
        }
        byte[] bytes = new byte[length];
        source.get(offset, bytes);
        appended.add(new Appended(type, day, bytes));
        return appended.size();
    }

    @Override
    public int largestEvent() {
        return largestEvent;
    }

    @Override
    public long appendedPosition() {
        return appended.size();
    }

    @Override
    public long onTick(long nanoTime) {
        return durable;
    }

    @Override
    public boolean beforeBatchEvents() {
        return notesBatches;
    }

    @Override
    public boolean persistMarks(Map<String, Long> durableMarks) {
        persisted.add(durableMarks);
        return true;
    }

    @Override
    public long close() {
        return durable;
    }
}
