package ziggy.view;

/** A failure the user can act on, said in one line on stderr with exit status 1; never a bug. */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
