package ziggy.protocol.event;

/**
 * What {@link EventScanner} found in one event: where the top-level {@code type} and {@code host}
 * strings lie in the scanned buffer (their bytes, without the string's length prefix or its 0x00),
 * and the numeric values of {@code start} and {@code end}; and whether the bytes were a well-formed
 * document even when they were no event. Reused from event to event so that the hot path allocates
 * nothing; valid until the next scan.
 */
public final class ScannedEvent {
    int typeOffset;
    int typeLength;
    int hostOffset;
    int hostLength;
    double start;
    double end;
    RejectReason reason;
    boolean wellFormed;

    void reset() {
        typeOffset = -1;
        typeLength = 0;
        hostOffset = -1;
        hostLength = 0;
        start = Double.NaN;
        end = Double.NaN;
        reason = null;
        wellFormed = false;
    }

    /** Why the last scan rejected the event, or null when it was accepted. */
    public RejectReason reason() {
        return reason;
    }

    /**
     * Whether the bytes were exactly one well-formed BSON document, event or not: true when the scan
     * accepted the event, and when it rejected it only for its {@code type} (missing, not a string,
     * or a bad name). A reader of files of any BSON documents asks this; the collect path asks
     * {@link #reason()}.
     */
    public boolean wellFormed() {
        return wellFormed;
    }

    /** Absolute position of the type name's first byte in the scanned buffer. */
    public int typeOffset() {
        return typeOffset;
    }

    /** The type name's length in bytes (ASCII, so also in characters). */
    public int typeLength() {
        return typeLength;
    }

    /** Whether the event has a top-level string {@code host}. */
    public boolean hasHost() {
        return hostOffset >= 0;
    }

    public int hostOffset() {
        return hostOffset;
    }

    public int hostLength() {
        return hostLength;
    }

    /** {@code start} in seconds since the epoch, or NaN when absent or not a number. */
    public double start() {
        return start;
    }

    /** {@code end} in seconds since the epoch, or NaN when absent or not a number. */
    public double end() {
        return end;
    }
}
