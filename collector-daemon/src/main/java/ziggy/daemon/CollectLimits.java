package ziggy.daemon;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;

import com.sun.management.UnixOperatingSystemMXBean;

import ziggy.zmtp.ZmtpOptions;

/**
 * What one peer, or all of them, may hold of the collect endpoint and of the daemon behind it:
 * {@code --max-connections}, {@code --idle-timeout}, {@code --collect-memory}, {@code --source-expiry},
 * {@code --max-sources-per-peer} and {@code --max-types-per-peer}.
 *
 * @param maxConnections connections open at once on the collect port
 * @param idleTimeout a connection silent this long after its handshake is closed
 * @param memoryBytes receive memory of all collect connections together
 * @param sourceExpiry a forwarding source that sends no batch for this long is forgotten (its place in the table
 *                     of sources freed); {@link Duration#ZERO}: never
 * @param maxSourcesPerPeer forwarding sources one peer (an IPv4 address, an IPv6 /64) may hold in the table
 * @param maxTypesPerPeer event types first seen from one peer (the daemon's own intakes counting as one)
 */
public record CollectLimits(int maxConnections, Duration idleTimeout, long memoryBytes, Duration sourceExpiry,
                            int maxSourcesPerPeer, int maxTypesPerPeer) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /**
     * A week: far past any outage an agent comes back from with events it sent and never heard acknowledged, yet
     * short enough that a fleet whose agents come and go (containers, rebuilt hosts) does not fill the table.
     */
    public static final Duration DEFAULT_SOURCE_EXPIRY = Duration.ofDays(7);
    /**
     * A tenth of the table of sources: one peer inventing ids cannot fill it, and a host running a thousand
     * agents at once (containers behind one address) still fits; past it, a peer's idlest sources make room.
     */
    public static final int DEFAULT_MAX_SOURCES_PER_PEER = 1_000;
    /**
     * A tenth of the types a daemon makes, for the same reason: deployments have tens of types, and one client
     * inventing names must not take every place, which lasts until the daemon restarts.
     */
    public static final int DEFAULT_MAX_TYPES_PER_PEER = 1_000;
    /** A quarter of the shipped heap's size in direct memory: with it the daemon stays near 256 MiB RSS. */
    public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
    /**
     * Descriptors kept for everything but collect connections: the day files the writer may hold open,
     * and a margin for the queue, the control, stream and HTTP ports and JeroMQ's own pipes and selectors.
     */
    static final int RESERVED_DESCRIPTORS = DaemonSettings.MAX_OPEN_FILES + 256;
    /** Beyond this many the per-connection carries (4 KiB each) cost more than any host of clients needs. */
    static final int MOST_CONNECTIONS = 4096;
    static final int FEWEST_CONNECTIONS = 16;
    /** When the JVM cannot say (not a Unix): the common soft limit. */
    private static final long UNKNOWN_DESCRIPTOR_LIMIT = 1024;

    /**
     * The cap that a descriptor limit ({@code ulimit -n}) leaves room for: the limit less what files and
     * the other ports need, within 16..4096. Under the common 1,024 that is 256; under systemd's 65,536, 4,096.
     */
    public static int defaultMaxConnections(long descriptorLimit) {
        long room = descriptorLimit - RESERVED_DESCRIPTORS;
        return (int) Math.max(FEWEST_CONNECTIONS, Math.min(MOST_CONNECTIONS, room));
    }

    /** This process's descriptor limit, as the JVM reads it. */
    public static long processDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            return unix.getMaxFileDescriptorCount();
        }
        return UNKNOWN_DESCRIPTOR_LIMIT;
    }

    /** The memory budget a daemon gets without {@code --collect-memory}: the default, or what its largest message needs. */
    public static long defaultMemoryBytes(int maxMessageBytes) {
        return Math.max(DEFAULT_MEMORY_BYTES, ZmtpOptions.smallestBudget(maxMessageBytes, ZmtpOptions.defaults().receiveBufferBytes()));
    }

    /** With the default source expiry and quotas per peer. */
    public CollectLimits(int maxConnections, Duration idleTimeout, long memoryBytes) {
        this(maxConnections, idleTimeout, memoryBytes, DEFAULT_SOURCE_EXPIRY, DEFAULT_MAX_SOURCES_PER_PEER,
                DEFAULT_MAX_TYPES_PER_PEER);
    }

    /** These limits for this process's descriptor limit and the default idle timeout, memory and sources. */
    public static CollectLimits defaults(int maxMessageBytes) {
        return new CollectLimits(defaultMaxConnections(processDescriptorLimit()), DEFAULT_IDLE_TIMEOUT,
                defaultMemoryBytes(maxMessageBytes));
    }

    /** The endpoint's options with these limits and {@code maxMessageBytes}. */
    ZmtpOptions endpointOptions(int maxMessageBytes) {
        return ZmtpOptions.defaults().withMaxMessageBytes(maxMessageBytes).withMemoryBudgetBytes(memoryBytes)
                .withMaxConnections(maxConnections).withIdleTimeout(idleTimeout);
    }
}
