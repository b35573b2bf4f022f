package ziggy.daemon.security;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the daemon refused, for STATUS and {@code /metrics}: CURVE clients of the control and stream
 * ports by reason (the authenticator's decisions), and admin commands from someone who is no admin.
 * The collect endpoint counts its own refusals (module zmtp's {@code ZmtpCounters}). Thread-safe.
 */
public final class SecurityCounters {
    /** The ports the authenticator answers for, as their ZAP domain and their name in STATUS. */
    public static final String CONTROL = "control";
    public static final String STREAM = "stream";
    public static final String PYTHON_LOGGING = "python_logging";
    /** A ZAP request from a socket that set no domain of ours: none should come. */
    public static final String OTHER = "other";
    public static final List<String> PORTS = List.of(CONTROL, STREAM, PYTHON_LOGGING, OTHER);

    /** Why the authenticator refused a client. */
    public enum Refusal {
        /** A CURVE client whose public key is not in {@code --curve-clients}. */
        UNAUTHORIZED_KEY,
        /** A mechanism other than CURVE: none of our sockets should ask for one. */
        MECHANISM,
        /** A ZAP request not as RFC 27 lays it out. */
        MALFORMED_REQUEST;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicLongArray refused = new AtomicLongArray(PORTS.size() * Refusal.values().length);
    private final LongAdder adminRefused = new LongAdder();

    /** The port a ZAP domain names; {@link #OTHER} for any domain not ours. */
    static String portOf(String zapDomain) {
        return CONTROL.equals(zapDomain) || STREAM.equals(zapDomain) || PYTHON_LOGGING.equals(zapDomain) ? zapDomain : OTHER;
    }

    void countRefusal(String port, Refusal reason) {
        refused.incrementAndGet(index(port, reason));
    }

    void countAdminRefusal() {
        adminRefused.increment();
    }

    /** Clients of {@code port} ({@link #PORTS}) refused for {@code reason}. */
    public long refused(String port, Refusal reason) {
        return refused.get(index(port, reason));
    }

    /** Admin commands answered "Not Authorized". */
    public long adminRefused() {
        return adminRefused.sum();
    }

    private static int index(String port, Refusal reason) {
        int portIndex = PORTS.indexOf(port);
        if (portIndex < 0) {
            throw new IllegalArgumentException("no such port: " + port);
        }
        return portIndex * Refusal.values().length + reason.ordinal();
    }
}
