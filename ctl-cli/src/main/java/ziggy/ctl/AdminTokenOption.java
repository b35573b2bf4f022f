package ziggy.ctl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

import picocli.CommandLine.Option;
import ziggy.cli.CommandFailure;
import ziggy.protocol.control.NotAuthorizedException;
import ziggy.protocol.security.AdminToken;

/**
 * {@code --admin-token-file} of the admin commands (shutdown, reload, log-level): the daemon's admin
 * token, read when the file is readable; otherwise the request goes without one, which a daemon answers
 * only from an admin's CURVE key. A refusal becomes one line saying which of the two was missing.
 */
final class AdminTokenOption {
    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "The daemon's admin token file, as its --admin-token-file (default: ${DEFAULT-VALUE}, the packaged daemon's).")
    private Path file = AdminToken.PACKAGED_FILE;

    private String unread;

    /** The token, or null when the file is missing, unreadable or empty (why is kept for the refusal). */
    String token() {
        try {
            String token = AdminToken.read(file);
            if (!token.isEmpty()) {
                return token;
            }
            unread = "empty";
        } catch (NoSuchFileException e) {
            unread = "no such file";
        } catch (AccessDeniedException e) {
            unread = "permission denied";
        } catch (IOException e) {
            unread = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return null;
    }

    /** Runs {@code command} with the token; a refusal becomes a {@link CommandFailure} saying what to give. */
    <T> T run(Function<String, T> command) {
        String token = token();
        try {
            return command.apply(token);
        } catch (NotAuthorizedException e) {
            throw new CommandFailure(e.getMessage() + "; " + (token != null
                    ? "sent the admin token of " + file + ", which is not this daemon's: "
                            + "give its own with --admin-token-file FILE (the daemon's --admin-token-file)"
                    : "no admin token was sent (" + file + ": " + unread + "): run as root or the daemon's user "
                            + "(sudo), give the daemon's token file with --admin-token-file FILE, or an admin key with --curve-cert"));
        }
    }
}
