package ziggy.forward;

import java.time.Duration;

import ziggy.protocol.security.CurveClientKeys;

/**
 * The forwarder's timings and sizes.
 *
 * @param maxBatchEvents  the most events in one batch
 * @param maxBatchBytes   the most event bytes in one batch (a bigger single event goes alone)
 * @param maxInFlight     the most events sent and not yet acknowledged; sending pauses there
 * @param controlTimeout  how long one {@code COMMITTED} request may wait for its reply
 * @param connectTimeout  how long a connection may take before the next upstream is tried
 * @param pollInterval    how often {@code COMMITTED} is asked while events are unacknowledged
 * @param idlePollInterval how often it is asked when everything is acknowledged
 * @param resendAfter     with events unacknowledged and the acknowledged seq not moving for this long,
 *                        send again from acknowledged seq + 1
 * @param failoverAfter   this many {@code COMMITTED} requests in a row without an answer mean the upstream
 *                        stopped answering: move to the next one
 * @param primaryRetry    while on a later upstream, how often to see whether the first one is back
 * @param heartbeat       how often the connection sends a ZMTP 3.1 PING while it has nothing else to send, so
 *                        that an upstream's idle timeout (ziggyd's {@code --idle-timeout}, 300 s by default)
 *                        never closes an idle agent's connection; well under the smallest such timeout
 * @param curve           null: plain connections; otherwise the upstreams' public key and this agent's key pair,
 *                        which both the batches' PUSH and the COMMITTED requests use (every upstream of one
 *                        agent has the same key: one fleet, one master certificate)
 */
public record ForwarderOptions(int maxBatchEvents, int maxBatchBytes, long maxInFlight, Duration controlTimeout,
                               Duration connectTimeout, Duration pollInterval, Duration idlePollInterval,
                               Duration resendAfter, int failoverAfter, Duration primaryRetry, Duration heartbeat,
                               CurveClientKeys curve) {

    /** Without CURVE. */
    public ForwarderOptions(int maxBatchEvents, int maxBatchBytes, long maxInFlight, Duration controlTimeout,
                            Duration connectTimeout, Duration pollInterval, Duration idlePollInterval,
                            Duration resendAfter, int failoverAfter, Duration primaryRetry, Duration heartbeat) {
        this(maxBatchEvents, maxBatchBytes, maxInFlight, controlTimeout, connectTimeout, pollInterval, idlePollInterval,
                resendAfter, failoverAfter, primaryRetry, heartbeat, null);
    }

    public static ForwarderOptions defaults() {
        return new ForwarderOptions(4096, 1 << 20, 1_000_000, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    /** Speaks CURVE to the upstreams with {@code keys}; null goes back to plain connections. */
    public ForwarderOptions withCurve(CurveClientKeys keys) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, controlTimeout, connectTimeout,
                pollInterval, idlePollInterval, resendAfter, failoverAfter, primaryRetry, heartbeat, keys);
    }

    /** Never shows the agent's secret key. */
    @Override
    public String toString() {
        return "ForwarderOptions[batch " + maxBatchEvents + " events, " + maxBatchBytes + " bytes, in flight " + maxInFlight
                + ", heartbeat " + heartbeat + ", " + (curve == null ? "plain" : "CURVE to " + curve.serverKeyZ85()) + "]";
    }

    public ForwarderOptions withHeartbeat(Duration interval) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, controlTimeout, connectTimeout,
                pollInterval, idlePollInterval, resendAfter, failoverAfter, primaryRetry, interval, curve);
    }

    public ForwarderOptions withResendAfter(Duration after) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, controlTimeout, connectTimeout,
                pollInterval, idlePollInterval, after, failoverAfter, primaryRetry, heartbeat, curve);
    }

    public ForwarderOptions withTimeouts(Duration control, Duration connect) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, control, connect,
                pollInterval, idlePollInterval, resendAfter, failoverAfter, primaryRetry, heartbeat, curve);
    }

    public ForwarderOptions withPrimaryRetry(Duration retry) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, controlTimeout, connectTimeout,
                pollInterval, idlePollInterval, resendAfter, failoverAfter, retry, heartbeat, curve);
    }
}
