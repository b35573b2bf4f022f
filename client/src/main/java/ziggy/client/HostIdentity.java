package ziggy.client;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code host} and {@code pid} of every event from this process. Python's client uses
 * {@code os.uname()[1]}, the kernel's node name; on Linux that is {@code /proc/sys/kernel/hostname}, read
 * without a DNS lookup. Elsewhere the JDK's local host name stands in.
 */
final class HostIdentity {
    static final String HOST = findHost();
    static final int PID = (int) ProcessHandle.current().pid();

    private HostIdentity() {
    }

    private static String findHost() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through to the JDK's answer
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
