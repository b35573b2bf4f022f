package ziggy.processors;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import ziggy.processor.Decision;
import ziggy.processor.Emitter;
import ziggy.processor.EventProcessor;
import ziggy.processor.Processor;
import ziggy.processor.ProcessorContext;
import ziggy.processor.ProcessorFactory;
import ziggy.processor.ProcessorOptions;
import ziggy.processor.Schedule;
import ziggy.processor.TimerProcessor;

/** Processors for the chain's tests, registered in the test resources' services file. */
public final class TestProcessors {
    private TestProcessors() {
    }

    /** {@code mark:name=X}: appends X to {@code body.marks}, so a test sees which processors an event went through. */
    public static final class Mark implements ProcessorFactory {
        @Override
        public String name() {
            return "mark";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            BsonString name = new BsonString(options.string("name"));
            return (EventProcessor) (event, emitter) -> {
                BsonDocument document = event.document();
                BsonDocument body = document.isDocument("body") ? document.getDocument("body") : new BsonDocument();
                BsonArray marks = body.isArray("marks") ? body.getArray("marks") : new BsonArray();
                marks.add(name);
                body.put("marks", marks);
                document.put("body", body);
                return Decision.replace(document);
            };
        }
    }

    /** {@code fail}: throws on every event whose {@code body.fail} is true. */
    public static final class Fail implements ProcessorFactory {
        @Override
        public String name() {
            return "fail";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            return (EventProcessor) (event, emitter) -> {
                if (event.field("body.fail") != null && event.field("body.fail").asBoolean().getValue()) {
                    throw new IllegalStateException("fail: told to");
                }
                return Decision.KEEP;
            };
        }
    }

    /** {@code copy}: emits a copy of each event typed {@code <type>.copy}, and keeps the event. */
    public static final class Copy implements ProcessorFactory {
        @Override
        public String name() {
            return "copy";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            return (EventProcessor) (event, emitter) -> {
                if (!event.type().endsWith(".copy")) {
                    emitter.emit(event.withType(event.type() + ".copy"));
                }
                return Decision.KEEP;
            };
        }
    }

    /** {@code tick:every=2s} or {@code tick:at=02:30}: records each firing and emits {@code {type: tick}}. */
    public static final class Tick implements ProcessorFactory {
        public static final List<Instant> FIRED = new ArrayList<>();

        @Override
        public String name() {
            return "tick";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            Schedule schedule = options.has("every") ? Schedule.every(options.duration("every"))
                    : Schedule.at(LocalTime.parse(options.string("at")), context.zone());
            boolean fail = options.string("fail", "no").equals("yes");
            return new TimerProcessor() {
                @Override
                public Schedule schedule() {
                    return schedule;
                }

                @Override
                public void fire(Instant now, Emitter emitter) {
                    FIRED.add(now);
                    if (fail) {
                        throw new IllegalStateException("tick: told to fail");
                    }
                    emitter.emit(new BsonDocument("type", new BsonString("tick")));
                }
            };
        }
    }


}
