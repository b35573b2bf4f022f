package ziggy.forward;

import java.time.Duration;

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
 */
public record ForwarderOptions(int maxBatchEvents, int maxBatchBytes, long maxInFlight, Duration controlTimeout,
                               Duration connectTimeout, Duration pollInterval, Duration idlePollInterval,
                               Duration resendAfter, int failoverAfter, Duration primaryRetry, Duration heartbeat) {

    public static ForwarderOptions defaults() {
        return new ForwarderOptions(4096, 1 << 20, 1_000_000, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    public ForwarderOptions withHeartbeat(Duration interval) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, controlTimeout, connectTimeout,
                pollInterval, idlePollInterval, resendAfter, failoverAfter, primaryRetry, interval);
    }

    public ForwarderOptions withResendAfter(Duration after) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, controlTimeout, connectTimeout,
                pollInterval, idlePollInterval, after, failoverAfter, primaryRetry, heartbeat);
    }

    public ForwarderOptions withTimeouts(Duration control, Duration connect) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, control, connect,
                pollInterval, idlePollInterval, resendAfter, failoverAfter, primaryRetry, heartbeat);
    }

    public ForwarderOptions withPrimaryRetry(Duration retry) {
        return new ForwarderOptions(maxBatchEvents, maxBatchBytes, maxInFlight, controlTimeout, connectTimeout,
                pollInterval, idlePollInterval, resendAfter, failoverAfter, retry, heartbeat);
    }
}
