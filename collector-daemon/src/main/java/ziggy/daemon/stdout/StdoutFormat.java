package ziggy.daemon.stdout;

import java.util.Locale;

/** What {@code --stdout} writes for each event taken in: nothing, a JSON line, or a log line for log events. */
public enum StdoutFormat {
    /** Nothing: the default. */
    OFF,
    /** One line of relaxed Extended JSON per event, as {@code ziggyview} prints it. */
    JSON,
    /** {@code 2026-12-02T17:00:00.123Z INFO app.db: message} for events of type {@code log} or {@code log.*}; JSON for others. */
    TEXT;

    /** As {@code --stdout} and STATUS spell it: {@code off}, {@code json}, {@code text}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of a {@code --stdout} setting as given (null or empty: not given, so off). */
    public static StdoutFormat ofSetting(String text) {
        return text == null || text.isBlank() ? OFF : parse(text);
    }

    /** {@code off}, {@code json} or {@code text}; anything else is a one-line refusal naming {@code --stdout}. */
    public static StdoutFormat parse(String text) {
        for (StdoutFormat format : values()) {
            if (format.key().equalsIgnoreCase(text.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("--stdout: '" + text + "' is not a format: json, text or off");
    }
}
