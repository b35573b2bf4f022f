package ziggy.protocol.layout;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ziggy.protocol.event.TypeNames;

/**
 * The name of one day file, {@code <type>.<YYYYMMDD>.bson}: the raw events of one type for one day,
 * end to end. {@code day} is the date as the number {@code YYYYMMDD}, e.g. {@code 20261123}.
 */
public record DayFileName(String type, int day) {
    public static final String SUFFIX = ".bson";

    private static final Pattern NAME = Pattern.compile("(.+)\\.(\\d{8})\\.bson");

    public DayFileName {
        if (!TypeNames.isValid(type)) {
            throw new IllegalArgumentException("not a valid event type name: " + type);
        }
        if (day < 1000_01_01 || day > 9999_12_31) {
            throw new IllegalArgumentException("not a YYYYMMDD day: " + day);
        }
    }

    /** {@code request.20261123.bson}. */
    public String fileName() {
        return fileName(type, day);
    }

    /** The file name without building a record, for a type already checked by {@link TypeNames}. */
    public static String fileName(String type, int day) {
        return type + "." + day + SUFFIX;
    }

    /** The day file a name denotes, or empty for any other file (dot-folders, partial names). */
    public static Optional<DayFileName> parse(String fileName) {
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches() || !TypeNames.isValid(matcher.group(1))) {
            return Optional.empty();
        }
        return Optional.of(new DayFileName(matcher.group(1), Integer.parseInt(matcher.group(2))));
    }
}
