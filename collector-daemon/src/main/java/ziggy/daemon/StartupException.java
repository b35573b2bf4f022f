package ziggy.daemon;

/** The daemon cannot start for a reason its operator can fix (a port in use, a folder it cannot write); one line. */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }
}
