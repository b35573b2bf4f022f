package ziggy.protocol.control;

/**
 * A control request that got no usable answer: no reply within the timeout, an error reply, or a
 * reply that is not BSON. The message is one line for a user, naming the daemon's address.
 */
public class ControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ControlException(String message) {
        super(message);
    }
}
