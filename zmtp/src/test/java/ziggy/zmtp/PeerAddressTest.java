package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import ziggy.testing.RawZmtpPeer;

/** The address a peer is counted by, and the endpoint telling each message's handler its peer's. */
class PeerAddressTest {

    @Test
    void anIpv4AddressIsItselfAndAnIpv6OneItsSlash64() throws IOException {
        assertEquals("192.0.2.7", PeerAddress.of(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 50000)));
        assertEquals("2001:db8:1:2:0:0:0:0/64",
                PeerAddress.of(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 50000)));
        assertEquals(PeerAddress.of(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::1"), 1)),
                PeerAddress.of(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:ffff::9"), 2)),
                "two hosts' worth of addresses in one /64 are one peer");
        assertEquals("192.0.2.7", PeerAddress.of(new InetSocketAddress(InetAddress.getByName("::ffff:192.0.2.7"), 50000)),
                "an IPv4 address carried in IPv6 is itself");
        assertEquals("?", PeerAddress.of(null));
    }

    @Test
    void eachMessageComesWithTheAddressOfTheConnectionItCameOn() throws IOException {
        RecordingHandler handler = new RecordingHandler();
        try (ZmtpPullServer server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", 0), ZmtpOptions.defaults(), handler)) {
            server.start();
            List<String> from = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");
            for (String address : from) {
                try (RawZmtpPeer peer = RawZmtpPeer.handshakenFrom(address, server.localPort(), "PUSH")) {
                    for (int i = 0; i < 3; i++) {
                        peer.sendMessage(address.getBytes(StandardCharsets.US_ASCII));
                    }
                    peer.sendMessage("two".getBytes(StandardCharsets.US_ASCII), address.getBytes(StandardCharsets.US_ASCII));
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.count() == 12);
            Map<String, Long> told = IntStream.range(0, 12).boxed().collect(Collectors.groupingBy(
                    i -> handler.peerAddresses.get(i) + " sent " + lastFrame(handler, i), Collectors.counting()));
            assertEquals(from.stream().collect(Collectors.toMap(a -> a + " sent " + a, a -> 4L)), told);
        }
    }

    private static String lastFrame(RecordingHandler handler, int message) {
        List<byte[]> frames = handler.messages.get(message);
        return new String(frames.get(frames.size() - 1), StandardCharsets.US_ASCII);
    }
}
