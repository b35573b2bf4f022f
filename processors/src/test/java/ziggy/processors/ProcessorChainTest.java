package ziggy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.processors.TestSupport.bson;
import static ziggy.processors.TestSupport.chain;
import static ziggy.processors.TestSupport.send;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ziggy.processors.TestSupport.CollectingSink;
import ziggy.processors.TestSupport.MovableClock;

class ProcessorChainTest {
    private final CollectingSink sink = new CollectingSink();

    @BeforeEach
    void clearTicks() {
        TestProcessors.Tick.FIRED.clear();
    }

    @Test
    void aThrowingProcessorPassesTheEventOnUnchangedAndCountsTheError() {
        ProcessorChain chain = chain("fail; mark:name=after", sink);
        byte[] failing = bson("{type: 'a', body: {fail: true}}");
        for (int i = 0; i < 3; i++) {
            send(chain, failing);
        }
        send(chain, bson("{type: 'a', body: {fail: false}}"));
        assertEquals(4, sink.documents.size());
        assertEquals(new BsonArray(List.of(new BsonString("after"))), sink.documents.get(0).getDocument("body").get("marks"));
        ProcessorStats fail = chain.stats().get(0);
        assertEquals(new ProcessorStats("fail", 4, 1, 0, 0, 0, 3, 0), fail);
        assertEquals(4, chain.stats().get(1).in());
    }

    @Test
    void aProcessorFailingThousandsOfTimesASecondIsLoggedOnceAndNothingIsThrown() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(ProcessorChain.class.getName());
        List<java.util.logging.LogRecord> records = new ArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        log.setUseParentHandlers(false);
        try {
            ProcessorChain chain = chain("fail; fail:on-error=drop", sink);
            byte[] failing = bson("{type: 'a', body: {fail: true}}");
            for (int i = 0; i < 5000; i++) {
                send(chain, failing);
            }
            assertEquals(5000, chain.stats().get(0).errors());
            assertEquals(5000, chain.stats().get(1).errors());
            assertEquals(0, sink.documents.size());
            // One line per processor: each has its own one-second limit (unless the loop took over a second).
            assertTrue(records.size() >= 2 && records.size() <= 6, records.size() + " records");
            assertEquals("processor fail (#1) failed on an event, which was passed on unchanged", records.get(0).getMessage());
            assertEquals("processor fail (#2) failed on an event, which was dropped", records.get(1).getMessage());
        } finally {
            log.removeHandler(handler);
            log.setUseParentHandlers(true);
        }
    }

    @Test
    void withOnErrorDropAThrowingProcessorDropsTheEventAndCountsTheError() {
        ProcessorChain chain = chain("fail:on-error=drop; mark:name=after", sink);
        send(chain, bson("{type: 'a', body: {fail: true}}"));
        send(chain, bson("{type: 'a', body: {fail: false}}"));
        assertEquals(1, sink.documents.size());
        assertEquals(new ProcessorStats("fail", 2, 1, 0, 0, 0, 1, 0), chain.stats().get(0));
        assertEquals(1, chain.stats().get(1).in());
    }

    @Test
    void anEmittedEventGoesThroughTheProcessorsAfterTheEmitterOnly() {
        ProcessorChain chain = chain("mark:name=before; copy; mark:name=after", sink);
        send(chain, bson("{type: 'request', id: 'x'}"));
        assertEquals(2, sink.documents.size());
        // The copy is emitted while the original is still at "copy": it comes out first.
        assertEquals("request.copy", sink.documents.get(0).getString("type").getValue());
        assertEquals(List.of("before", "after"), marks(0));
        assertEquals("request", sink.documents.get(1).getString("type").getValue());
        assertEquals(List.of("before", "after"), marks(1));
        assertEquals(1, chain.stats().get(0).in());
        assertEquals(1, chain.stats().get(1).emitted());
        assertEquals(2, chain.stats().get(2).in());
    }

    @Test
    void anEmittedEventSkipsTheProcessorsBeforeTheEmitter() {
        ProcessorChain chain = chain("mark:name=before; copy", sink);
        send(chain, bson("{type: 'request'}"));
        assertEquals(List.of("before"), marks(0));
        assertEquals("request.copy", sink.documents.get(0).getString("type").getValue());
        assertEquals(List.of("before"), marks(1));
    }

    private List<String> marks(int i) {
        List<String> marks = new ArrayList<>();
        sink.documents.get(i).getDocument("body").getArray("marks").forEach(v -> marks.add(v.asString().getValue()));
        return marks;
    }

    @Test
    void anEveryTimerFiresOncePerIntervalAndSkipsWhatALateTickMissed() {
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        MovableClock clock = new MovableClock(t0, ZoneId.of("UTC"));
        ProcessorChain chain = chain("tick:every=2s; mark:name=after", clock, sink);
        for (long ms = 0; ms <= 6000; ms += 100) {
            chain.onTick(t0.plusMillis(ms));
        }
        assertEquals(List.of(t0.plusSeconds(2), t0.plusSeconds(4), t0.plusSeconds(6)), TestProcessors.Tick.FIRED);
        chain.onTick(t0.plusMillis(11_300)); // 8 s and 10 s were missed: one firing, then 12 s is next
        chain.onTick(t0.plusMillis(11_900));
        chain.onTick(t0.plusMillis(12_000));
        assertEquals(List.of(t0.plusSeconds(2), t0.plusSeconds(4), t0.plusSeconds(6), t0.plusMillis(11_300), t0.plusSeconds(12)),
                TestProcessors.Tick.FIRED);
        // What the timer emitted went through the processors after it.
        assertEquals(5, sink.documents.size());
        assertEquals("tick", sink.documents.get(0).getString("type").getValue());
        assertEquals(new BsonArray(List.of(new BsonString("after"))), sink.documents.get(0).getDocument("body").get("marks"));
        assertEquals(5, chain.stats().get(0).fired());
        assertEquals(5, chain.stats().get(0).emitted());
    }

    @Test
    void anAtTimerFiresOnceADayAcrossBothDstChangesWhateverTheTicks() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        // 2026-03-29 02:30 does not exist in Paris (02:00 -> 03:00); 2026-10-25 02:30 happens twice.
        for (LocalDate firstDay : List.of(LocalDate.of(2026, 3, 27), LocalDate.of(2026, 10, 23))) {
            TestProcessors.Tick.FIRED.clear();
            Instant start = firstDay.atStartOfDay(paris).toInstant();
            MovableClock clock = new MovableClock(start, paris);
            ProcessorChain chain = chain("tick:at=02:30", clock, sink);
            // Irregular ticks, 30 s to 7 min apart, over five days.
            long step = 0;
            for (Instant now = start; now.isBefore(start.plus(Duration.ofDays(5))); now = now.plusSeconds(30 + (step++ * 97) % 400)) {
                chain.onTick(now);
            }
            List<ZonedDateTime> fired = new ArrayList<>();
            TestProcessors.Tick.FIRED.forEach(t -> fired.add(t.atZone(paris)));
            assertEquals(5, fired.size(), fired.toString());
            for (int day = 0; day < 5; day++) {
                assertEquals(firstDay.plusDays(day), fired.get(day).toLocalDate(), fired.toString());
                int minutes = fired.get(day).getHour() * 60 + fired.get(day).getMinute();
                boolean springGap = firstDay.plusDays(day).equals(LocalDate.of(2026, 3, 29));
                int due = springGap ? 3 * 60 + 30 : 2 * 60 + 30;
                assertTrue(minutes >= due && minutes <= due + 7, fired.get(day).toString());
            }
        }
    }

    @Test
    void aFailingTimerIsCountedAndTheNextDueTimeStillComes() {
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        ProcessorChain chain = chain("tick:every=1s,fail=yes", new MovableClock(t0, ZoneId.of("UTC")), sink);
        chain.onTick(t0.plusSeconds(1));
        chain.onTick(t0.plusSeconds(2));
        assertEquals(2, chain.stats().get(0).errors());
        assertEquals(2, chain.stats().get(0).fired());
    }

    @Test
    void aReplacementWithABadTypeIsTheProcessorsFailure() {
        ProcessorChain chain = chain("rename:from=a,to=" + "b".repeat(200), sink);
        byte[] event = bson("{type: 'a.x'}");
        send(chain, event);
        assertEquals(1, chain.stats().get(0).errors());
        assertSame(event, sink.buffers.get(0).array());
    }

    @Test
    void optionMistakesAreOneLineMessagesNamingProcessorAndKey() {
        IllegalArgumentException unknownName = assertThrows(IllegalArgumentException.class, () -> chain("nope:x=1", sink));
        assertEquals("unknown processor 'nope' (known: copy, drop, fail, mark, redact, rename, sample, summary, tick)",
                unknownName.getMessage());
        assertEquals("redact: unknown option 'feilds' (known: on-error, fields, mode)",
                assertThrows(IllegalArgumentException.class, () -> chain("redact:fields=body.a,feilds=x", sink)).getMessage());
        assertEquals("sample: option rate=2: must be more than 0 and at most 1",
                assertThrows(IllegalArgumentException.class, () -> chain("sample:rate=2", sink)).getMessage());
        assertEquals("summary: option interval=2x: not a duration (e.g. 500ms, 2s, 5m, 1h, 1d)",
                assertThrows(IllegalArgumentException.class, () -> chain("summary:interval=2x", sink)).getMessage());
        assertEquals("drop: option on-error=maybe: must be pass or drop",
                assertThrows(IllegalArgumentException.class, () -> chain("drop:type=a,on-error=maybe", sink)).getMessage());
        assertEquals("redact: option 'fields' is required",
                assertThrows(IllegalArgumentException.class, () -> chain("redact", sink)).getMessage());
    }
}
