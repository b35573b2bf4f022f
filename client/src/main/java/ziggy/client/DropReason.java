package ziggy.client;

/** Why an event was lost. Each has its own count in {@link Stats#droppedByReason()} and its own log line. */
enum DropReason {
    QUEUE_FULL("queue full"),
    UNSENT_AT_CLOSE("unsent at close"),
    AFTER_CLOSE("closed after Ziggy.close()"),
    INVALID_TYPE("invalid type"),
    UNENCODABLE("unencodable"),
    TOO_LARGE("too large"),
    RECORDER_FAILED("recorder failed"),
    SEND_FAILED("send failed");

    final String label;

    DropReason(String label) {
        this.label = label;
    }
}
