package ziggy.storage.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ReaderViewTest {
    private final ReaderView view = new ReaderView();

    private static Segment segment(long base, int records) {
        Segment segment = new Segment(Path.of(SegmentFormat.fileName(base)), base, 0);
        for (int i = 0; i < records; i++) {
            segment.recordAppended(base + i);
        }
        return segment;
    }

    @Test
    void aCursorIsSentToTheFirstSegmentThatMayHoldItsSeqAndToTheHeadWhenNoneDoes() {
        Segment first = segment(1, 10);
        Segment second = segment(11, 10);
        Segment head = segment(21, 0);
        view.publish(List.of(first, second, head));

        assertSame(first, view.locate(5, 0).segment());
        assertSame(second, view.locate(15, 0).segment());
        assertSame(head, view.locate(15, second.baseSeq).segment(), "after the second, only the head is left");
        assertTrue(view.locate(500, 0).head(), "a seq not yet appended waits in the head");
        assertNull(view.locate(500, head.baseSeq), "nothing after the head");
    }

    @Test
    void aReaderLearnsThatItsSegmentIsNoLongerTheHeadOnlyOnceTheNewListIsPublished() {
        Segment old = segment(1, 10);
        view.publish(List.of(old));
        assertTrue(view.refresh(old).head());
        Segment fresh = segment(11, 0);
        view.publish(List.of(old, fresh));
        assertFalse(view.refresh(old).head());
    }

    @Test
    void theFirstReadIsRememberedForARelaysCut() {
        view.publish(List.of(segment(1, 0)));
        assertFalse(view.readSinceOpen());
        view.locate(1, 0);
        assertTrue(view.readSinceOpen());
    }

    @Test
    void aRaisedReadLimitWakesTheParkedReader() {
        AtomicBoolean sawLimit = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (view.readLimit() < 100) {
                LockSupport.park(this);
            }
            sawLimit.set(true);
        });
        view.wakeOnVisible(reader);
        view.limit(10);
        reader.start();
        view.limit(100);
        await().atMost(Duration.ofSeconds(5)).untilTrue(sawLimit);
    }
}
