package ziggy.processors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One processor as the command line names it: {@code NAME[:key=value,...]}, as in
 * {@code --processor redact:fields=body.password|body.card}. A value runs to the next {@code ,}
 * and may hold {@code =} ({@code where=body.status=500}) and {@code |} (a list); it cannot hold
 * {@code ,} or {@code ;}. Several specs in one text ({@code ZIGGYD_PROCESSORS}, the configuration
 * file) are separated by {@code ;} and make the same chain as the same specs given one by one.
 *
 * @param name the factory's name
 * @param options the options in the order written
 */
public record ProcessorSpec(String name, Map<String, String> options) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public ProcessorSpec {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** @throws IllegalArgumentException with a one-line message when {@code text} is not NAME[:key=value,...] */
    public static ProcessorSpec parse(String text) {
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String name = colon < 0 ? trimmed : trimmed.substring(0, colon);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("processor '" + trimmed + "': '" + name
                    + "' is not a processor name (lower-case letters, digits, - and _), as in redact:fields=body.password");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : trimmed.substring(colon + 1).split(",", -1)) {
                String option = pair.strip();
                int equals = option.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("processor '" + trimmed + "': '" + option + "' is not key=value");
                }
                String key = option.substring(0, equals).strip();
                if (options.put(key, option.substring(equals + 1).strip()) != null) {
                    throw new IllegalArgumentException("processor '" + trimmed + "': option '" + key + "' is given twice");
                }
            }
        }
        return new ProcessorSpec(name, options);
    }

    /** A {@code ;}-separated list of specs; empty entries (a trailing {@code ;}) are skipped. */
    public static List<ProcessorSpec> parseList(String text) {
        List<ProcessorSpec> specs = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            if (!part.isBlank()) {
                specs.add(parse(part));
            }
        }
        return List.copyOf(specs);
    }

    /** The spec written back as text, {@code NAME:key=value,...}; parses to an equal spec. */
    @Override
    public String toString() {
        if (options.isEmpty()) {
            return name;
        }
        StringBuilder text = new StringBuilder(name).append(':');
        options.forEach((key, value) -> text.append(key).append('=').append(value).append(','));
        text.setLength(text.length() - 1);
        return text.toString();
    }
}
