package ziggy.daemon;

import java.util.List;

import ziggy.forward.ForwarderOptions;

/**
 * What an operator should hear at start when {@code --max-message-bytes} is smaller than an agent's batch:
 * every daemon takes batches from the agents that forward to it, and the limit counts a whole message, so
 * such a daemon refuses their batches as oversized, the agents resend them and never get further (measured:
 * a master with 65,536 took 735 of an agent's 20,000 events). Not a failure, since a daemon that only plain
 * clients send to may want the smaller limit: the health stays 200, the warning is in the log and in
 * {@code /healthcheck}.
 */
final class MessageLimitWarnings {
    /** A batch message: its header frame (a source id of at most 256 characters) and up to 1 MiB of events. */
    static final int BATCH_MESSAGE_BYTES = ForwarderOptions.defaults().maxBatchBytes() + 1024;

    private MessageLimitWarnings() {
    }

    static List<String> of(int maxMessageBytes) {
        if (maxMessageBytes >= BATCH_MESSAGE_BYTES) {
            return List.of();
        }
        return List.of("--max-message-bytes " + maxMessageBytes + " is less than an agent's batch (up to " + BATCH_MESSAGE_BYTES
                + " bytes): batches forwarded here are refused as oversized and their agents stall; give at least "
                + BATCH_MESSAGE_BYTES + " unless no agent forwards here (docs/protocol.md)");
    }
}
