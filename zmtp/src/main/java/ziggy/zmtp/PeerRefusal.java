package ziggy.zmtp;

/**
 * Thrown inside the endpoint when a peer must be disconnected: carries the counted reason and a
 * one-line detail for the log. Expected input, not a bug, so it carries no stack trace.
 */
final class PeerRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final RefusalReason reason;

    PeerRefusal(RefusalReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    RefusalReason reason() {
        return reason;
    }
}
