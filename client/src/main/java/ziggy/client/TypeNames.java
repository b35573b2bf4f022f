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

    private TypeNames() {
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
