package ziggy.client;

/**
 * Turns the type an application asks for into the event's type, as Ziggy's Python client does, and checks
 * the result against the design's rule for types (1 to 200 of {@code [A-Za-z0-9_.-]}, no leading or trailing
 * '.', no "..").
 *
 * <ul>
 *   <li>{@code "request"} (no leading '.'): a top-level type, whatever is open.</li>
 *   <li>{@code ".sql"} inside {@code request}: {@code request.sql}. With nothing open: {@code sql}.</li>
 *   <li>{@code ".sql"} inside {@code request.sql} (or {@code request.sql.cursor}): Ziggy looks for the part
 *       {@code sql} in the parent's name, last part first, and takes the name up to it, so a sub-event of the
 *       same kind becomes a sibling, {@code request.sql}, not {@code request.sql.sql}.</li>
 * </ul>
 */
final class TypeNames {
    static final int MAX_LENGTH = 200;
    private static final int RECENT_SLOTS = 256;
    /**
     * Types resolved lately, found by the identity of the asked name and the parent's type: applications
     * ask with literals, and a sub-context's parent type is itself a type from this table, so a context of
     * a kind met before costs one lookup, not a concatenation and a validity scan. Slots are written racily,
     * which is safe: each holds an immutable {@link Resolved}, and a lost write costs one resolve.
     */
    private static final Resolved[] RECENT = new Resolved[RECENT_SLOTS];

    /** {@code asked} under {@code parent} is {@code type}, valid or not. */
    record Resolved(String asked, String parent, String type, boolean valid) {
    }

    private TypeNames() {
    }

    /** {@link #resolve} and {@link #isValid} of its result, from the table when met lately. */
    static Resolved lookUp(String asked, String parent) {
        int slot = (asked.hashCode() * 31 + (parent == null ? 0 : parent.hashCode())) & (RECENT_SLOTS - 1);
        Resolved recent = RECENT[slot];
        if (recent != null && recent.asked() == asked && recent.parent() == parent) {
            return recent;
        }
        String type = resolve(asked, parent);
        recent = new Resolved(asked, parent, type, isValid(type));
        RECENT[slot] = recent;
        return recent;
    }

    /** The type for {@code asked} under {@code parent} (null when nothing is open or the type is top-level). */
    static String resolve(String asked, String parent) {
        if (!asked.startsWith(".")) {
            return asked;
        }
        String relative = asked.substring(1);
        if (parent == null) {
            return relative;
        }
        int dot = relative.indexOf('.');
        String first = dot < 0 ? relative : relative.substring(0, dot);
        int end = parent.length();
        while (end > 0) {
            int start = parent.lastIndexOf('.', end - 1) + 1;
            if (end - start == first.length() && parent.regionMatches(start, first, 0, first.length())) {
                return start == 0 ? relative : parent.substring(0, start) + relative;
            }
            end = start - 1;
        }
        return parent + asked;
    }

    static boolean isValid(String type) {
        int n = type.length();
        if (n == 0 || n > MAX_LENGTH || type.charAt(0) == '.' || type.charAt(n - 1) == '.') {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < n; i++) {
            char c = type.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!allowed || (c == '.' && previous == '.')) {
                return false;
            }
            previous = c;
        }
        return true;
    }
}
