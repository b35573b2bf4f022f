package ziggy.daemon;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bson.BsonString;

import ziggy.daemon.agent.AgentStatus;
import ziggy.daemon.agent.ForwardSettings;
import ziggy.daemon.collect.ConsumedPartitions;
import ziggy.daemon.collect.EventIntake;
import ziggy.daemon.collect.TypeLimits;
import ziggy.daemon.control.RoleSection;
import ziggy.daemon.http.DayFileWrites;
import ziggy.daemon.reload.LiveSetting;
import ziggy.daemon.reload.Reconfiguration;
import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stdout.StdoutSink;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.forward.Forwarder;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.forward.QueueForwarder;
import ziggy.forward.Upstream;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.CommitJournal;
import ziggy.storage.custody.DayFileStore;
import ziggy.storage.custody.EventStore;
import ziggy.storage.custody.FilesAndQueueStore;
import ziggy.storage.custody.QueueStore;
import ziggy.storage.custody.RelayJournal;
import ziggy.storage.custody.SourceExpiry;
import ziggy.storage.custody.SourceMarks;
import ziggy.storage.dayfile.DayFileWriter;
import ziggy.storage.dayfile.TypeFiles;
import ziggy.storage.io.FileIo;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.QueueFolderException;

/**
 * What a daemon's role decides: where collected events go (a master's day files, an agent's queue and
 * its forwarder, or both at once), the source marks recovered with them, and what STATUS says of the role.
 *
 * @param <T> what the store keeps per event type
 */
final class DaemonStorage<T> {
    private static final Logger LOG = System.getLogger(DaemonStorage.class.getName());
    /** STATUS: the folder of the day files, on every daemon that writes them (a master, an agent with --log-path). */
    static final String LOG_PATH_KEY = "log_path";

    final EventStore<T> store;
    final SourceMarks marks;
    final RoleSection role;
    /** Where the events end up, for the start-up log line. */
    final String destination;
    /** The day files' folder and their write observer (for HTTP health and metrics); null without --log-path. */
    final Path logPath;
    final DayFileWrites writes;
    /**
     * Where the daemon keeps what is its own rather than the events' (the admin token by default): a
     * master's {@code <log-path>/.ziggyd}, beside its commit journal; an agent's queue folder.
     */
    final Path stateFolder;
    /** The log folder as this start found or made it; null without --log-path. */
    private final CreatedFolder logFolder;
    private final DiskQueue queue;
    private final Forwarder forwarder;

    private DaemonStorage(EventStore<T> store, SourceMarks marks, RoleSection role, String destination, Path logPath,
                          DayFileWrites writes, CreatedFolder logFolder, DiskQueue queue, Forwarder forwarder) {
        this.store = store;
        this.marks = marks;
        this.role = role;
        this.destination = destination;
        this.logPath = logPath;
        this.writes = writes;
        this.logFolder = logFolder;
        this.queue = queue;
        this.stateFolder = logPath != null ? logPath.resolve(CommitJournal.FILE_NAME).getParent() : queue.folder();
        this.forwarder = forwarder;
    }

    /**
     * The marks of the sources forwarding here, keyed by their CURVE keys where those are identities, at most
     * {@code --max-sources-per-peer} of them a peer, forgotten after {@code --source-expiry} without a batch; a
     * Kafka consumer's offsets are never forgotten.
     */
    private static SourceMarks marks(Map<String, Long> recovered, DaemonSettings settings) {
        CollectLimits limits = settings.collectLimits();
        return new SourceMarks(recovered, EventIntake.MAX_SOURCES, limits.maxSourcesPerPeer(),
                settings.security().clientKeysAreIdentities(),
                new SourceExpiry(limits.sourceExpiry(), ConsumedPartitions::isOffsetMark));
    }

    /** A master: day files in {@code settings.logPath()}, cut back to their commit journal. */
    static DaemonStorage<TypeFiles> master(DaemonSettings settings, IntakeStats stats) throws StartupException {
        DayFiles files = DayFiles.open(settings, stats);
        SourceMarks marks = marks(files.journal.recoveredMarks(), settings);
        RoleSection role = status -> status.append(StatusKeys.ROLE, new BsonString("master"))
                .append(LOG_PATH_KEY, new BsonString(files.logPath.toString()));
        return new DaemonStorage<>(files.store, marks, role, "day files in " + files.logPath, files.logPath,
                files.writes, files.folder, null, null);
    }

    /**
     * Day files and forwarding at once ({@code --log-path} with {@code --forward}): one store writes every
     * event to both ({@link FilesAndQueueStore}, which says how they are kept in step across a crash); STATUS
     * has the agent's {@code role}, {@code queue} and {@code forward}, and the day files' {@code log_path}.
     */
    static DaemonStorage<TypeFiles> filesAndForward(DaemonSettings settings, IntakeStats stats) throws StartupException {
        DayFiles files = DayFiles.open(settings, stats);
        DiskQueue queue;
        try {
            queue = openQueue(settings.forward());
        } catch (StartupException | RuntimeException e) {
            files.folder.discard();
            throw e;
        }
        try {
            FilesAndQueueStore store;
            try {
                store = FilesAndQueueStore.recover(files.store, files.journal, queue);
            } catch (IllegalStateException e) {
                throw new StartupException("--log-path " + settings.logPath() + ": " + e.getMessage());
            }
            SourceMarks marks = marks(store.recoveredMarks(), settings);
            ForwardSettings forward = settings.forward();
            Forwarder forwarder = forward.newForwarder(queue);
            AgentStatus agent = new AgentStatus(queue, forwarder, stats);
            RoleSection role = status -> {
                agent.appendTo(status);
                status.append(LOG_PATH_KEY, new BsonString(files.logPath.toString()));
            };
            return new DaemonStorage<>(store, marks, role, "day files in " + files.logPath + " and a queue in " + queue.folder()
                    + ", forwarded to " + forward.destination(), files.logPath, files.writes, files.folder, queue, forwarder);
        } catch (StartupException | RuntimeException e) {
            closeQuietly(queue);
            files.folder.discard();
            throw e;
        }
    }

    /** An agent (a relay, once other agents forward to it): a disk queue and its forwarder. */
    static DaemonStorage<Void> agent(DaemonSettings settings, IntakeStats stats) throws StartupException {
        ForwardSettings forward = settings.forward();
        DiskQueue queue = openQueue(forward);
        try {
            RelayJournal journal = RelayJournal.recover(FileIo.SYSTEM, queue);
            SourceMarks marks = marks(journal.recoveredMarks(), settings);
            Forwarder forwarder = forward.newForwarder(queue);
            AgentStatus status = new AgentStatus(queue, forwarder, stats);
            return new DaemonStorage<>(new QueueStore(queue, journal), marks, status::appendTo,
                    "a queue in " + queue.folder() + ", forwarded to " + forward.destination(), null, null, null, queue, forwarder);
        } catch (RuntimeException e) {
            closeQuietly(queue);
            throw e;
        }
    }

    private static DiskQueue openQueue(ForwardSettings forward) throws StartupException {
        try {
            return DiskQueue.open(forward.queuePath(), forward.queue());
        } catch (QueueFolderException e) {
            throw new StartupException("--queue-path " + forward.queuePath() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new StartupException("--queue-path " + forward.queuePath() + ": cannot open the queue: " + e.getMessage());
        }
    }

    /** The collect path into this storage, making at most {@link EventIntake#MAX_TYPES} types, {@code typesPerPeer} from a peer. */
    EventIntake<T> intake(EventDay eventDay, StreamPublisher stream, StdoutSink stdout, IntakeStats stats, int typesPerPeer) {
        return new EventIntake<>(eventDay, store, stream, stdout, stats, marks, new TypeLimits(EventIntake.MAX_TYPES, typesPerPeer));
    }

    /**
     * A forwarding daemon takes a new upstream list live ({@code forward}, {@code forward-control}): the
     * forwarder starts over at the first of them from the acknowledged seq.
     */
    void registerLiveSettings(Reconfiguration reconfiguration) {
        if (!(forwarder instanceof QueueForwarder daemons)) {
            return; // none, or Kafka: a new --forward=kafka://… takes a restart
        }
        reconfiguration.register(new LiveSetting(List.of("forward", "forward-control"),
                values -> upstreamsOf(values),
                values -> daemons.changeUpstreams(upstreamsOf(values))));
    }

    private static List<Upstream> upstreamsOf(Map<String, String> values) {
        String forward = values.get("forward");
        if (forward == null || forward.isBlank()) {
            throw new IllegalArgumentException("--forward cannot be taken away from a running agent: restart it as a master");
        }
        if (KafkaTarget.isKafka(forward)) {
            throw new IllegalArgumentException("--forward: moving an agent from upstream daemons to kafka:// takes a restart");
        }
        String control = values.get("forward-control");
        return Upstream.parseAll(forward, control == null || control.isBlank() ? null : control);
    }

    /** Starts forwarding, for an agent; {@code whenItDies} hears of what ends the forwarder's threads. */
    void start(Thread.UncaughtExceptionHandler whenItDies) {
        if (forwarder != null) {
            forwarder.start(whenItDies);
        }
    }

    /** After the collect thread has closed the store: stops the forwarder and closes the queue. */
    void close() {
        if (forwarder != null) {
            try {
                forwarder.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "stopping the forwarder: " + e.getMessage());
            }
        }
        if (queue != null) {
            closeQuietly(queue);
        }
    }

    /** After {@link #close()}, when the start failed: removes the log folder if this start made it. */
    void discardCreatedFolder() {
        if (logFolder != null) {
            logFolder.discard();
        }
    }

    private static void closeQuietly(DiskQueue queue) {
        try {
            queue.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the queue: " + e.getMessage());
        }
    }

    /** The day files' parts, recovered: the folder, its commit journal (files cut back), the writer and its store. */
    private record DayFiles(Path logPath, CreatedFolder folder, CommitJournal journal, DayFileWrites writes,
                            DayFileStore store) {
        static DayFiles open(DaemonSettings settings, IntakeStats stats) throws StartupException {
            Path logPath = settings.logPath().toAbsolutePath().normalize();
            CreatedFolder folder = prepareLogPath(settings.logPath(), logPath);
            try {
                CommitJournal journal = CommitJournal.recover(logPath);
                DayFileWrites writes = new DayFileWrites();
                DayFileWriter writer = new DayFileWriter(logPath, journal, stats.dayFileCounts(), settings.idleClose(),
                        DaemonSettings.FILE_BUFFER_BYTES, DaemonSettings.MAX_OPEN_FILES, writes, FileIo.SYSTEM);
                return new DayFiles(logPath, folder, journal, writes, new DayFileStore(writer, journal, settings.fsyncFiles()));
            } catch (RuntimeException e) {
                folder.discard();
                throw e;
            }
        }
    }

    private static CreatedFolder prepareLogPath(Path logPath, Path absolute) throws StartupException {
        CreatedFolder folder;
        try {
            folder = CreatedFolder.make(absolute);
        } catch (IOException e) {
            throw new StartupException("--log-path " + logPath + ": cannot create the folder: " + e.getMessage());
        }
        if (!Files.isWritable(absolute)) {
            throw new StartupException("--log-path " + logPath + ": the folder is not writable");
        }
        return folder;
    }
}
