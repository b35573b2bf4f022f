package ziggy.processors.builtin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import ziggy.processor.Decision;
import ziggy.processor.Emitter;
import ziggy.processor.Event;
import ziggy.processor.EventProcessor;
import ziggy.processor.FieldPath;
import ziggy.processor.Processor;
import ziggy.processor.ProcessorContext;
import ziggy.processor.ProcessorFactory;
import ziggy.processor.ProcessorOptions;

/**
 * {@code redact:fields=body.password|body.card[,mode=remove|sha256]}: removes each field
 * ({@code mode=remove}, the default), or replaces a string value by the lower-case hex of its UTF-8
 * SHA-256 ({@code mode=sha256}, so equal secrets stay comparable; a value that is not a string is
 * removed). An array element named by index becomes null rather than shifting the others.
 *
 * <p>The fields are looked for in the raw bytes; only an event that holds one of them is decoded and
 * re-encoded. Every other event goes on as the very same bytes.
 */
public final class RedactProcessor implements EventProcessor {
    private final FieldPath[] fields;
    private final MessageDigest sha256;

    private RedactProcessor(FieldPath[] fields, MessageDigest sha256) {
        this.fields = fields;
        this.sha256 = sha256;
    }

    @Override
    public Decision process(Event event, Emitter emitter) {
        int first = firstPresent(event);
        if (first < 0) {
            return Decision.KEEP;
        }
        BsonDocument document = event.document();
        for (int i = first; i < fields.length; i++) {
            redact(document, fields[i]);
        }
        return Decision.replace(document);
    }

    private int firstPresent(Event event) {
        for (int i = 0; i < fields.length; i++) {
            if (event.has(fields[i])) {
                return i;
            }
        }
        return -1;
    }

    private void redact(BsonDocument document, FieldPath path) {
        BsonValue container = document;
        int last = path.length() - 1;
        for (int i = 0; i < last && container != null; i++) {
            container = child(container, path.step(i));
        }
        if (container == null) {
            return;
        }
        String step = path.step(last);
        BsonValue value = child(container, step);
        if (value == null) {
            return;
        }
        BsonValue replacement = sha256 != null && value.isString() ? new BsonString(hash(value.asString().getValue())) : null;
        if (container.isDocument()) {
            if (replacement == null) {
                container.asDocument().remove(step);
            } else {
                container.asDocument().put(step, replacement);
            }
        } else {
            container.asArray().set(Integer.parseInt(step), replacement == null ? BsonNull.VALUE : replacement);
        }
    }

    private static BsonValue child(BsonValue container, String step) {
        if (container.isDocument()) {
            return container.asDocument().get(step);
        }
        if (container.isArray() && !step.isEmpty() && step.length() < 10 && step.chars().allMatch(c -> c >= '0' && c <= '9')) {
            BsonArray array = container.asArray();
            int index = Integer.parseInt(step);
            return index < array.size() ? array.get(index) : null;
        }
        return null;
    }

    private String hash(String value) {
        return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    public static final class Factory implements ProcessorFactory {
        @Override
        public String name() {
            return "redact";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            List<String> names = options.list("fields");
            FieldPath[] fields = new FieldPath[names.size()];
            for (int i = 0; i < fields.length; i++) {
                try {
                    fields[i] = FieldPath.of(names.get(i));
                } catch (IllegalArgumentException e) {
                    throw options.invalid("fields", e.getMessage());
                }
            }
            String mode = options.string("mode", "remove");
            switch (mode) {
                case "remove":
                    return new RedactProcessor(fields, null);
                case "sha256":
                    try {
                        return new RedactProcessor(fields, MessageDigest.getInstance("SHA-256"));
                    } catch (NoSuchAlgorithmException e) {
                        throw new IllegalStateException("every Java has SHA-256", e);
                    }
                default:
                    throw options.invalid("mode", "must be remove or sha256");
            }
        }
    }
}
