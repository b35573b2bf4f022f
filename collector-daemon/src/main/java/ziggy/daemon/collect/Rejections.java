package ziggy.daemon.collect;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import ziggy.daemon.stats.IntakeStats;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * What the intake refuses: counted under its reason in STATUS, and logged at most once a second per
 * reason, so that a client sending nothing but bad messages costs one line a second, not one per message.
 */
final class Rejections {
    /** The intake's logger: what the collect path logs stays under one name however its classes are cut. */
    private static final Logger LOG = System.getLogger(EventIntake.class.getName());

    private final IntakeStats stats;
    private final RateLimitedLog log = new RateLimitedLog(LOG);

    Rejections(IntakeStats stats) {
        this.stats = stats;
    }

    /** A message of {@code bytes} bytes refused for {@code reason}. */
    void message(RejectReason reason, long bytes) {
        stats.rejected(reason).increment();
        if (log.shouldLog(reason)) {
            log.log(Level.WARNING, reason, "rejected a message of " + bytes + " bytes: " + reason.wireName() + detail(reason));
        }
    }

    /** {@code bytes} bytes of a forwarder's batch refused: its header, or events that do not fit its frame. */
    void batch(long bytes, String why) {
        stats.rejected(RejectReason.BAD_BATCH).increment();
        if (log.shouldLog(RejectReason.BAD_BATCH)) {
            log.log(Level.WARNING, RejectReason.BAD_BATCH, "rejected " + bytes + " bytes of a batch: " + why);
        }
    }

    private static String detail(RejectReason reason) {
        switch (reason) {
            case BAD_MULTIPART:
                return " (an event is one frame, a forwarder batch two)";
            case TOO_MANY_SOURCES:
                return " (the maximum number of forwarding sources is known; batches of new sources are refused)";
            case OVERSIZED:
                return " (over --max-message-bytes)";
            case TOO_LARGE_TO_QUEUE:
                return " (larger than this agent's queue takes: it could never be forwarded)";
            case BAD_TYPE_NAME:
                return " (type must be 1-200 of [A-Za-z0-9_.-], no leading, trailing or double dot)";
            case TOO_MANY_TYPES:
                return " (the maximum number of types is known; events of new types are refused)";
            default:
                return "";
        }
    }
}
