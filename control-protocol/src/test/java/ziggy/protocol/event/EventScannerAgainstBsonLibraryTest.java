package ziggy.protocol.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import ziggy.protocol.control.ControlReplies;

/**
 * Holds the scanner to MongoDB's own BSON library: every document the library writes, of every
 * BSON type, is accepted with its fields found; and for random damage to such documents the scanner
 * never throws, rejects everything the library cannot read, and where it rejects what the library
 * reads, it is only for a rule stricter than the library's on purpose (UTF-8, which the library
 * replaces but Python's reader refuses; and the type name).
 */
class EventScannerAgainstBsonLibraryTest {
    private static final Set<RejectReason> STRICTER_THAN_LIBRARY = Set.of(RejectReason.INVALID_UTF8,
            RejectReason.MISSING_TYPE, RejectReason.TYPE_NOT_STRING, RejectReason.BAD_TYPE_NAME);

    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent event = new ScannedEvent();
    private final RandomEvents events = new RandomEvents(20261123L);

    @Test
    void everyDocumentTheLibraryWritesIsAccepted() {
        for (int i = 0; i < 2000; i++) {
            BsonDocument document = events.event();
            byte[] bytes = ControlReplies.encode(document);
            assertTrue(scanner.scan(ByteBuffer.wrap(bytes), 0, bytes.length, event),
                    () -> event.reason() + " for " + document.toJson());
            assertEquals(document.getString("type").getValue(), new String(bytes, event.typeOffset(), event.typeLength(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(document.getDouble("start").getValue(), event.start());
        }
    }

    @Test
    void randomDamageNeverCrashesAndNeverLetsThroughWhatTheLibraryRefuses() {
        Map<RejectReason, Integer> seen = new EnumMap<>(RejectReason.class);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = events.damaged(ControlReplies.encode(events.event()));
            boolean accepted;
            try {
                accepted = scanner.scan(ByteBuffer.wrap(bytes), 0, bytes.length, event);
            } catch (RuntimeException e) {
                throw new AssertionError("scanner threw on " + ByteBuffer.wrap(bytes), e);
            }
            boolean libraryReads = BsonLibrary.decodes(bytes);
            if (accepted && !libraryReads) {
                fail("accepted what the library refuses: " + java.util.HexFormat.of().formatHex(bytes));
            }
            if (!accepted && libraryReads && !STRICTER_THAN_LIBRARY.contains(event.reason())) {
                fail("rejected as " + event.reason() + " what the library reads: " + java.util.HexFormat.of().formatHex(bytes));
            }
            if (!accepted) {
                seen.merge(event.reason(), 1, Integer::sum);
            }
        }
        assertTrue(seen.size() >= 6, "damage should exercise many reasons: " + seen);
    }
}
