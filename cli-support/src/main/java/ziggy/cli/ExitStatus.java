package ziggy.cli;

/** The exit statuses every Ziggy tool uses, so scripts can tell a mistake in the call from a failure. */
public final class ExitStatus {
    public static final int OK = 0;
    /** Something went wrong at run time: no answer from a daemon, damage in a file, an unreadable input. */
    public static final int RUNTIME_FAILURE = 1;
    /** The command line itself is wrong: an unknown flag, a bad value, flags that do not go together. */
    public static final int USAGE = 2;

    private ExitStatus() {
    }
}
