package ziggy.view;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import ziggy.cli.CommandFailure;
import ziggy.cli.ControlAddressConverter;
import ziggy.cli.CurveClientOptions;
import ziggy.cli.ErrorReporting;
import ziggy.cli.ExitStatus;
import ziggy.cli.VersionProvider;
import ziggy.cli.config.Configuration;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.processor.FieldCondition;
import ziggy.processor.FieldPath;
import ziggy.view.events.EventOutput;
import ziggy.view.events.EventPipeline;
import ziggy.view.events.JsonPrinter;
import ziggy.view.events.TypeFilter;
import ziggy.view.files.BsonInputs;
import ziggy.view.files.DayFiles;
import ziggy.view.live.KafkaFollow;
import ziggy.view.live.LiveStream;
import ziggy.view.live.SignalStop;
import ziggy.view.summary.Summary;
import ziggy.view.summary.SummaryCollector;
import ziggy.view.summary.SummaryGraphs;
import ziggy.view.summary.SummaryJson;
import ziggy.view.summary.SummaryTable;

/**
 * {@code ziggyview}: reads Ziggy events from stdin, files, a log folder's day files, a daemon's live stream or the
 * Kafka topic a group of masters consumes.
 */
@Command(name = "ziggyview", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        header = "Print Ziggy events from files, stdin or a daemon's live stream as JSON.",
        description = {
            "Prints Ziggy events as JSON, one document a line (--pretty: indented).",
            "Reads BSON from stdin when neither -H nor --log-path is given, or from the FILEs named; "
                    + "reads the day files <type>.<YYYYMMDD>.bson of --log-path; or follows a daemon's live stream with -H.",
            "BSON types that JSON lacks are written as MongoDB's relaxed Extended JSON, which jq and other tools read: "
                    + "a datetime is {\"$date\": \"2026-11-23T10:00:00Z\"}, an ObjectId {\"$oid\": \"...\"}, "
                    + "binary {\"$binary\": {\"base64\": \"...\", \"subType\": \"00\"}}, "
                    + "a decimal {\"$numberDecimal\": \"12.50\"}; an int64 is a plain number.",
            "Damage in a file (a torn tail, garbage) is reported on stderr with its byte offset; "
                    + "the good events before and after it are printed and the exit status is 1.",
            "--summary prints, instead of the events, a table per type: count, first and last event time, events per second, "
                    + "each --field's count/min/mean/p50/p90/p99/max and each --top field's ten most frequent values "
                    + "(--json: one JSON document, the shape of the summary processor's ziggy.summary bodies); "
                    + "with -H at Ctrl-C or --limit."},
        footer = {"",
            "Examples:",
            "  cat /var/log/ziggy/request.20261122.bson | ziggyview",
            "  ziggyview --log-path=/var/log/ziggy --type-name=request \\",
            "      --start-date=20261120 --end-date=20261122",
            "  ziggyview -H localhost:3513 --type-name='request*' \\",
            "      --where body.response.status=500",
            "  ziggyview -H master:3513 --curve-server /etc/ziggy/master.key",
            "  ziggyview --kafka=kafka://kafka1:9092/ziggy-events --type-name=request",
            "  ziggyview --log-path=/var/log/ziggy --type-name=request --summary \\",
            "      --field body.request_time --top body.response.status --graphs /tmp/requests",
            "",
            "Exit status: 0 ok, 1 a runtime failure (damage, no answer from the daemon), 2 a usage mistake."})
public final class Ziggyview implements Callable<Integer> {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "BSON files to read (\"-\" is stdin); none: read stdin.")
    private List<String> files = new ArrayList<>();

    @Option(names = {"-H", "--host"}, paramLabel = "HOST:PORT", converter = ControlAddressConverter.class,
            description = "Follow the live stream of the daemon whose control port is HOST:PORT (e.g. localhost:3513), "
                    + "until Ctrl-C (exit status 0). Events published while not connected are not seen; the files keep them.")
    private Endpoint host;

    @Option(names = "--kafka", paramLabel = "kafka://HOST:PORT[,HOST:PORT...]/TOPIC", converter = KafkaTopicConverter.class,
            description = "Follow the Kafka topic agents forward to (every event, whichever master of the group writes it), "
                    + "from its end, until Ctrl-C; no consumer group, nothing committed.")
    private KafkaTarget kafka;

    @Option(names = "--from-beginning", description = "With --kafka: from the first record the topic keeps, not its end.")
    private boolean fromBeginning;

    @Option(names = {"-l", "--log-path"}, paramLabel = "DIR", description = "Read the day files in DIR.")
    private Path logPath;

    @Option(names = {"-t", "--type-name"}, paramLabel = "TYPE",
            description = "Only events of this type; a trailing * matches every type that begins with it ('request*'). Default: all types.")
    private String typeName;

    @Option(names = {"-s", "--start-date"}, paramLabel = "YYYYMMDD", converter = DayConverter.class,
            description = "With --log-path: the first day to read. Default: the --end-date if given, else today.")
    private LocalDate startDate;

    @Option(names = {"-e", "--end-date"}, paramLabel = "YYYYMMDD", converter = DayConverter.class,
            description = "With --log-path: the last day to read, included. Default: today.")
    private LocalDate endDate;

    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC", converter = ZoneConverter.class,
            description = "The zone in which 'today' is reckoned for the date defaults, as the daemon's --timezone (default: ${DEFAULT-VALUE}).")
    private ZoneId timezone;

    @Option(names = {"-p", "--pretty"}, description = "Indent the JSON, for people.")
    private boolean pretty;

    @Option(names = {"-g", "--group"},
            description = "Print sub-events (type 'request.sql') together with their parent ('request', same id), the parent last; "
                    + "--where then keeps or drops a parent with all its sub-events.")
    private boolean group;

    @Option(names = "--group-bound", paramLabel = "N", defaultValue = "10000",
            description = "With --group: hold at most N sub-events waiting for their parent; beyond that the oldest are printed without it (default: ${DEFAULT-VALUE}).")
    private int groupBound;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Stop after printing N events.")
    private Long limit;

    @Option(names = {"-w", "--where"}, paramLabel = "FIELD=VALUE",
            description = "Only events whose field at the dotted path equals VALUE (FIELD!=VALUE: has the field, with another value), "
                    + "e.g. body.response.status=500. Numbers compare by value, strings as text. "
                    + "Repeat for several conditions, all of which must hold. With --group a parent decides for its sub-events.")
    private List<String> where = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3",
            description = "With -H: how long to wait for the daemon to answer (default: ${DEFAULT-VALUE}).")
    private double timeoutSeconds;

    @Option(names = "--quiet-after", paramLabel = "SECONDS", defaultValue = "2",
            description = "With -H: after this long without an event, ask the daemon for its stream port again, "
                    + "which finds a restarted daemon; the subscription is kept while the port stays the same (default: ${DEFAULT-VALUE}).")
    private double quietAfterSeconds;

    @Option(names = "--summary",
            description = "Print a summary per type instead of the events (with -H: at Ctrl-C or --limit).")
    private boolean summary;

    @Option(names = "--field", paramLabel = "PATH",
            description = "With --summary: a numeric field to summarise (count, min, mean, p50, p90, p99, max), "
                    + "e.g. body.request_time. Repeatable.")
    private List<String> summaryFields = new ArrayList<>();

    @Option(names = "--top", paramLabel = "PATH",
            description = "With --summary: a field whose ten most frequent values to list with their counts, "
                    + "e.g. body.response.status. Repeatable.")
    private List<String> topFields = new ArrayList<>();

    @Option(names = "--json", description = "With --summary: one JSON document instead of the table (--pretty indents it).")
    private boolean json;

    @Option(names = "--graphs", paramLabel = "DIR",
            description = "With --summary: also write PNG charts (events per minute per type; p50/p90/p99 of each --field per minute) "
                    + "and DIR/index.html showing them with the summary.")
    private Path graphs;

    /** With -H: CURVE for the control requests and the stream subscription. */
    @Mixin
    private CurveClientOptions curve;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with ziggyview's error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return Configuration.install(ErrorReporting.install(new CommandLine(new Ziggyview())));
    }

    @Override
    public Integer call() throws IOException {
        TypeFilter types = parseTypes();
        List<FieldCondition> conditions = parseConditions();
        checkCombinations();
        SummaryCollector collector = summary ? new SummaryCollector(paths(summaryFields, "--field"), paths(topFields, "--top"), graphs != null) : null;
        Writer stdout = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
        EventOutput output = collector != null ? collector : new JsonPrinter(stdout, pretty);
        EventPipeline pipeline = new EventPipeline(types, conditions, group ? groupBound : 0,
                limit == null ? Long.MAX_VALUE : limit, output);
        try {
            int status;
            if (host != null) {
                status = followStream(types, pipeline, collector, stdout);
            } else if (kafka != null) {
                status = followTopic(pipeline, collector, stdout);
            } else if (logPath != null) {
                status = readDayFiles(types, pipeline);
            } else {
                status = readFiles(pipeline);
            }
            if (collector != null && host == null && kafka == null) {
                printSummary(collector, stdout);
            }
            return status;
        } catch (UncheckedIOException e) {
            if (String.valueOf(e.getCause().getMessage()).contains("Broken pipe")) {
                return 0; // the reader went away (ziggyview | head): nothing more to say
            }
            throw new CommandFailure("cannot write the output: " + e.getCause().getMessage());
        }
    }

    private int followStream(TypeFilter types, EventPipeline pipeline, SummaryCollector collector, Writer stdout) {
        LiveStream stream = new LiveStream(host, seconds(timeoutSeconds, "--timeout"), seconds(quietAfterSeconds, "--quiet-after"),
                types, pipeline, System.err, curve.keys(spec));
        return follow(stream::run, stream::stop, pipeline, collector, stdout);
    }

    private int followTopic(EventPipeline pipeline, SummaryCollector collector, Writer stdout) {
        KafkaFollow follow = new KafkaFollow(kafka, fromBeginning, seconds(timeoutSeconds, "--timeout"), pipeline, System.err);
        return follow(follow::run, follow::stop, pipeline, collector, stdout);
    }

    /** Runs a follower ({@code -H} or {@code --kafka}) until Ctrl-C or the limit, then prints the summary if asked. */
    private int follow(Runnable run, Runnable stop, EventPipeline pipeline, SummaryCollector collector, Writer stdout) {
        // The summary is printed after a Ctrl-C too, and drawing the charts takes a few seconds.
        SignalStop signals = new SignalStop(stop, Duration.ofSeconds(graphs != null ? 60 : 5));
        try {
            run.run();
            pipeline.finish();
            if (collector != null) {
                printSummary(collector, stdout);
            }
        } finally {
            signals.close();
        }
        return 0;
    }

    private int readDayFiles(TypeFilter types, EventPipeline pipeline) throws IOException {
        LocalDate today = LocalDate.now(timezone);
        LocalDate last = endDate != null ? endDate : today;
        // An end alone asks for that day: a start of today would come after any earlier end.
        LocalDate first = startDate != null ? startDate : last;
        if (last.isBefore(first)) {
            throw new ParameterException(spec.commandLine(), "--end-date " + DAY.format(last) + " is before --start-date " + DAY.format(first));
        }
        if (!Files.isDirectory(logPath)) {
            throw new CommandFailure("--log-path " + logPath + ": no such folder");
        }
        List<Path> selected = DayFiles.select(logPath, types, first, last, group);
        if (selected.isEmpty()) {
            System.err.println("ziggyview: no day files of " + types + " from " + DAY.format(first) + " to " + DAY.format(last) + " in " + logPath);
            return 0;
        }
        BsonInputs inputs = new BsonInputs(pipeline, System.err);
        for (Path file : selected) {
            try (InputStream in = Files.newInputStream(file)) {
                if (!inputs.read(file.toString(), in)) {
                    break;
                }
            } catch (NoSuchFileException e) {
                continue; // removed since the folder was listed (an idle file closed and moved away)
            }
        }
        pipeline.finish();
        return inputs.damaged() > 0 ? ExitStatus.RUNTIME_FAILURE : 0;
    }

    private int readFiles(EventPipeline pipeline) throws IOException {
        BsonInputs inputs = new BsonInputs(pipeline, System.err);
        boolean unreadable = false;
        if (files.isEmpty()) {
            if (System.console() != null) {
                System.err.println("ziggyview: reading BSON from stdin (see ziggyview --help for files, --log-path and -H)");
            }
            inputs.read("stdin", System.in);
        } else {
            for (String name : files) {
                if (name.equals("-")) {
                    if (!inputs.read("stdin", System.in)) {
                        break;
                    }
                    continue;
                }
                try (InputStream in = Files.newInputStream(Path.of(name))) {
                    if (!inputs.read(name, in)) {
                        break;
                    }
                } catch (IOException e) {
                    pipeline.flush();
                    System.err.println("ziggyview: cannot read " + name + ": " + reason(e));
                    unreadable = true;
                }
            }
        }
        pipeline.finish();
        return inputs.damaged() > 0 || unreadable ? ExitStatus.RUNTIME_FAILURE : 0;
    }

    private void printSummary(SummaryCollector collector, Writer stdout) {
        Summary result = collector.summary();
        String table = new SummaryTable(timezone).render(result);
        try {
            if (json) {
                SummaryJson.write(result, stdout, pretty);
            } else {
                stdout.write(table);
            }
            stdout.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (graphs != null) {
            try {
                int charts = new SummaryGraphs(timezone).write(result, table, graphs).size();
                System.err.println("ziggyview: " + charts + " charts and " + graphs.resolve("index.html") + " written");
            } catch (IOException e) {
                throw new CommandFailure("--graphs " + graphs + ": cannot write the charts: " + reason(e));
            }
        }
    }

    private List<FieldPath> paths(List<String> texts, String option) {
        List<FieldPath> paths = new ArrayList<>();
        for (String text : texts) {
            try {
                paths.add(FieldPath.of(text));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
            }
        }
        return paths;
    }

    private TypeFilter parseTypes() {
        try {
            return TypeFilter.parse(typeName);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private List<FieldCondition> parseConditions() {
        List<FieldCondition> conditions = new ArrayList<>();
        for (String text : where) {
            try {
                conditions.add(FieldCondition.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--where: " + e.getMessage());
            }
        }
        return conditions;
    }

    private void checkCombinations() {
        CommandLine command = spec.commandLine();
        int sources = (host != null ? 1 : 0) + (kafka != null ? 1 : 0) + (logPath != null ? 1 : 0);
        if (sources > 1) {
            throw new ParameterException(command, "-H follows a daemon, --kafka a topic and --log-path reads files: give one of them");
        }
        if (sources > 0 && !files.isEmpty()) {
            throw new ParameterException(command, "FILE arguments cannot go with "
                    + (host != null ? "-H" : kafka != null ? "--kafka" : "--log-path"));
        }
        if (fromBeginning && kafka == null) {
            throw new ParameterException(command, "--from-beginning goes with --kafka");
        }
        if (host == null && curve.given()) {
            throw new ParameterException(command, "--curve-server and --curve-cert go with -H: they are for a daemon's ports");
        }
        if (logPath == null && (startDate != null || endDate != null)) {
            throw new ParameterException(command, "--start-date and --end-date choose day files: they need --log-path");
        }
        if (limit != null && limit < 0) {
            throw new ParameterException(command, "--limit must be 0 or more: " + limit);
        }
        if (!summary && (!summaryFields.isEmpty() || !topFields.isEmpty() || json || graphs != null)) {
            throw new ParameterException(command, "--field, --top, --json and --graphs go with --summary");
        }
        if (groupBound < 1) {
            throw new ParameterException(command, "--group-bound must be 1 or more: " + groupBound);
        }
    }

    private Duration seconds(double value, String option) {
        if (!(value > 0) || value > 3600) {
            throw new ParameterException(spec.commandLine(), option + " must be between 0 and 3600 seconds: " + value);
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** {@code kafka://HOST:PORT[,HOST:PORT…]/TOPIC}. */
    static final class KafkaTopicConverter implements ITypeConverter<KafkaTarget> {
        @Override
        public KafkaTarget convert(String value) {
            try {
                return KafkaTarget.parse(value, "--kafka");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage().replaceFirst("^--kafka: ", ""));
            }
        }
    }

    /** A day as {@code YYYYMMDD}, checked against the calendar (no 20261131). */
    static final class DayConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value, DAY);
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not a date as YYYYMMDD (e.g. 20261122)");
            }
        }
    }

    static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not a time zone (e.g. UTC, Europe/Paris)");
            }
        }
    }
}
