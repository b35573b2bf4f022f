package ziggy.ctl;

import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import ziggy.cli.ControlAddressConverter;
import ziggy.cli.ErrorReporting;
import ziggy.cli.VersionProvider;
import ziggy.cli.config.Configuration;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.endpoint.Endpoint;

/** {@code ziggyctl}: the status of a running ziggyd, or a clean stop of it. */
@Command(name = "ziggyctl", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {Ziggyctl.Status.class, Ziggyctl.Shutdown.class},
        header = "Ask a running ziggyd for its status, or stop it.",
        description = "Asks a running ziggyd over its control port (default 127.0.0.1:3513).",
        footer = {"",
            "Examples:",
            "  ziggyctl status",
            "  ziggyctl -H master:3513 status --json | jq .total",
            "  ziggyctl shutdown",
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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with ziggyctl's error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return Configuration.install(ErrorReporting.install(new CommandLine(new Ziggyctl())));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: status or shutdown");
    }

    private ControlClient client(CommandSpec caller) {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw new ParameterException(caller.commandLine(), "--timeout must be between 0 and 3600 seconds: " + timeoutSeconds);
        }
        return new ControlClient(host, Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
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
            description = "Asks the daemon to stop cleanly (sockets drained, files flushed and closed) and waits for its answer.")
    static final class Shutdown implements Runnable {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private Ziggyctl parent;

        @Override
        public void run() {
            try (ControlClient client = parent.client(spec)) {
                client.shutdown();
            }
            spec.commandLine().getOut().println("ziggyd at " + parent.host + " is stopping");
            spec.commandLine().getOut().flush();
        }
    }
}
