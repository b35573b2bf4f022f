package ziggy.cli.config;

/** A config file that cannot be used; the message is one line for the user, naming the file and line. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
