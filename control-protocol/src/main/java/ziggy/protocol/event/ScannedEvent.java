package ziggy.protocol.event;

/**
 * What {@link EventScanner} found in one event: where the top-level {@code type} and {@code host}
 * strings lie in the scanned buffer (their bytes, without the string's length prefix or its 0x00),
 * and the numeric values of {@code start} and {@code end}. Reused from event to event so that the
 * hot path allocates nothing; valid until the next scan.
 */
public final class ScannedEvent {
    int typeOffset;
    int typeLength;
    int hostOffset;
    int hostLength;
    double start;
    double end;
    RejectReason reason;

    void reset() {
        typeOffset = -1;
        typeLength = 0;
        hostOffset = -1;
        hostLength = 0;
        start = Double.NaN;
        end = Double.NaN;
        reason = null;
    }

    /** Why the last scan rejected the event, or null when it was accepted. */
    public RejectReason reason() {
        return reason;
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
