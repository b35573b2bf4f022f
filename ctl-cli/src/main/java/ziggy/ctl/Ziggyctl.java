package ziggy.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
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
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import ziggy.cli.CommandFailure;
import ziggy.cli.ControlAddressConverter;
import ziggy.cli.CurveClientOptions;
import ziggy.cli.ErrorReporting;
import ziggy.cli.VersionProvider;
import ziggy.cli.config.Configuration;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveCertificate;

/** {@code ziggyctl}: the status of a running ziggyd, a clean stop of it, or a new CURVE certificate. */
@Command(name = "ziggyctl", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {Ziggyctl.Status.class, Ziggyctl.Shutdown.class, Ziggyctl.Reload.class, Ziggyctl.LogLevel.class,
            Ziggyctl.Keygen.class},
        header = "Ask a running ziggyd for its status, reload or stop it, change its log level; make CURVE certificates.",
        description = {"Asks a running ziggyd over its control port (default 127.0.0.1:3513), "
                + "over CURVE with --curve-server when the daemon was started with --curve-cert."},
        footer = {"",
            "Examples:",
            "  ziggyctl status",
            "  ziggyctl -H master:3513 status --json | jq .total",
            "  ziggyctl -H master:3513 --curve-server /etc/ziggy/master.key status",
            "  sudo ziggyctl shutdown",
            "  sudo ziggyctl reload",
            "  sudo ziggyctl log-level debug ziggy.forward",
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
        throw new ParameterException(spec.commandLine(), "say what to do: status, shutdown, reload, log-level or keygen");
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
    static final class Shutdown extends AdminCommand {
        @Override
        public void run() {
            request((client, token) -> {
                client.shutdown(token);
                return null;
            });
            spec.commandLine().getOut().println("ziggyd at " + parent.host + " is stopping");
            spec.commandLine().getOut().flush();
        }
    }

    /** What the admin commands share: the daemon's address, and the admin token or key they carry. */
    abstract static class AdminCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @ParentCommand
        Ziggyctl parent;

        @Mixin
        private AdminTokenOption admin;

        /** The reply of {@code request}, sent with the admin token; a refusal becomes one line, exit 1. */
        <T> T request(BiFunction<ControlClient, String, T> request) {
            try (ControlClient client = parent.client(spec)) {
                return admin.run(token -> request.apply(client, token));
            }
        }
    }

    /** {@code ziggyctl reload}. */
    @Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            header = "Make a running ziggyd re-read its configuration.",
            description = {"As SIGHUP (systemctl reload ziggyd): the daemon reads its flags, environment and configuration "
                    + "file again and applies live what can change live (log-level, forward and forward-control, stdout, "
                    + "python-logging); it names what changed but takes effect only at its next start. A configuration the "
                    + "daemon would refuse at a start changes nothing, and this prints why and exits 1.",
                "An admin command: see shutdown for the admin token."})
    static final class Reload extends AdminCommand {
        @Override
        public void run() {
            BsonDocument reply = request(ControlClient::reload);
            PrintWriter out = spec.commandLine().getOut();
            out.println("ziggyd at " + parent.host + " reloaded; applied: " + listed(reply, ControlReplies.APPLIED));
            String restart = listed(reply, ControlReplies.RESTART_NEEDED);
            if (!restart.equals("nothing")) {
                out.println("changed, but taking effect only at its next start: " + restart);
            }
            out.flush();
        }

        private static String listed(BsonDocument reply, String key) {
            BsonValue value = reply.get(key);
            if (value == null || !value.isArray() || value.asArray().isEmpty()) {
                return "nothing";
            }
            return String.join(", ", value.asArray().stream().map(item -> item.isString() ? item.asString().getValue() : item.toString()).toList());
        }
    }

    /** {@code ziggyctl log-level}. */
    @Command(name = "log-level", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            header = "Change a running ziggyd's own log level.",
            description = {"Sets the level of the daemon's own log (all of it, or one LOGGER such as ziggy.forward) until "
                    + "its next start or reload; --log-level in its configuration is what a start or reload sets.",
                "An admin command: see shutdown for the admin token."},
            footer = {"", "Examples:", "  sudo ziggyctl log-level debug", "  sudo ziggyctl log-level trace ziggy.forward"})
    static final class LogLevel extends AdminCommand {
        @Parameters(index = "0", paramLabel = "LEVEL", description = "error, warn, info, debug or trace.")
        private String level;

        @Parameters(index = "1", arity = "0..1", paramLabel = "LOGGER",
                description = "One logger (default: ziggy, every logger of the daemon).")
        private String logger;

        @Override
        public void run() {
            if (!java.util.Set.of("error", "warn", "info", "debug", "trace").contains(level)) {
                throw new ParameterException(spec.commandLine(), "LEVEL must be error, warn, info, debug or trace, not '" + level + "'");
            }
            BsonDocument reply = request((client, token) -> client.logLevel(level, logger, token));
            spec.commandLine().getOut().println("ziggyd at " + parent.host + ": " + reply.getString(ControlReplies.LOGGER).getValue()
                    + " logs at " + reply.getString(ControlReplies.LEVEL).getValue() + " (was " + reply.getString(ControlReplies.WAS).getValue() + ")");
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
