package ziggy.processor;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A dotted path into an event, {@code body.response.status}: each step is a key of a document, or
 * the index of an array element written in decimal ({@code body.tags.1}). Parsed once and kept, so
 * that looking a field up in each event ({@link Event#field(FieldPath)}) splits no string and
 * allocates nothing until the value is found.
 */
public final class FieldPath {
    private final String text;
    private final String[] steps;
    /** Each step's key as UTF-8, as it is compared with a document's raw keys. */
    final byte[][] keys;
    /** Each step as an array index's key ("01" reads element 1, key "1"), or null when it is no index. */
    final byte[][] indexKeys;
    /** A key shorter than 8 bytes as a little-endian word (its first byte lowest), compared in one step; see {@link #word}. */
    final long[] keyWords;
    final long[] indexKeyWords;

    private FieldPath(String text, String[] steps) {
        this.text = text;
        this.steps = steps;
        this.keys = new byte[steps.length][];
        this.indexKeys = new byte[steps.length][];
        this.keyWords = new long[steps.length];
        this.indexKeyWords = new long[steps.length];
        for (int i = 0; i < steps.length; i++) {
            keys[i] = steps[i].getBytes(StandardCharsets.UTF_8);
            keyWords[i] = word(keys[i]);
            if (isIndex(steps[i])) {
                indexKeys[i] = Integer.toString(Integer.parseInt(steps[i])).getBytes(StandardCharsets.US_ASCII);
                indexKeyWords[i] = word(indexKeys[i]);
            }
        }
    }

    /** The bytes of a key shorter than 8 as a little-endian word; 0 for a longer key (compared byte by byte). */
    private static long word(byte[] key) {
        if (key.length >= 8) {
            return 0;
        }
        long word = 0;
        for (int i = key.length - 1; i >= 0; i--) {
            word = (word << 8) | (key[i] & 0xFF);
        }
        return word;
    }

    /** @throws IllegalArgumentException when {@code dotted} is empty, or starts, ends or doubles a {@code .} */
    public static FieldPath of(String dotted) {
        if (dotted == null || dotted.isEmpty() || dotted.startsWith(".") || dotted.endsWith(".") || dotted.contains("..")) {
            throw new IllegalArgumentException("'" + dotted + "' is not a dotted field path (e.g. body.response.status)");
        }
        return new FieldPath(dotted, dotted.split("\\.", -1));
    }

    /** The steps, {@code [body, response, status]}. */
    public List<String> steps() {
        return List.of(steps);
    }

    public int length() {
        return steps.length;
    }

    public String step(int i) {
        return steps[i];
    }

    /** Whether {@code step} reads an array element: digits, as ziggyview's {@code --where} has it. */
    static boolean isIndex(String step) {
        return !step.isEmpty() && step.length() < 10 && step.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath && ((FieldPath) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
