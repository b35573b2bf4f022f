package ziggy.view.events;

/**
 * The {@code --type-name} filter as Ziggy users write it: {@code request} is that type exactly,
 * {@code request*} every type that begins with {@code request} (so {@code request.sql} too), and no
 * filter (or a lone {@code *}) every type. The live stream subscribes with {@link #prefix()}, which
 * the daemon's PUB socket matches byte for byte; an exact filter then drops the longer types.
 */
public final class TypeFilter {
    private final String prefix;
    private final boolean exact;

    private TypeFilter(String prefix, boolean exact) {
        this.prefix = prefix;
        this.exact = exact;
    }

    public static TypeFilter all() {
        return new TypeFilter("", false);
    }

    /**
     * Parses a {@code --type-name} value; null means every type.
     *
     * @throws IllegalArgumentException when a {@code *} is anywhere but at the end
     */
    public static TypeFilter parse(String text) {
        if (text == null) {
            return all();
        }
        boolean prefixMatch = text.endsWith("*");
        String name = prefixMatch ? text.substring(0, text.length() - 1) : text;
        if (name.indexOf('*') >= 0) {
            throw new IllegalArgumentException("--type-name: a '*' may only end the name (a prefix match), as in 'request*'");
        }
        if (!prefixMatch && name.isEmpty()) {
            throw new IllegalArgumentException("--type-name: empty type name");
        }
        return new TypeFilter(name, !prefixMatch);
    }

    /** The leading characters every matching type has: what the live stream subscribes to. */
    public String prefix() {
        return prefix;
    }

    /** Whether every type matches, so events need not be looked at. */
    public boolean isEveryType() {
        return !exact && prefix.isEmpty();
    }

    public boolean matches(String type) {
        return type != null && (exact ? type.equals(prefix) : type.startsWith(prefix));
    }

    /** For messages: {@code 'request*'}, {@code 'request'}, {@code every type}. */
    @Override
    public String toString() {
        if (isEveryType()) {
            return "every type";
        }
        return "'" + prefix + (exact ? "" : "*") + "'";
    }
}
