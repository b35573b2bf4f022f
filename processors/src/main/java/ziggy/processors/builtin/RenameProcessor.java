package ziggy.processors.builtin;

import ziggy.processor.Decision;
import ziggy.processor.Emitter;
import ziggy.processor.Event;
import ziggy.processor.EventProcessor;
import ziggy.processor.Processor;
import ziggy.processor.ProcessorContext;
import ziggy.processor.ProcessorFactory;
import ziggy.processor.ProcessorOptions;

/**
 * {@code rename:from=request,to=web.request}: gives the events of type {@code from}, and of the
 * types under it ({@code from.*}, whole name segments: {@code requests} is not under
 * {@code request}), the prefix {@code to} instead. Only the type string changes in the bytes. A
 * result longer than the type-name rule allows is the processor's failure ({@code on-error}).
 */
public final class RenameProcessor implements EventProcessor {
    private final String from;
    private final String to;

    private RenameProcessor(String from, String to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public Decision process(Event event, Emitter emitter) {
        String type = event.type();
        if (type == null || !type.startsWith(from) || (type.length() > from.length() && type.charAt(from.length()) != '.')) {
            return Decision.KEEP;
        }
        String renamed = to + type.substring(from.length());
        if (!Event.isValidType(renamed)) {
            throw new IllegalStateException("rename: '" + type + "' would become '" + renamed + "', which breaks the type-name rule");
        }
        return Decision.replace(event.withType(renamed));
    }

    public static final class Factory implements ProcessorFactory {
        @Override
        public String name() {
            return "rename";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            String from = options.string("from");
            String to = options.string("to");
            if (!Event.isValidType(from)) {
                throw options.invalid("from", "not a type name (1-200 of [A-Za-z0-9_.-], no leading, trailing or double '.')");
            }
            if (!Event.isValidType(to)) {
                throw options.invalid("to", "not a type name (1-200 of [A-Za-z0-9_.-], no leading, trailing or double '.')");
            }
            return new RenameProcessor(from, to);
        }
    }
}
