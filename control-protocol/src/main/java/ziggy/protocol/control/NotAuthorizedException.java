package ziggy.protocol.control;

/**
 * The daemon answered an admin command (SHUTDOWN and the others that change it) with
 * {@code {error: "Not Authorized"}}: the request carried neither its admin token nor came from an
 * admin's CURVE key. A tool says which token it tried and how to give another.
 */
public final class NotAuthorizedException extends ControlException {
    private static final long serialVersionUID = 1L;

    public NotAuthorizedException(String message) {
        super(message);
    }
}
