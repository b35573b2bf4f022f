package ziggy.ctl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import ziggy.cli.CommandFailure;
import ziggy.cli.ControlAddressConverter;
import ziggy.cli.CurveClientOptions;
import ziggy.cli.ErrorReporting;
import ziggy.cli.VersionProvider;
import ziggy.cli.config.Configuration;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.NotAuthorizedException;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.AdminToken;
import ziggy.protocol.security.CurveCertificate;

/** {@code ziggyctl}: the status of a running ziggyd, a clean stop of it, or a new CURVE certificate. */
@Command(name = "ziggyctl", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {Ziggyctl.Status.class, Ziggyctl.Shutdown.class, Ziggyctl.Keygen.class},
        header = "Ask a running ziggyd for its status, or stop it; make CURVE certificates.",
        description = {"Asks a running ziggyd over its control port (default 127.0.0.1:3513), "
                + "over CURVE with --curve-server when the daemon was started with --curve-cert."},
        footer = {"",
            "Examples:",
            "  ziggyctl status",
            "  ziggyctl -H master:3513 status --json | jq .total",
            "  ziggyctl -H master:3513 --curve-server /etc/ziggy/master.key status",
            "  sudo ziggyctl shutdown",
            "  ziggyctl keygen web-01 --dir /etc/ziggy",
            "",
            "Exit status: 0 ok, 1 the daemon did not answer (or answered with an error), 2 a usage mistake."})
public final class Ziggyctl implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3513", converter = ControlAddressConverter.class,
            scope = CommandLine.ScopeType.INHERIT,
            description = "The daemon's control port (default: ${DEFAULT-VALUE}; a host alone means port 3513).")
    private Endpoint host;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3", scope = CommandLine.ScopeType.INHERIT,
            description = "How long to wait for the daemon's answer (default: ${DEFAULT-VALUE}).")
    private double timeoutSeconds;

    @Mixin
    private CurveClientOptions curve;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with ziggyctl's error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return Configuration.install(ErrorReporting.install(new CommandLine(new Ziggyctl())));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: status, shutdown or keygen");
    }

    private ControlClient client(CommandSpec caller) {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw new ParameterException(caller.commandLine(), "--timeout must be between 0 and 3600 seconds: " + timeoutSeconds);
        }
        return new ControlClient(host, Duration.ofMillis(Math.round(timeoutSeconds * 1000)), curve.keys(caller));
    }

    /** {@code ziggyctl status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            header = "Show a running ziggyd's counters, queue and forwarder.",
            description = {"The daemon's counters: a table for people, or the raw STATUS reply with --json.",
                "The table: the daemon's host, version and uptime; the last event and its lag; totals of events and bytes; "
                        + "rejects by reason; files, stream, queue and forwarder state when the daemon has them; "
                        + "then one row per event type and per sending host with its count and when it was last seen."})
    static final class Status implements Runnable {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private Ziggyctl parent;

        @Option(names = "--json", description = "Print the reply as JSON (MongoDB relaxed Extended JSON), one line, for jq and scripts.")
        private boolean json;

        @Override
        public void run() {
            BsonDocument reply;
            try (ControlClient client = parent.client(spec)) {
                reply = client.status();
            }
            if (json) {
                spec.commandLine().getOut().println(reply.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build()));
            } else {
                spec.commandLine().getOut().print(new StatusTable(parent.host.toString(), Instant.now()).render(reply));
            }
            spec.commandLine().getOut().flush();
        }
    }

    /** {@code ziggyctl shutdown}. */
    @Command(name = "shutdown", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            header = "Stop a running ziggyd cleanly.",
            description = {"Asks the daemon to stop cleanly (sockets drained, files flushed and closed) and waits for its answer.",
                "SHUTDOWN is an admin command: the request carries the daemon's admin token, read from --admin-token-file, "
                        + "which the daemon writes at every start, readable by its user and root only (hence sudo). "
                        + "Without a readable token file the request goes without one: a daemon answers it only from an admin's "
                        + "CURVE key (--curve-cert with a key in the daemon's --curve-admins)."})
    static final class Shutdown implements Runnable {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private Ziggyctl parent;

        @Option(names = "--admin-token-file", paramLabel = "FILE",
                description = "The daemon's admin token file, as its --admin-token-file (default: ${DEFAULT-VALUE}, the packaged daemon's).")
        private Path adminTokenFile = AdminToken.PACKAGED_FILE;

        @Override
        public void run() {
            String token = null;
            String unread = null;
            try {
                token = AdminToken.read(adminTokenFile);
                if (token.isEmpty()) {
                    token = null;
                    unread = "empty";
                }
            } catch (NoSuchFileException e) {
                unread = "no such file";
            } catch (AccessDeniedException e) {
                unread = "permission denied";
            } catch (IOException e) {
                unread = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            }
            try (ControlClient client = parent.client(spec)) {
                client.shutdown(token);
            } catch (NotAuthorizedException e) {
                throw new CommandFailure(e.getMessage() + "; " + (token != null
                        ? "sent the admin token of " + adminTokenFile + ", which is not this daemon's: "
                                + "give its own with --admin-token-file FILE (the daemon's --admin-token-file)"
                        : "no admin token was sent (" + adminTokenFile + ": " + unread + "): run as root or the daemon's user "
                                + "(sudo), give the daemon's token file with --admin-token-file FILE, or an admin key with --curve-cert"));
            }
            spec.commandLine().getOut().println("ziggyd at " + parent.host + " is stopping");
            spec.commandLine().getOut().flush();
        }
    }

    /** {@code ziggyctl keygen}. */
    @Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            header = "Make a CURVE certificate pair.",
            description = {"Writes a new key pair as ZeroMQ certificate files, as pyzmq's zmq.auth.create_certificates and czmq do: "
                    + "NAME.key, the public certificate, for whoever must know the key (a daemon's --curve-clients or --curve-admins "
                    + "folder, or the --curve-server of its clients), and NAME.key_secret, the secret one, mode 0600, "
                    + "for its owner's --curve-cert. Never overwrites a certificate. Prints the public key in Z85."},
            footer = {"", "Example:", "  ziggyctl keygen master --dir /etc/ziggy"})
    static final class Keygen implements Runnable {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The files' name: NAME.key and NAME.key_secret.")
        private String name;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
                description = "The folder to write them in, which must exist (default: the current folder).")
        private Path dir;

        @Override
        public void run() {
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                throw new ParameterException(spec.commandLine(), "NAME must be a file name without '/': '" + name + "'");
            }
            if (!Files.isDirectory(dir)) {
                throw new CommandFailure("--dir " + dir + ": no such folder");
            }
            for (String suffix : new String[] {CurveCertificate.PUBLIC_SUFFIX, CurveCertificate.SECRET_SUFFIX}) {
                Path file = dir.resolve(name + suffix);
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CommandFailure(file + " already exists: keygen never overwrites a certificate "
                            + "(choose another NAME or --dir, or remove the old pair first)");
                }
            }
            CurveCertificate certificate = CurveCertificate.generate();
            try {
                certificate.write(dir, name);
            } catch (IOException e) {
                throw new CommandFailure("cannot write " + dir.resolve(name + CurveCertificate.PUBLIC_SUFFIX) + ": "
                        + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            }
            spec.commandLine().getOut().println("wrote " + dir.resolve(name + CurveCertificate.PUBLIC_SUFFIX) + " (public) and "
                    + dir.resolve(name + CurveCertificate.SECRET_SUFFIX) + " (secret, mode 0600); public key: "
                    + certificate.publicKeyZ85());
            spec.commandLine().getOut().flush();
        }
    }
}
