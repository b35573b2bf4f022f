package ziggy.example;

import org.bson.BsonDocument;
import org.bson.BsonString;
import ziggy.processor.Decision;
import ziggy.processor.Emitter;
import ziggy.processor.Event;
import ziggy.processor.EventProcessor;
import ziggy.processor.Processor;
import ziggy.processor.ProcessorContext;
import ziggy.processor.ProcessorFactory;
import ziggy.processor.ProcessorOptions;

/**
 * {@code tag:value=NAME}: sets {@code body.tagged_by} to NAME in every event (a {@code body} is made
 * when the event has none). An example of a plugin: one factory, one processor, one services file.
 * {@code fail-every=N} makes it throw on every N-th event instead, to show how the daemon isolates a
 * plugin that fails.
 */
public final class TagProcessor implements EventProcessor {
    private final BsonString value;
    private final int failEvery;
    private long seen;

    TagProcessor(String value, int failEvery) {
        this.value = new BsonString(value);
        this.failEvery = failEvery;
    }

    @Override
    public Decision process(Event event, Emitter emitter) {
        seen++;
        if (failEvery > 0 && seen % failEvery == 0) {
            throw new IllegalStateException("tag: failing on event " + seen + ", as fail-every=" + failEvery + " asks");
        }
        BsonDocument document = event.document();
        BsonDocument body = document.isDocument("body") ? document.getDocument("body") : new BsonDocument();
        body.put("tagged_by", value);
        document.put("body", body);
        return Decision.replace(document);
    }

    /** Found by ServiceLoader through META-INF/services/ziggy.processor.ProcessorFactory. */
    public static final class Factory implements ProcessorFactory {
        @Override
        public String name() {
            return "tag";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            return new TagProcessor(options.string("value"), options.intValue("fail-every", 0));
        }
    }
}
