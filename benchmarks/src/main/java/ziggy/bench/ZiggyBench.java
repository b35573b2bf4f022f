package ziggy.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Unmatched;
import ziggy.cli.CurveClientOptions;
import ziggy.bench.load.DaemonWatch;
import ziggy.bench.load.LoadGenerator;
import ziggy.bench.load.LoadReport;
import ziggy.bench.load.LoadSettings;
import ziggy.bench.load.TypeMix;
import ziggy.protocol.ZiggyVersion;
import ziggy.protocol.endpoint.BadEndpointException;
import ziggy.protocol.endpoint.Endpoint;

/**
 * {@code ziggy-bench}: the end-to-end load generator ({@code send}), a watch on a daemon fed by
 * another sender ({@code watch}), and the JMH benchmarks of the hot paths ({@code jmh}).
 */
@Command(name = "ziggy-bench", mixinStandardHelpOptions = true, versionProvider = ZiggyBench.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {ZiggyBench.Send.class, ZiggyBench.Watch.class, ZiggyBench.Jmh.class},
        description = "Measures a running ziggyd from its own counters.",
        footer = {"", "Exit status: 0 every event arrived (and was checked, when asked), 1 not, 2 a usage mistake."})
public final class ZiggyBench implements Runnable {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its one-line error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new ZiggyBench())
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println("ziggy-bench: " + e.getMessage());
                    return 2;
                })
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    commandLine.getErr().println("ziggy-bench: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                });
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: send, watch or jmh (see --help)");
    }

    /** {@code ziggy-bench send}: the load generator. */
    @Command(name = "send", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
            usageHelpAutoWidth = true,
            description = {"Sends N pre-encoded events over K connections (ZeroMQ PUSH, one frame per event) to a collect port, "
                    + "as fast as they are taken or at --rate, and reports events/s and MB/s from the daemon's own STATUS, "
                    + "the latency from each event's end to its arrival on the daemon's stream, and (with --check-files) "
                    + "whether the day files hold every event exactly once."},
            footer = {"", "Examples:",
                "  ziggy-bench send --events=2000000 --connections=2",
                "  ziggy-bench send --collect=127.0.0.1:4514 --control=127.0.0.1:3513 --rate=100000 --latency"})
    static final class Send implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--collect", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3514", converter = EndpointConverter.class,
                description = "Where to send (a master's or an agent's collect port). Default: ${DEFAULT-VALUE}.")
        private Endpoint collect;

        @Option(names = "--control", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3513", converter = EndpointConverter.class,
                description = "Whose STATUS and stream measure the run: the master's, when sending through an agent. Default: ${DEFAULT-VALUE}.")
        private Endpoint control;

        @Option(names = {"-n", "--events"}, paramLabel = "N", defaultValue = "1000000", description = "Events to send. Default: ${DEFAULT-VALUE}.")
        private long events;

        @Option(names = {"-c", "--connections"}, paramLabel = "K", defaultValue = "1",
                description = "Connections, one sending thread each. Default: ${DEFAULT-VALUE}.")
        private int connections;

        @Option(names = "--size", paramLabel = "BYTES", defaultValue = "250", description = "Bytes per event. Default: ${DEFAULT-VALUE}.")
        private int size;

        @Option(names = "--types", paramLabel = "NAME[:WEIGHT],...", defaultValue = "request,request.sql,job,cache.get",
                description = "Event types, sent in turn by weight. Default: ${DEFAULT-VALUE}.")
        private String types;

        @Option(names = "--rate", paramLabel = "EVENTS/S", defaultValue = "0",
                description = "Events per second over all connections; 0 sends as fast as the daemon takes them. Default: ${DEFAULT-VALUE}.")
        private double rate;

        @Option(names = "--latency", description = "Subscribe to the stream and report latency percentiles "
                + "(the subscriber takes a core's share; leave it off to measure throughput alone).")
        private boolean latency;

        @Option(names = "--warmup-seconds", paramLabel = "SECONDS", defaultValue = "0",
                description = "With --latency: events sent in the first SECONDS are sent and counted but their latency is not "
                        + "measured, so that the figures are of warmed-up JVMs (the daemons' and this tool's). Default: ${DEFAULT-VALUE}.")
        private int warmupSeconds;

        @Option(names = "--check-files", paramLabel = "DIR",
                description = "The receiving master's log path: read its day files and check every event is there once.")
        private Path checkFiles;

        @Option(names = "--stall-seconds", paramLabel = "SECONDS", defaultValue = "10",
                description = "Give up when the daemon's count has not moved for this long. Default: ${DEFAULT-VALUE}.")
        private int stallSeconds;

        @Override
        public Integer call() throws Exception {
            LoadSettings settings;
            try {
                settings = new LoadSettings(collect.socketAddress(), control, events, connections, size,
                        TypeMix.parse(types), rate, latency, Duration.ofSeconds(warmupSeconds), checkFiles,
                        Duration.ofSeconds(stallSeconds));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            LoadGenerator generator;
            try {
                generator = new LoadGenerator(settings);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            LoadReport report = generator.run();
            PrintWriter out = spec.commandLine().getOut();
            out.println(report.describe());
            out.flush();
            return report.complete() ? 0 : 1;
        }
    }

    /** {@code ziggy-bench watch}: the rate of a daemon that another sender feeds. */
    @Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
            usageHelpAutoWidth = true,
            description = {"Waits until a daemon's STATUS has counted N more events and reports its rate, from the first "
                    + "event counted to the last. Prints 'ready' once it has the starting count: start the sender then."})
    static final class Watch implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--control", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3513", converter = EndpointConverter.class,
                description = "The daemon's control port. Default: ${DEFAULT-VALUE}.")
        private Endpoint control;

        @Option(names = {"-n", "--events"}, paramLabel = "N", required = true, description = "Events to wait for.")
        private long events;

        @Option(names = "--check-files", paramLabel = "DIR",
                description = "The daemon's log path: check its day files grew by exactly the bytes it counted.")
        private Path checkFiles;

        @Option(names = "--stall-seconds", paramLabel = "SECONDS", defaultValue = "10",
                description = "Give up when the count has not moved for this long. Default: ${DEFAULT-VALUE}.")
        private int stallSeconds;

        @Mixin
        private CurveClientOptions curve;

        @Override
        public Integer call() throws Exception {
            if (events < 1) {
                throw new ParameterException(spec.commandLine(), "--events must be at least 1: " + events);
            }
            boolean complete = new DaemonWatch(control, curve.keys(spec), events, checkFiles, Duration.ofSeconds(stallSeconds))
                    .run(spec.commandLine().getOut());
            return complete ? 0 : 1;
        }
    }

    /** {@code ziggy-bench jmh [JMH options]}: JMH's own command line over this module's benchmarks. */
    @Command(name = "jmh", mixinStandardHelpOptions = false,
            description = {"Runs the JMH benchmarks of the hot paths; every argument goes to JMH (try 'jmh -h', 'jmh -l')."})
    static final class Jmh implements Callable<Integer> {
        /** Options and all: JMH parses them, so picocli must not. */
        @Unmatched
        private String[] arguments = new String[0];

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(arguments);
            return 0;
        }
    }

    /** HOST:PORT for picocli, with the project's own parsing and one-line errors. */
    static final class EndpointConverter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            try {
                return Endpoint.parse(value, "address");
            } catch (BadEndpointException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ziggy-bench " + ZiggyVersion.version()};
        }
    }
}
