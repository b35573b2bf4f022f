package ziggy.daemon.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ziggy.protocol.control.StatusKeys;

/**
 * {@code /healthcheck}: who this daemon is and whether every {@link HealthCheck} holds. Every daemon
 * checks its forwarding state; the role adds what only it knows with {@link #add} before the server
 * starts (a master its log folder, {@link LogFolderHealth}).
 */
public final class DaemonHealth {
    /** STATUS's role key (master, agent, relay); a STATUS without one is a master's. */
    private static final String ROLE = "role";
    /** ziggyd's own identity: {@code module} without a Python logging port, {@code service} always. */
    public static final String SERVICE = "ziggyd";
    /** What seed 000's logging clients require of {@code module} before they publish. */
    public static final String LOGGING_AGGREGATOR = "zmq_logging_aggregator";

    private final String hostname;
    private final Supplier<BsonDocument> status;
    private final List<HealthCheck> checks = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Changed by a reload that opens or closes the Python logging port, read by HTTP's threads. */
    private volatile String module = SERVICE;

    /**
     * {@code status}: the STATUS reply, for the uptime, the role, and the forwarding state, which is
     * checked from the start ({@link ForwardingHealth}; it holds trivially on a master).
     */
    public DaemonHealth(String hostname, Supplier<BsonDocument> status) {
        this.hostname = hostname;
        this.status = RecentStatus.of(status);
        checks.add(new ForwardingHealth(this.status, ForwardingHealth.DEFAULT_ACK_THRESHOLD));
    }

    public DaemonHealth add(HealthCheck check) {
        checks.add(check);
        return this;
    }

    /**
     * Adds what the report's {@code warnings} list says: what an operator should know (a control port open
     * to the network without CURVE) but that leaves the daemon healthy.
     */
    public DaemonHealth warn(List<String> more) {
        warnings.addAll(more);
        return this;
    }

    /**
     * Answers {@code module: <module>}, keeping ziggyd's identity in {@code service}: with {@code --python-logging},
     * {@link #LOGGING_AGGREGATOR}, since the ZeroMQ logging aggregator's clients start only when they read it.
     */
    public DaemonHealth answerAs(String newModule) {
        module = newModule;
        return this;
    }

    /** The reasons of every failing check; empty while the daemon works. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (HealthCheck check : checks) {
            Optional<String> problem = check.problem();
            problem.ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * {@code {"module":"ziggyd","hostname":…,"uptime":…,"role":…,"healthy":…,"warnings":[…]}} and
     * {@code "reason"} when failing.
     */
    public ObjectNode report(List<String> problems) {
        BsonDocument now = status.get();
        BsonValue uptime = now.get(StatusKeys.UPTIME);
        BsonValue role = now.get(ROLE);
        ObjectNode report = JsonNodeFactory.instance.objectNode().put("module", module);
        if (!SERVICE.equals(module)) {
            report.put("service", SERVICE);
        }
        report.put("hostname", hostname)
                .put("uptime", uptime != null && uptime.isNumber() ? (long) uptime.asNumber().doubleValue() : 0)
                .put("role", role != null && role.isString() ? role.asString().getValue() : "master")
                .put("healthy", problems.isEmpty());
        ArrayNode warningList = report.putArray("warnings");
        warnings.forEach(warningList::add);
        if (!problems.isEmpty()) {
            report.put("reason", String.join("; ", problems));
        }
        return report;
    }

    /**
     * This host's name as the resolver gives it, else the kernel's, asked once: a resolver that is slow to
     * answer (no DNS for this host) then costs the start, not every reload and processor context after it.
     */
    public static String localHostname() {
        return Hostname.NAME;
    }

    /** Holds the name, looked up on first use. */
    private static final class Hostname {
        private static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                String fromEnv = System.getenv("HOSTNAME");
                return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv;
            }
        }
    }
}
