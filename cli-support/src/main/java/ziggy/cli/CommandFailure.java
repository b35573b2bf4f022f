package ziggy.cli;

/**
 * A failure the user can act on (a missing folder, an unwritable output), said in one line on
 * stderr with exit status 1 by {@link ErrorReporting}; never a bug, so never a stack trace.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }
}
