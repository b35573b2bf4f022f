package ziggy.forward;

import java.util.ArrayList;
import java.util.List;
import ziggy.protocol.endpoint.BadEndpointException;
import ziggy.protocol.endpoint.Endpoint;

/**
 * One upstream daemon: where batches go (its collect port) and where {@code COMMITTED} is asked (its
 * control port, by default the same host on port {@value #DEFAULT_CONTROL_PORT}).
 */
public record Upstream(Endpoint collect, Endpoint control) {
    public static final int DEFAULT_CONTROL_PORT = 3513;

    @Override
    public String toString() {
        return collect.host() + ":" + collect.port();
    }

    /**
     * Parses {@code --forward=HOST:PORT[,HOST:PORT…]} and, when given, {@code --forward-control} with one
     * control endpoint per upstream, in the same order.
     *
     * @throws BadEndpointException with a one-line message naming the option
     */
    public static List<Upstream> parseAll(String forward, String forwardControl) {
        String[] collects = forward == null ? new String[0] : forward.split(",");
        String[] controls = forwardControl == null || forwardControl.isBlank() ? null : forwardControl.split(",");
        if (controls != null && controls.length != collects.length) {
            throw new BadEndpointException("--forward-control: give one control endpoint per --forward upstream ("
                    + collects.length + "), got " + controls.length);
        }
        List<Upstream> upstreams = new ArrayList<>();
        for (int i = 0; i < collects.length; i++) {
            Endpoint collect = Endpoint.parse(collects[i], "--forward");
            if (collect.isAnyHost()) {
                throw new BadEndpointException("--forward: '" + collects[i] + "' needs a host to send to, not *");
            }
            Endpoint control = controls != null ? Endpoint.parse(controls[i], "--forward-control")
                    : new Endpoint(collect.host(), DEFAULT_CONTROL_PORT, collect.address());
            upstreams.add(new Upstream(collect, control));
        }
        if (upstreams.isEmpty()) {
            throw new BadEndpointException("--forward: no upstream given; expected HOST:PORT[,HOST:PORT…]");
        }
        return List.copyOf(upstreams);
    }
}
