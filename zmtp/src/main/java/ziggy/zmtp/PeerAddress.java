package ziggy.zmtp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The address a connection's peer is known by when what one peer may hold is counted: an IPv4 address
 * whole, an IPv6 address by its /64 network (one host is commonly handed a whole /64, and may take any
 * address in it, so counting by full address would let it be 2^64 peers). An IPv4 address carried in IPv6
 * (::ffff:a.b.c.d) counts as itself.
 */
public final class PeerAddress {
    /** What a peer whose address cannot be read is counted as. */
    public static final String UNKNOWN = "?";
    private static final int IPV6_NETWORK_BYTES = 8;

    private PeerAddress() {
    }

    /** The peer's address as counted, e.g. {@code 192.0.2.7} or {@code 2001:db8:1:2:0:0:0:0/64}; {@link #UNKNOWN} when unknown. */
    public static String of(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return UNKNOWN;
        }
        InetAddress address = socket.getAddress();
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        if (address instanceof Inet6Address) {
            byte[] network = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(network, IPV6_NETWORK_BYTES, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return address.getHostAddress();
    }
}
