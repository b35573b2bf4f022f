package ziggy.processor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One processor's {@code key=value} options, with typed getters. Every getter marks its key as
 * known; once the factory has made its processor, {@link #requireAllUsed()} refuses the keys nobody
 * read, so a misspelt option is an error, not silently ignored. Every failure is an
 * {@link IllegalArgumentException} whose one-line message names the processor and the key.
 */
public final class ProcessorOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private final String processor;
    private final Map<String, String> values;
    private final Set<String> known = new LinkedHashSet<>();

    public ProcessorOptions(String processor, Map<String, String> values) {
        this.processor = processor;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The processor's name, as the messages give it. */
    public String processor() {
        return processor;
    }

    /** The options as written. */
    public Map<String, String> asMap() {
        return values;
    }

    public boolean has(String key) {
        known.add(key);
        return values.containsKey(key);
    }

    /** A required string option. */
    public String string(String key) {
        String value = string(key, null);
        if (value == null) {
            throw new IllegalArgumentException(processor + ": option '" + key + "' is required");
        }
        return value;
    }

    public String string(String key, String defaultValue) {
        known.add(key);
        String value = values.get(key);
        return value == null ? defaultValue : value;
    }

    /** A required list, written {@code a|b|c}; no item may be empty. */
    public List<String> list(String key) {
        return splitList(key, string(key));
    }

    public List<String> list(String key, List<String> defaultValue) {
        String value = string(key, null);
        return value == null ? defaultValue : splitList(key, value);
    }

    private List<String> splitList(String key, String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split("\\|", -1)) {
            if (item.isEmpty()) {
                throw invalid(key, "an empty item in the list (items are separated by |)");
            }
            items.add(item);
        }
        return List.copyOf(items);
    }

    /** A required duration: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}. */
    public Duration duration(String key) {
        return parseDuration(key, string(key));
    }

    public Duration duration(String key, Duration defaultValue) {
        String value = string(key, null);
        return value == null ? defaultValue : parseDuration(key, value);
    }

    private Duration parseDuration(String key, String text) {
        Duration duration = parseDuration(text);
        if (duration == null) {
            throw invalid(key, "not a duration (e.g. 500ms, 2s, 5m, 1h, 1d)");
        }
        return duration;
    }

    /** Parses {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}; null when {@code text} is none of these. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }

    public double doubleValue(String key) {
        return parseDouble(key, string(key));
    }

    public double doubleValue(String key, double defaultValue) {
        String value = string(key, null);
        return value == null ? defaultValue : parseDouble(key, value);
    }

    private double parseDouble(String key, String text) {
        try {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, "not a number");
    }

    public int intValue(String key) {
        return parseInt(key, string(key));
    }

    public int intValue(String key, int defaultValue) {
        String value = string(key, null);
        return value == null ? defaultValue : parseInt(key, value);
    }

    private int parseInt(String key, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(key, "not an integer");
        }
    }

    /** An error about one option's value: {@code "sample: option rate=2: must be in (0, 1]"}. */
    public IllegalArgumentException invalid(String key, String why) {
        String value = values.get(key);
        return new IllegalArgumentException(processor + ": option " + key + (value == null ? "" : "=" + value) + ": " + why);
    }

    /** The keys given but never read. */
    public Set<String> unused() {
        Set<String> unused = new LinkedHashSet<>(values.keySet());
        unused.removeAll(known);
        return unused;
    }

    /** @throws IllegalArgumentException naming the first key that no getter read, and the known ones */
    public void requireAllUsed() {
        Set<String> unused = unused();
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(processor + ": unknown option '" + unused.iterator().next()
                    + "' (known: " + String.join(", ", known) + ")");
        }
    }
}
