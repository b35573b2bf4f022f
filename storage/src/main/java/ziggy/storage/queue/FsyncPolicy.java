package ziggy.storage.queue;

/**
 * When appended records are forced to the disk ({@code --fsync}). Each choice trades the append rate
 * against what a crash can take; {@code docs/queue.md} says exactly what each one risks.
 *
 * <ul>
 *   <li>{@code batch}: every {@link DiskQueue#endBatch()} writes and fsyncs before it returns. A kill -9
 *       or a power loss loses nothing that {@code endBatch} returned for.</li>
 *   <li>{@code interval:<ms>}: records are written to the OS at each batch end and fsynced every
 *       {@code ms} milliseconds. A kill -9 loses nothing written; a power loss loses at most the last
 *       {@code ms} of events.</li>
 *   <li>{@code never}: records are written to the OS at each batch end (and at least every 100 ms) and
 *       never forced. A kill -9 loses nothing written; a power loss loses whatever the OS had not yet
 *       written back (typically up to 30 s).</li>
 * </ul>
 */
public sealed interface FsyncPolicy {

    /**
     * The default, {@code interval:25}: a record reaches the forwarder at the fsync after its append, so
     * the interval is most of an agent's forwarding latency, and a shorter one also sends smaller bursts
     * up the stream. Measured against 100 ms (docs/queue.md): the same throughput, a quarter of the latency.
     */
    String DEFAULT_TEXT = "interval:25";
    /** {@link #DEFAULT_TEXT}, parsed. */
    FsyncPolicy DEFAULT = parse(DEFAULT_TEXT);

    /** fsync at the end of every batch. */
    record Batch() implements FsyncPolicy {
        @Override
        public String toString() {
            return "batch";
        }
    }

    /** fsync every {@code millis} milliseconds, from a background thread. */
    record Interval(long millis) implements FsyncPolicy {
        public Interval {
            if (millis < 1) {
                throw new IllegalArgumentException("fsync interval must be at least 1 ms, got " + millis);
            }
        }

        @Override
        public String toString() {
            return "interval:" + millis;
        }
    }

    /** Never fsync; the OS writes back when it likes. */
    record Never() implements FsyncPolicy {
        @Override
        public String toString() {
            return "never";
        }
    }

    /**
     * Parses the flag's value: {@code batch}, {@code interval:<ms>} or {@code never}.
     *
     * @throws IllegalArgumentException with a one-line message naming the accepted forms
     */
    public static FsyncPolicy parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.equals("batch")) {
            return new Batch();
        }
        if (value.equals("never")) {
            return new Never();
        }
        if (value.startsWith("interval:")) {
            String millis = value.substring("interval:".length());
            try {
                return new Interval(Long.parseLong(millis));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--fsync interval is not a whole number of milliseconds: '" + millis + "'");
            }
        }
        throw new IllegalArgumentException("--fsync must be batch, interval:<ms> or never, got '" + value + "'");
    }
}
