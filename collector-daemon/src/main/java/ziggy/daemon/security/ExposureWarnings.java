package ziggy.daemon.security;

import java.util.ArrayList;
import java.util.List;

import ziggy.protocol.endpoint.Endpoint;

/**
 * What an operator should hear at start and in {@code /healthcheck} about the daemon's exposure: a
 * control port reachable from the network without CURVE lets anyone there read STATUS and find the
 * stream (admin commands still need the admin token). Not a failure: the health stays 200.
 */
public final class ExposureWarnings {
    private ExposureWarnings() {
    }

    public static List<String> of(Endpoint control, SecuritySettings security) {
        List<String> warnings = new ArrayList<>();
        if (!security.curve() && !isLoopback(control)) {
            warnings.add("the control port " + control + " is reachable from the network without CURVE: anyone there may"
                    + " read STATUS and the live stream; set --curve-cert, or bind --control to 127.0.0.1 (docs/security.md)");
        }
        return warnings;
    }

    static boolean isLoopback(Endpoint endpoint) {
        return !endpoint.isAnyHost() && endpoint.address() != null && endpoint.address().isLoopbackAddress();
    }
}
