package ziggy.protocol.control;

/**
 * The largest control messages, set as {@code ZMQ_MAXMSGSIZE} on every socket of the control port, so
 * that a peer announcing a huge frame is cut off by JeroMQ's decoder (it compares the announced size
 * with the limit before it allocates) instead of making the receiving side allocate what it claims.
 */
public final class ControlLimits {
    /**
     * A request: a command name and a few small fields ({@code src}, {@code token}). 64 KiB is hundreds
     * of times the largest real one.
     */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /**
     * A reply: STATUS is the largest, at most about 2.4 MB for its 10,000 types (a 200-byte name and two
     * numbers each) and 1.1 MB for its 4,096 hosts (names as DNS bounds them, 253 bytes), plus the fixed
     * sections; 8 MiB leaves room to spare.
     */
    public static final int MAX_REPLY_BYTES = 8 * 1024 * 1024;

    private ControlLimits() {
    }
}
