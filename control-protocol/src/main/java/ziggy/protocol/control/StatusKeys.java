package ziggy.protocol.control;

/**
 * The keys of the STATUS reply. The first four are the original Ziggy daemon's, so its
 * {@code ziggyctl} still reads ours:
 * <pre>
 * last      double|null  receive time (epoch seconds) of the latest event taken in; null before the first
 * lag       double|null  that receive time minus the event's end (its start when it has no end)
 * events    {type: {last: double|null, count: int64}}  last = end (else start) of the type's latest event
 * hosts     {host: {last: double|null, count: int64}}  events without a host count under "unknown";
 *                                                      past {@value #MAX_HOSTS} hosts, the rest under "other",
 *                                                      and so do names over {@value #MAX_HOST_BYTES} bytes
 * total     {events: int64, bytes: int64}              events taken in, and their bytes
 * rejected  {reason: int64}                            every reason of ziggy.protocol.event.RejectReason, zeros included
 * uptime    double       seconds since the daemon started
 * version   string       the daemon's version
 * failed    {part: {reason: string, count: int64}}  parts whose thread died (collect, stream, control, forwarder, authenticator,
 *           queue-sync, http, zeromq, other); empty while all run. A failed part stops the daemon with exit 1
 * files     {open: int32, write_errors: int64, lost_events: int64, recreated: int64, cut_tails: int64}
 * stream    {port: int32, subscriptions: int32, sent: int64, dropped: int64}
 * collect   {endpoint: string, port: int32, connections: int64, accepted: int64, refused: int64, truncated: int64}
 *           connections open now; accepted since the start; peers refused (bad greeting, mechanism, …);
 *           messages cut off by their peer's disconnect
 * role      string       "master" (day files), "agent" (a queue, forwarding) or "relay" (an agent that takes batches)
 * log_path  string       the day files' folder (a master, and an agent given --log-path too)
 * batches   {received: int64, events: int64, duplicates: int64, gaps: int64, awaiting_resend: int64, sources: int32,
 *            sources_expired: int64, sources_evicted: int64}
 *           forwarder batches taken; their events taken; events dropped because their seq was already
 *           taken from that source; events a source skipped (seq jumps); batches refused because they
 *           start past events this daemon declined, until those come again; sources known; sources
 *           forgotten after sending nothing for --source-expiry
 * queue     agents only: {bytes, events, oldest_age (seconds), segments, dropped, corrupt, rejected,
 *           next_seq, written_seq, synced_seq, acknowledged_seq}
 * forward   agents only: {upstream: string, connected: bool, mode: connecting|batches|single_frames,
 *           source: string (this agent's source id), sent_seq, acknowledged_seq, batches, resends, failovers,
 *           refused: string (why the upstream refuses this agent's batches, e.g. too_many_sources; empty while
 *           it takes them)}
 * security  {curve: bool, clients: int32|"any", admins: int32, admin_refused: int64,
 *           refusals: {collect: {reason: int64}, control: {reason: int64}, stream: {reason: int64}},
 *           warnings: [string]}
 *           curve: whether --curve-cert is set (every port speaks CURVE); clients: the keys of --curve-clients,
 *           or "any" CURVE client; admins: the keys of --curve-admins; admin_refused: admin commands answered
 *           "Not Authorized"; refusals: CURVE peers refused per port (collect: its CURVE reasons, also under
 *           collect.refusals; control and stream: unauthorized_key, as their authenticator decided);
 *           warnings: e.g. a control port open to the network without CURVE (docs/security.md)
 * stdout    {format: "off"|"json"|"text", written: int64, dropped: int64, write_errors: int64, buffered_bytes: int64}
 *           ziggyd --stdout: events whose line reached stdout; events left out of it (its buffer was full, or
 *           the write failed); failed writes (stdout closed); bytes waiting in its buffer now
 * </pre>
 * Counts run from the daemon's start.
 */
public final class StatusKeys {
    public static final String LAST = "last";
    public static final String LAG = "lag";
    public static final String EVENTS = "events";
    public static final String HOSTS = "hosts";
    public static final String COUNT = "count";
    public static final String TOTAL = "total";
    public static final String TOTAL_EVENTS = "events";
    public static final String TOTAL_BYTES = "bytes";
    public static final String REJECTED = "rejected";
    public static final String UPTIME = "uptime";
    public static final String VERSION = "version";
    public static final String FAILED = "failed";
    public static final String FAILED_REASON = "reason";
    public static final String FILES = "files";
    public static final String FILES_OPEN = "open";
    public static final String FILES_WRITE_ERRORS = "write_errors";
    public static final String FILES_LOST_EVENTS = "lost_events";
    public static final String FILES_RECREATED = "recreated";
    public static final String FILES_CUT_TAILS = "cut_tails";
    public static final String STREAM = "stream";
    public static final String STREAM_PORT = "port";
    public static final String STREAM_SUBSCRIPTIONS = "subscriptions";
    public static final String STREAM_SENT = "sent";
    public static final String STREAM_DROPPED = "dropped";
    public static final String COLLECT = "collect";
    public static final String COLLECT_ENDPOINT = "endpoint";
    public static final String COLLECT_PORT = "port";
    public static final String COLLECT_CONNECTIONS = "connections";
    public static final String COLLECT_ACCEPTED = "accepted";
    public static final String COLLECT_REFUSED = "refused";
    public static final String COLLECT_TRUNCATED = "truncated";
    /** Peers closed by the collect endpoint, by reason ({@code not_zmtp}, {@code idle_timeout}, …): the parts of {@link #COLLECT_REFUSED}. */
    public static final String COLLECT_REFUSALS = "refusals";
    public static final String COLLECT_OVERSIZED = "oversized";
    public static final String COLLECT_MAX_CONNECTIONS = "max_connections";
    public static final String COLLECT_ACCEPT_FAILURES = "accept_failures";
    public static final String COLLECT_MEMORY = "memory";
    public static final String COLLECT_MEMORY_BUDGET = "budget";
    public static final String COLLECT_MEMORY_HELD = "held";
    public static final String COLLECT_MEMORY_PEAK = "peak";
    public static final String COLLECT_MEMORY_WAITS = "waits";

    public static final String ROLE = "role";
    public static final String BATCHES = "batches";
    public static final String BATCHES_RECEIVED = "received";
    public static final String BATCHES_EVENTS = "events";
    public static final String BATCHES_DUPLICATES = "duplicates";
    public static final String BATCHES_GAPS = "gaps";
    public static final String BATCHES_AWAITING_RESEND = "awaiting_resend";
    public static final String BATCHES_SOURCES = "sources";
    public static final String BATCHES_SOURCES_EXPIRED = "sources_expired";
    public static final String BATCHES_SOURCES_EVICTED = "sources_evicted";
    public static final String QUEUE = "queue";
    public static final String QUEUE_BYTES = "bytes";
    public static final String QUEUE_EVENTS = "events";
    public static final String QUEUE_OLDEST_AGE = "oldest_age";
    public static final String QUEUE_SEGMENTS = "segments";
    public static final String QUEUE_DROPPED = "dropped";
    public static final String QUEUE_CORRUPT = "corrupt";
    public static final String QUEUE_REJECTED = "rejected";
    public static final String QUEUE_NEXT_SEQ = "next_seq";
    public static final String QUEUE_WRITTEN_SEQ = "written_seq";
    public static final String QUEUE_SYNCED_SEQ = "synced_seq";
    public static final String QUEUE_ACKNOWLEDGED_SEQ = "acknowledged_seq";
    public static final String QUEUE_FSYNCS = "fsyncs";
    public static final String QUEUE_FSYNC_SECONDS = "fsync_seconds";
    public static final String FORWARD = "forward";
    public static final String FORWARD_UPSTREAM = "upstream";
    public static final String FORWARD_CONNECTED = "connected";
    public static final String FORWARD_MODE = "mode";
    public static final String FORWARD_SOURCE = "source";
    public static final String FORWARD_SENT_SEQ = "sent_seq";
    public static final String FORWARD_ACKNOWLEDGED_SEQ = "acknowledged_seq";
    public static final String FORWARD_BATCHES = "batches";
    public static final String FORWARD_RESENDS = "resends";
    public static final String FORWARD_FAILOVERS = "failovers";
    /** Events sent and not yet acknowledged (Kafka: records awaiting Kafka's acknowledgement). */
    public static final String FORWARD_IN_FLIGHT = "in_flight";
    /** Failures that made the forwarder start over from the acknowledged seq (Kafka: failed records). */
    public static final String FORWARD_ERRORS = "errors";
    /** Events set aside as larger than the upstream takes (Kafka's refusal, or a daemon's message limit). */
    public static final String FORWARD_TOO_LARGE = "too_large";
    public static final String FORWARD_REFUSED = "refused";

    /** A master consuming from Kafka ({@code --collect-kafka}). */
    public static final String KAFKA = "kafka";
    public static final String KAFKA_UPSTREAM = "upstream";
    public static final String KAFKA_GROUP = "group";
    /** Whether the consumer is in its group: it sent its group a heartbeat within the last 10 s (or just joined). */
    public static final String KAFKA_CONNECTED = "connected";
    /** Per partition owned: {@link #KAFKA_PARTITION}, {@link #KAFKA_NEXT_OFFSET}, {@link #KAFKA_READ_OFFSET}, {@link #KAFKA_LAG}. */
    public static final String KAFKA_PARTITIONS = "partitions";
    public static final String KAFKA_PARTITION = "partition";
    /** The next offset to consume as the day files and the commit journal hold it: everything before is written. */
    public static final String KAFKA_NEXT_OFFSET = "next_offset";
    /** The offset after the last record read and handed to the collect thread. */
    public static final String KAFKA_READ_OFFSET = "read_offset";
    /** Records in the partition past the read offset, as the consumer last learnt it (-1: not known yet). */
    public static final String KAFKA_LAG = "lag";
    /** Records taken in: written, dropped as resends, or rejected. */
    public static final String KAFKA_RECORDS = "records";
    /** Records dropped because the consumer had left the generation they were read in (they are read again). */
    public static final String KAFKA_SUPERSEDED = "superseded";
    /** Records the store could not take: their partition was read again from them. */
    public static final String KAFKA_DECLINED = "declined";
    public static final String KAFKA_REBALANCES = "rebalances";
    public static final String KAFKA_ERRORS = "errors";
    public static final String KAFKA_LAST_ERROR = "last_error";

    public static final String SECURITY = "security";
    public static final String SECURITY_CURVE = "curve";
    public static final String SECURITY_CLIENTS = "clients";
    /** {@link #SECURITY_CLIENTS}' value when any CURVE client may connect (no {@code --curve-clients}). */
    public static final String SECURITY_ANY_CLIENT = "any";
    public static final String SECURITY_ADMINS = "admins";
    public static final String SECURITY_ADMIN_REFUSED = "admin_refused";
    public static final String SECURITY_REFUSALS = "refusals";
    public static final String SECURITY_WARNINGS = "warnings";

    public static final String STDOUT = "stdout";
    public static final String STDOUT_FORMAT = "format";
    public static final String STDOUT_WRITTEN = "written";
    public static final String STDOUT_DROPPED = "dropped";
    public static final String STDOUT_WRITE_ERRORS = "write_errors";
    public static final String STDOUT_BUFFERED_BYTES = "buffered_bytes";

    /** Host under which events without a {@code host} field are counted. */
    public static final String UNKNOWN_HOST = "unknown";
    /** Host under which events are counted once {@value #MAX_HOSTS} distinct hosts are known. */
    public static final String OTHER_HOSTS = "other";
    public static final int MAX_HOSTS = 4096;
    /** The longest host name counted by name, DNS's 253 with room: a longer one counts under {@link #OTHER_HOSTS}. */
    public static final int MAX_HOST_BYTES = 255;

    private StatusKeys() {
    }
}
