package ziggy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks TCP ports that are free on 127.0.0.1 at the time of asking, so tests never collide on fixed ports.
 * A port is handed out once per JVM: the kernel may offer a port it just gave back to the next ask, and
 * a test that picks a collect and a control port in a row must not get the same one twice.
 */
public final class FreePort {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int pick() {
        while (true) {
            int port = anyFree();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    private static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
