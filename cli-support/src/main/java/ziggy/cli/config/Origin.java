package ziggy.cli.config;

import java.util.Locale;

/** Where an effective setting came from, in the order that decides: flag, environment, file, default. */
public record Origin(Kind kind, String detail) {
    public enum Kind { FLAG, ENV, FILE, DEFAULT }

    static final Origin FLAG = new Origin(Kind.FLAG, "");
    static final Origin DEFAULT = new Origin(Kind.DEFAULT, "");

    static Origin env(String variable) {
        return new Origin(Kind.ENV, variable);
    }

    static Origin file(String fileAndLine) {
        return new Origin(Kind.FILE, fileAndLine);
    }

    /** {@code flag}, {@code env ZIGGYD_LOG_PATH}, {@code file /etc/ziggy/ziggyd.conf:3} or {@code default}. */
    @Override
    public String toString() {
        String word = kind.name().toLowerCase(Locale.ROOT);
        return detail.isEmpty() ? word : word + " " + detail;
    }
}
