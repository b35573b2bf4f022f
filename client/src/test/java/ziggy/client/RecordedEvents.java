package ziggy.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Ziggy configured with a recorder for each test, and closed after it: {@link #events} holds what the test's
 * contexts sent, in order. A synchronized list rather than a copy-on-write one: the sampling tests record tens
 * of thousands, each of which would copy the whole list.
 */
final class RecordedEvents implements BeforeEachCallback, AfterEachCallback {
    final List<BsonDocument> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeEach(ExtensionContext test) {
        Ziggy.configure(events::add);
    }

    @Override
    public void afterEach(ExtensionContext test) {
        Ziggy.close();
    }
}
