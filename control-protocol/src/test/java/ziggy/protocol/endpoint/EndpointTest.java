package ziggy.protocol.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EndpointTest {
    @Test
    void starMeansEveryInterfaceAndConnectsLocally() {
        Endpoint any = Endpoint.parse("*:3514", "--collect");
        assertTrue(any.isAnyHost());
        assertEquals("tcp://*:3514", any.zmqAddress());
        assertEquals("tcp://127.0.0.1:3514", any.zmqConnectAddress());
        assertEquals("*:3514", any.toString());
    }

    @Test
    void addressesAndNamesThatResolveAreTaken() {
        assertEquals("tcp://127.0.0.1:3513", Endpoint.parse("127.0.0.1:3513", "--control").zmqAddress());
        assertEquals("tcp://127.0.0.1:80", Endpoint.parse("localhost:80", "--control").zmqAddress().replace("[::1]", "127.0.0.1"));
        assertEquals("tcp://[0:0:0:0:0:0:0:1]:3513", Endpoint.parse("[::1]:3513", "--control").zmqAddress());
    }

    @Test
    void mistakesGetOneLineNamingTheOption() {
        for (String bad : new String[] {"", "3514", "host:", ":3514", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:http",
                "::1:3514", "no-such-host.invalid:3514"}) {
            BadEndpointException e = assertThrows(BadEndpointException.class, () -> Endpoint.parse(bad, "--collect"), bad);
            assertTrue(e.getMessage().startsWith("--collect: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
