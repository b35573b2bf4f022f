package ziggy.protocol.endpoint;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A TCP endpoint as written on a command line: {@code HOST:PORT}, where HOST is {@code *} (every
 * interface), an IPv4 address, a bracketed IPv6 address ({@code [::1]:3513}) or a name that
 * resolves, and PORT is 1–65535. {@code host} keeps what the user wrote, so messages name it as
 * they know it; the name is resolved once, when parsed, so a typo fails at start-up.
 */
public record Endpoint(String host, int port, InetAddress address) {
    /**
     * The ZMTP handshake limit ({@code ZMQ_HANDSHAKE_IVL}) for every JeroMQ socket that connects to an
     * endpoint: JeroMQ 0.6.0 now and then leaves a connection stuck in its greeting, and past the limit it
     * drops that connection and dials again (docs/protocol.md).
     */
    public static final int HANDSHAKE_LIMIT_MILLIS = 1_000;
    public static final String ANY_HOST = "*";

    /** Parses {@code text}; {@code what} names the option in the error, e.g. {@code --collect}. */
    public static Endpoint parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new BadEndpointException(what + ": empty endpoint; expected HOST:PORT, e.g. 127.0.0.1:3514");
        }
        String trimmed = text.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new BadEndpointException(what + ": '" + text + "' is not HOST:PORT (e.g. 127.0.0.1:3514 or *:3514)");
        }
        String host = trimmed.substring(0, colon);
        String portText = trimmed.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new BadEndpointException(what + ": port '" + portText + "' in '" + text + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new BadEndpointException(what + ": port " + port + " in '" + text + "' is outside 1-65535");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new BadEndpointException(what + ": write an IPv6 address in brackets, e.g. [::1]:" + port);
        }
        if (host.isEmpty()) {
            throw new BadEndpointException(what + ": '" + text + "' has no host; use * for every interface");
        }
        if (host.equals(ANY_HOST)) {
            return new Endpoint(ANY_HOST, port, null);
        }
        try {
            return new Endpoint(host, port, InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            throw new BadEndpointException(what + ": host '" + host + "' does not resolve");
        }
    }

    /** Whether this endpoint means every interface. */
    public boolean isAnyHost() {
        return address == null;
    }

    /** The address for ZeroMQ's bind and connect: {@code tcp://host:port}, {@code tcp://*:port}. */
    public String zmqAddress() {
        return "tcp://" + zmqHost() + ":" + port;
    }

    /** The address to connect to: {@code *} means this machine, reached at 127.0.0.1. */
    public String zmqConnectAddress() {
        return address == null ? "tcp://127.0.0.1:" + port : zmqAddress();
    }

    /** The host part as ZeroMQ takes it, for binding another port on the same host. */
    public String zmqHost() {
        if (address == null) {
            return ANY_HOST;
        }
        String literal = address.getHostAddress();
        return literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal;
    }

    /** The socket address to bind: the wildcard address for {@code *}. */
    public InetSocketAddress socketAddress() {
        return address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
    }

    /** As the user wrote it, for messages: {@code *:3514}, {@code master:3514}. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
