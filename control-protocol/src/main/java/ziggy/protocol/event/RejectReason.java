package ziggy.protocol.event;

/**
 * Why an incoming message was not taken in, or why bytes in a file are not a document. Each reason
 * has a stable wire name, the key it is counted under in STATUS's {@code rejected} document and the
 * word it is logged with, and a description for a person, which the file reader reports damage with.
 */
public enum RejectReason {
    EMPTY("empty", "a frame of zero bytes"),
    NOT_BSON("not_bson", "shorter than the smallest document (5 bytes), or bytes that do not walk as BSON at all"),
    LENGTH_MISMATCH("length_mismatch",
            "a document's declared length disagrees with its frame, or a nested length with its parent"),
    TRUNCATED("truncated", "the frame ends before the document does: a clean prefix of a longer document"),
    BAD_TERMINATOR("bad_terminator", "a document or string without its 0x00 where its length says it ends"),
    BAD_TYPE_BYTE("bad_type_byte", "an element type byte that the BSON specification does not define"),
    BAD_VALUE("bad_value", "a value with an impossible encoding: a string length below 1, a boolean other than 0 or 1,"
            + " or binary or code-with-scope sizes that disagree"),
    INVALID_UTF8("invalid_utf8", "a key or string that is not valid UTF-8"),
    /** Deeper than {@link EventScanner#MAX_DEPTH} levels. */
    TOO_DEEP("too_deep", "documents or arrays nested deeper than " + EventScanner.MAX_DEPTH + " levels"),
    MISSING_TYPE("missing_type", "a well-formed document without a top-level type"),
    TYPE_NOT_STRING("type_not_string", "a top-level type that is not a BSON string"),
    /** The rule of {@link TypeNames}. */
    BAD_TYPE_NAME("bad_type_name", "a type that breaks the name rule: 1 to " + TypeNames.MAX_LENGTH
            + " characters of [A-Za-z0-9_.-], no leading or trailing '.', no '..'"),
    TOO_MANY_TYPES("too_many_types", "a valid event of a new type when the daemon already knows its maximum number of types"),
    OVERSIZED("oversized", "a message larger than the configured maximum; its bytes were never kept"),
    /** Refused for good, not for now: a forwarder's batch holding it goes on past it instead of coming again. */
    TOO_LARGE_TO_QUEUE("too_large_to_queue", "an event larger than this agent's queue takes (its --max-message-bytes"
            + " less a batch header, and at most a queue segment)"),
    BAD_MULTIPART("bad_multipart", "a message of several frames that is not a shape the daemon takes (a batch has exactly two)"),
    /** The good events before the damage are taken. */
    BAD_BATCH("bad_batch", "a forwarder batch whose header is not a version 1 header, or whose events frame does not"
            + " hold exactly the header's n documents end to end"),
    TOO_MANY_SOURCES("too_many_sources",
            "a batch from a new source when the daemon already tracks its maximum number of sources"),
    BAD_KAFKA_HEADERS("bad_kafka_headers", "a Kafka record whose ziggy-src header is not a source id (1 to 256"
            + " characters, none a control character) or whose ziggy-seq is not a positive decimal number");

    private final String wireName;
    private final String description;

    RejectReason(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** The name in STATUS and in log lines, e.g. {@code bad_type_name}. */
    public String wireName() {
        return wireName;
    }

    /** What the reason means, in words for a person, e.g. "a key or string that is not valid UTF-8". */
    public String description() {
        return description;
    }
}
