package ziggy.client;

import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * Hands each event to the application's recorder as a BSON document over the very bytes the network would
 * carry, on the thread that closed the context, as Ziggy's {@code recorder=} does. For applications' tests.
 */
final class RecorderSink implements EventSink {
    private final Consumer<? super BsonDocument> recorder;
    private final Counters counters;

    RecorderSink(Consumer<? super BsonDocument> recorder, Counters counters) {
        this.recorder = recorder;
        this.counters = counters;
    }

    @Override
    public void accept(byte[] event) {
        try {
            recorder.accept(new RawBsonDocument(event));
            counters.sent();
        } catch (RuntimeException e) {
            counters.dropped(DropReason.RECORDER_FAILED, e.toString());
        }
    }

    @Override
    public long queued() {
        return 0;
    }

    @Override
    public void close() {
        // nothing is pending: every event went to the recorder when its context closed
    }
}
