package ziggy.protocol.event;

/**
 * Why an incoming message was not taken in. Each reason has a stable wire name: the key it is
 * counted under in STATUS's {@code rejected} document, and the word it is logged with.
 */
public enum RejectReason {
    /** A frame of zero bytes. */
    EMPTY("empty"),
    /** Shorter than the smallest document (5 bytes), or its bytes do not walk as BSON at all. */
    NOT_BSON("not_bson"),
    /** The document's declared length disagrees with the frame, or a nested length with its parent. */
    LENGTH_MISMATCH("length_mismatch"),
    /** The frame ends before the document does: a clean prefix of a longer document. */
    TRUNCATED("truncated"),
    /** A document whose last byte, where its length says it ends, is not the 0x00 terminator. */
    BAD_TERMINATOR("bad_terminator"),
    /** An element type byte that the BSON specification does not define. */
    BAD_TYPE_BYTE("bad_type_byte"),
    /** A value with an impossible encoding: a string length below 1, a boolean other than 0 or 1, … */
    BAD_VALUE("bad_value"),
    /** A key or string whose bytes are not valid UTF-8. */
    INVALID_UTF8("invalid_utf8"),
    /** Documents or arrays nested deeper than {@link EventScanner#MAX_DEPTH} levels. */
    TOO_DEEP("too_deep"),
    /** A well-formed document without a top-level {@code type}. */
    MISSING_TYPE("missing_type"),
    /** A top-level {@code type} that is not a BSON string. */
    TYPE_NOT_STRING("type_not_string"),
    /** A {@code type} that breaks the name rule of {@link TypeNames}. */
    BAD_TYPE_NAME("bad_type_name"),
    /** A valid event of a new type when the daemon already knows its maximum number of types. */
    TOO_MANY_TYPES("too_many_types"),
    /** A message larger than the configured maximum; its bytes were never kept. */
    OVERSIZED("oversized"),
    /** A message of several frames that is not a shape the daemon takes (a batch has exactly two). */
    BAD_MULTIPART("bad_multipart"),
    /**
     * A forwarder batch whose header is not a version 1 header, or whose events frame does not hold
     * exactly the header's {@code n} documents end to end; the good events before the damage are taken.
     */
    BAD_BATCH("bad_batch"),
    /** A batch from a new source when the daemon already tracks its maximum number of sources. */
    TOO_MANY_SOURCES("too_many_sources");

    private final String wireName;

    RejectReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name in STATUS and in log lines, e.g. {@code bad_type_name}. */
    public String wireName() {
        return wireName;
    }
}
