package ziggy.protocol.endpoint;

/** A {@code HOST:PORT} a user wrote that cannot be used; the message is one line for that user. */
public final class BadEndpointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadEndpointException(String message) {
        super(message);
    }
}
