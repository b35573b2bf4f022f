package ziggy.processors;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import ziggy.processor.Event;
import ziggy.processor.ProcessorContext;

/** A sink that keeps what comes out, a clock the test moves, and chains built from spec text. */
public final class TestSupport {
    private TestSupport() {
    }

    /** What reached the sink, as the exact arrays and slices handed over. */
    public static final class CollectingSink implements EventSink {
        public final List<ByteBuffer> buffers = new ArrayList<>();
        public final List<BsonDocument> documents = new ArrayList<>();

        @Override
        public void accept(ByteBuffer buffer, int offset, int length) {
            buffers.add(buffer);
            documents.add(Event.of(buffer, offset, length).document());
        }
    }

    public static final class MovableClock extends Clock {
        private Instant now;
        private final ZoneId zone;

        public MovableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new MovableClock(now, z);
        }
    }

    public static ProcessorContext context(Clock clock) {
        return new ProcessorContext(clock.getZone(), clock, "test-host");
    }

    public static ProcessorChain chain(String specs, Clock clock, EventSink sink) {
        return ProcessorChain.build(ProcessorSpec.parseList(specs), ProcessorCatalog.builtIn(), context(clock), sink);
    }

    public static ProcessorChain chain(String specs, EventSink sink) {
        return chain(specs, new MovableClock(Instant.parse("2026-11-22T10:00:00Z"), ZoneId.of("UTC")), sink);
    }

    public static byte[] bson(String json) {
        return Event.encode(BsonDocument.parse(json));
    }

    public static void send(ProcessorChain chain, byte[] bytes) {
        chain.accept(bytes, 0, bytes.length);
    }
}
