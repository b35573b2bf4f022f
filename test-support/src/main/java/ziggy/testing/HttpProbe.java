package ziggy.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request on a fresh connection, as a load balancer's health probe makes it: connect, ask, read the
 * answer to its end, all within a time limit (a probe that waits longer has failed).
 */
public final class HttpProbe {
    /** An answer; header names in lower case. */
    public record Answer(int status, Map<String, String> headers, String body, Duration took) {
    }

    private HttpProbe() {
    }

    public static Answer ask(int port, String method, String path, Duration limit) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) limit.toMillis());
            socket.setSoTimeout((int) limit.toMillis());
            String request = method + " " + path + " HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return parse(reply, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static Answer parse(String reply, Duration took) throws IOException {
        int headEnd = reply.indexOf("\r\n\r\n");
        if (!reply.startsWith("HTTP/1.1 ") || headEnd < 0) {
            throw new IOException("not an HTTP answer: '" + reply + "'");
        }
        String[] lines = reply.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, reply.substring(headEnd + 4), took);
    }
}
