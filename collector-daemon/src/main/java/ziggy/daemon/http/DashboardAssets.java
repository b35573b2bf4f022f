package ziggy.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.CRC32;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The live dashboard's files: the page at {@code /}, its script and style sheet
 * ({@code ziggy/daemon/http/dashboard/}) and uPlot's from its webjar, read from the jar once, when the
 * pages are made, and served from memory. Nothing comes from a CDN: operators' hosts are often offline.
 *
 * <p>Only the paths of {@link #PATHS} are answered. A request's path is looked up in a map and never
 * turned into a resource or file name, so {@code ..}, an encoded slash or any other name reaches nothing
 * but the 404.
 *
 * <p>The page names each file with a hash of its content ({@code /assets/dashboard.js?v=1a2b3c4d}), so a
 * browser may keep the files for a year ({@code immutable}) while the page itself is asked again each time
 * ({@code no-cache}): a new jar's page names new files.
 */
final class DashboardAssets {
    /** Each file's path on the HTTP port. */
    static final Map<String, String> PATHS = Map.of(
            "dashboard.js", "/assets/dashboard.js",
            "dashboard.css", "/assets/dashboard.css",
            "uPlot.js", "/assets/uPlot.iife.min.js",
            "uPlot.css", "/assets/uPlot.min.css");
    /** The most any file may weigh: they are all held in memory and sent in one write. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private static final String OWN = "ziggy/daemon/http/dashboard/";
    private static final String UPLOT_VERSION_FILE = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String KEEP = "public, max-age=31536000, immutable";
    private static final String ASK_AGAIN = "no-cache";

    private final Map<String, HttpReply> byPath = new TreeMap<>();

    /** Reads every file; an IllegalStateException when one is missing or too large (a broken jar). */
    DashboardAssets() {
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        add("dashboard.js", OWN + "dashboard.js", JS);
        add("dashboard.css", OWN + "dashboard.css", CSS);
        add("uPlot.js", uplot + "uPlot.iife.min.js", JS);
        add("uPlot.css", uplot + "uPlot.min.css", CSS);
        String page = new String(read(OWN + "index.html"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> file : PATHS.entrySet()) {
            HttpReply asset = byPath.get(file.getValue());
            page = page.replace("{{" + file.getKey() + "}}", file.getValue() + "?v=" + hash(asset.body()));
        }
        if (page.contains("{{")) {
            throw new IllegalStateException(OWN + "index.html names a file the dashboard does not have: " + page);
        }
        byPath.put("/", new HttpReply(HttpResponseStatus.OK, HTML, page.getBytes(StandardCharsets.UTF_8), ASK_AGAIN));
    }

    /** The file at {@code path}, or null. */
    HttpReply answer(String path) {
        return byPath.get(path);
    }

    private void add(String name, String resource, String contentType) {
        byPath.put(PATHS.get(name), new HttpReply(HttpResponseStatus.OK, contentType, read(resource), KEEP));
    }

    private static String uplotVersion() {
        Properties properties = new Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(read(UPLOT_VERSION_FILE))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + resource + " is not on the class path");
            }
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalStateException("the dashboard's " + resource + " is over " + MAX_FILE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the dashboard's " + resource, e);
        }
    }

    private static String hash(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }
}
