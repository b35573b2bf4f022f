package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.ZoneOffset;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.layout.EventDay;

/** One event: scanned, appended to the file of its type and day, counted, or rejected under its reason. */
class SingleEventIntakeTest {
    private static final double START = 1_763_900_000;
    private static final EventDay DAYS = new EventDay(ZoneOffset.UTC);

    private final IntakeStats stats = new IntakeStats();
    private final ListStore store = new ListStore();
    private final ZContext context = new ZContext(1);
    private final StreamPublisher stream = new StreamPublisher(context, "127.0.0.1", 1 << 16, stats, Thread::new);
    private final SingleEventIntake<String> intake = new SingleEventIntake<>(DAYS, store, stream, stats,
            new Rejections(stats), TypeLimits.of(2));

    @AfterEach
    void close() {
        stream.close();
        context.close();
    }

    @Test
    void aGoodEventIsAppendedExactlyAsReceivedToItsTypeAndDayAndCounted() {
        byte[] event = event("request", "web1");

        assertEquals(1, take(event));

        assertEquals(1, store.appended.size());
        ListStore.Appended appended = store.appended.get(0);
        assertEquals("request", appended.type());
        assertEquals(DAYS.dayOf(START, System.currentTimeMillis()), appended.day());
        assertArrayEquals(event, appended.bytes());
        assertEquals(1, stats.events.get());
        assertEquals(event.length, stats.bytes.get());
        assertEquals("request:1", stats.types().get(0).name() + ":" + stats.types().get(0).count());
        assertEquals("web1:1", stats.hosts().get(0).name() + ":" + stats.hosts().get(0).count());
    }

    @Test
    void anEventWithABadTypeNameIsRejectedUnderItsReasonAndNeverStored() {
        assertEquals(SingleEventIntake.REJECTED, take(event("no..dots", "web1")));

        assertEquals(1, stats.rejected(RejectReason.BAD_TYPE_NAME).get());
        assertEquals(0, store.appended.size());
        assertEquals(0, stats.events.get());
    }

    @Test
    void aBadTypeNameIsRejectedWhateverTypesAreKnownAndAKnownNameIsNotCheckedIntoRejection() {
        // The name's rule is checked only for names the table does not hold: one byte off a known name is unknown.
        assertEquals(1, take(event("request", "web1")));

        assertEquals(SingleEventIntake.REJECTED, take(event("request/", "web1")));
        assertEquals(SingleEventIntake.REJECTED, take(event("request.", "web1")));
        assertEquals(SingleEventIntake.REJECTED, take(event("reque/t", "web1")));
        assertEquals(2, take(event("request", "web1")));

        assertEquals(3, stats.rejected(RejectReason.BAD_TYPE_NAME).get());
        assertEquals(0, stats.rejected(RejectReason.TOO_MANY_TYPES).get());
        assertEquals(2, store.appended.size());
        assertEquals(1, stats.types().size());
    }

    @Test
    void pastTheMaximumNumberOfTypesANewTypeIsRejectedAndAKnownOneStillLands() {
        take(event("a", "web1"));
        take(event("b", "web1"));

        assertEquals(SingleEventIntake.REJECTED, take(event("c", "web1")));
        assertEquals(3, take(event("a", "web1")));
        assertEquals(1, stats.rejected(RejectReason.TOO_MANY_TYPES).get());
        // A bad name is refused for what it is, not for the table being full.
        assertEquals(SingleEventIntake.REJECTED, take(event("c..d", "web1")));
        assertEquals(1, stats.rejected(RejectReason.BAD_TYPE_NAME).get());
        assertEquals(1, stats.rejected(RejectReason.TOO_MANY_TYPES).get());
    }

    @Test
    void aPeerMakesAtMostItsShareOfTypesAndAnotherPeersNewTypesAreStillTaken() {
        SingleEventIntake<String> shared = new SingleEventIntake<>(DAYS, store, stream, stats, new Rejections(stats),
                new TypeLimits(10, 2));
        shared.fromPeer("192.0.2.66");
        assertEquals(1, take(shared, "invented.1"));
        assertEquals(2, take(shared, "invented.2"));
        assertEquals(SingleEventIntake.REJECTED, take(shared, "invented.3"), "its third new type");

        shared.fromPeer("192.0.2.7");
        assertEquals(3, take(shared, "request"), "another peer's new type is taken");
        assertEquals(4, take(shared, "invented.3"), "and so is one the first peer could not make");
        shared.fromPeer("192.0.2.66");
        assertEquals(5, take(shared, "request"), "a type known already is taken from anyone");
        shared.fromPeer(SingleEventIntake.LOCAL);
        assertEquals(6, take(shared, "python.app"), "the daemon's own intakes are a peer of their own");
        assertEquals(1, stats.rejected(RejectReason.TOO_MANY_TYPES).get());
    }

    @Test
    void anEventTheStoreCannotTakeIsNeitherCountedNorPublished() {
        store.takes = false;

        assertEquals(SingleEventIntake.NOT_STORED, take(event("request", "web1")));

        assertEquals(0, stats.events.get());
        assertEquals(0, stats.hosts().size(), "the host is counted only with an event kept");
    }

    @Test
    void anEventWithoutAHostCountsUnderUnknown() {
        byte[] event = ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                .append("start", new BsonDouble(START)));
        take(event);
        assertEquals("unknown", stats.hosts().get(0).name());
    }

    private long take(byte[] event) {
        return intake.take(ByteBuffer.wrap(event), 0, event.length, System.nanoTime());
    }

    private static long take(SingleEventIntake<String> into, String type) {
        byte[] event = event(type, "web1");
        return into.take(ByteBuffer.wrap(event), 0, event.length, System.nanoTime());
    }

    private static byte[] event(String type, String host) {
        return ControlReplies.encode(new BsonDocument("type", new BsonString(type))
                .append("host", new BsonString(host)).append("start", new BsonDouble(START)));
    }
}
