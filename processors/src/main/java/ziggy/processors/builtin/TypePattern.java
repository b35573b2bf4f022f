package ziggy.processors.builtin;

import java.util.List;

/**
 * Which event types a processor applies to, as ziggyview's {@code --type-name} writes them: a
 * trailing {@code *} means a prefix ({@code request.sql*}), without it an exact name. Several
 * patterns ({@code type=request|login*}) match when any does.
 */
final class TypePattern {
    private final String[] exact;
    private final String[] prefixes;

    private TypePattern(String[] exact, String[] prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    static TypePattern of(List<String> patterns) {
        return new TypePattern(
                patterns.stream().filter(p -> !p.endsWith("*")).toArray(String[]::new),
                patterns.stream().filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1)).toArray(String[]::new));
    }

    boolean matches(String type) {
        if (type == null) {
            return false;
        }
        for (String e : exact) {
            if (type.equals(e)) {
                return true;
            }
        }
        for (String p : prefixes) {
            if (type.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
