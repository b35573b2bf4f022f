package ziggy.daemon;

import java.io.IOException;
import java.net.BindException;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;

import ziggy.protocol.endpoint.Endpoint;

/**
 * The TCP ports a daemon will listen on, tried before its warm-up: a start that cannot have one of them (another
 * daemon holds it, or the address is not of this host) is refused in one line at once, not after the seconds the
 * warm-up takes. Each port is bound and closed again; the start binds it for good, and still says so if it
 * lost the port meanwhile. Ports the system picks (0) cannot be taken, and are not tried.
 */
final class ListenPorts {
    private ListenPorts() {
    }

    /**
     * Tries {@code --collect}, {@code --control}, {@code --python-logging} when given and {@code --http} when
     * not null; refuses the start, naming the flag and the address, at the first one in use.
     */
    static void tryAll(DaemonSettings settings, Endpoint http) throws StartupException {
        Map<String, Endpoint> ports = new LinkedHashMap<>();
        ports.put("--collect", settings.collect());
        ports.put("--control", settings.control());
        if (settings.pythonLogging() != null) {
            ports.put("--python-logging", settings.pythonLogging());
        }
        if (http != null) {
            ports.put("--http", http);
        }
        for (Map.Entry<String, Endpoint> port : ports.entrySet()) {
            tryOne(port.getKey(), port.getValue());
        }
    }

    private static void tryOne(String flag, Endpoint at) throws StartupException {
        if (at.port() == 0) {
            return;
        }
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(at.socketAddress());
        } catch (BindException e) {
            throw new StartupException(flag + " " + at + ": address already in use or not of this host (" + e.getMessage() + ")");
        } catch (IOException e) {
            // Not a refusal of the address: the start meets it again and says what it is.
        }
    }
}
