package ziggy.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project's version, from the build (a resource filtered by Maven), for STATUS and {@code --version}. */
public final class ZiggyVersion {
    private static final String VERSION = load();

    private ZiggyVersion() {
    }

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ZiggyVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version resource", e);
        }
    }
}
