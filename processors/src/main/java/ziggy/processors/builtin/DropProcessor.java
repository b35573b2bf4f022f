package ziggy.processors.builtin;

import java.util.List;
import ziggy.processor.Decision;
import ziggy.processor.Emitter;
import ziggy.processor.Event;
import ziggy.processor.EventProcessor;
import ziggy.processor.FieldCondition;
import ziggy.processor.Processor;
import ziggy.processor.ProcessorContext;
import ziggy.processor.ProcessorFactory;
import ziggy.processor.ProcessorOptions;

/**
 * {@code drop:type=request.sql*,where=body.status=500|body.cached=true}: drops the events whose type
 * matches ({@link TypePattern}) and that meet every {@code where} condition (ziggyview's
 * {@code --where}: {@link FieldCondition}). Either option alone will do; with both, both must hold.
 * Conditions read their fields from the raw bytes.
 */
public final class DropProcessor implements EventProcessor {
    private final TypePattern types;
    private final FieldCondition[] conditions;

    private DropProcessor(TypePattern types, FieldCondition[] conditions) {
        this.types = types;
        this.conditions = conditions;
    }

    @Override
    public Decision process(Event event, Emitter emitter) {
        if (types != null && !types.matches(event.type())) {
            return Decision.KEEP;
        }
        for (FieldCondition condition : conditions) {
            if (!condition.test(event)) {
                return Decision.KEEP;
            }
        }
        return Decision.DROP;
    }

    public static final class Factory implements ProcessorFactory {
        @Override
        public String name() {
            return "drop";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            List<String> types = options.list("type", null);
            List<String> where = options.list("where", List.of());
            if (types == null && where.isEmpty()) {
                throw new IllegalArgumentException("drop: give type= or where= (e.g. drop:type=request.sql* or drop:where=body.status=500)");
            }
            FieldCondition[] conditions = new FieldCondition[where.size()];
            for (int i = 0; i < conditions.length; i++) {
                try {
                    conditions[i] = FieldCondition.parse(where.get(i));
                } catch (IllegalArgumentException e) {
                    throw options.invalid("where", e.getMessage());
                }
            }
            return new DropProcessor(types == null ? null : TypePattern.of(types), conditions);
        }
    }
}
