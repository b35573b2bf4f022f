package ziggy.storage.queue;

import java.util.Locale;

/** What {@link DiskQueue#append} does when the queue holds {@code max bytes} ({@code --queue-full}). */
public enum FullPolicy {
    /** The appending thread waits until acknowledgements free a segment; upstream of it, senders back up. */
    BLOCK,
    /** The oldest segment is deleted, acknowledged or not; every unacknowledged event in it is counted as dropped. */
    DROP_OLDEST;

    /** Parses {@code block} or {@code drop-oldest}, failing with a one-line message. */
    public static FullPolicy parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "block" -> BLOCK;
            case "drop-oldest" -> DROP_OLDEST;
            default -> throw new IllegalArgumentException("--queue-full must be block or drop-oldest, got '" + value + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
