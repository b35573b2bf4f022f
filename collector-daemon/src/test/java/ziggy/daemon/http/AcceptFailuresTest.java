package ziggy.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class AcceptFailuresTest {
    private final ConnectionTally tally = new ConnectionTally();
    private final EmbeddedChannel listener = new EmbeddedChannel(new AcceptFailures(tally));

    @Test
    void aFailedAcceptIsCountedAndAcceptingPausesAMomentThenResumes() {
        listener.freezeTime();
        listener.pipeline().fireExceptionCaught(new IOException("Too many open files"));
        listener.checkException(); // nothing went on to the pipeline's tail
        assertEquals(1, tally.snapshot(0).acceptFailures());
        assertFalse(listener.config().isAutoRead(), "accepting pauses");

        listener.advanceTimeBy(AcceptFailures.PAUSE_MILLIS - 1, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
        assertFalse(listener.config().isAutoRead());
        listener.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
        assertTrue(listener.config().isAutoRead(), "and resumes");
    }

    @Test
    void anythingButAnIoFailureGoesOnUncounted() {
        listener.pipeline().fireExceptionCaught(new IllegalStateException("a bug"));
        assertThrows(IllegalStateException.class, listener::checkException);
        assertEquals(0, tally.snapshot(0).acceptFailures());
        assertTrue(listener.config().isAutoRead());
    }
}
