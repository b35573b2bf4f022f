package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ziggy.protocol.endpoint.BadEndpointException;

class UpstreamTest {
    @Test
    void theControlPortDefaultsToTheSameHostOn3513() {
        List<Upstream> upstreams = Upstream.parseAll("127.0.0.1:3514,localhost:4000", null);
        assertEquals(2, upstreams.size());
        assertEquals("tcp://127.0.0.1:3513", upstreams.get(0).control().zmqConnectAddress());
        assertEquals(3513, upstreams.get(1).control().port());
        assertEquals("localhost", upstreams.get(1).control().host());
        assertEquals("127.0.0.1:3514", upstreams.get(0).toString());
    }

    @Test
    void forwardControlGivesOneControlPortPerUpstream() {
        List<Upstream> upstreams = Upstream.parseAll("127.0.0.1:3514,127.0.0.1:4514", "127.0.0.1:5513,127.0.0.1:6513");
        assertEquals(5513, upstreams.get(0).control().port());
        assertEquals(6513, upstreams.get(1).control().port());
    }

    @Test
    void mistakesAreOneLineNamingTheOption() {
        for (String[] bad : new String[][] {{"", null}, {"*:3514", null}, {"127.0.0.1", null},
                {"127.0.0.1:3514,127.0.0.1:4514", "127.0.0.1:5513"}}) {
            BadEndpointException error = assertThrows(BadEndpointException.class, () -> Upstream.parseAll(bad[0], bad[1]));
            assertTrue(error.getMessage().startsWith("--forward"), error.getMessage());
            assertFalse(error.getMessage().contains("\n"));
        }
    }
}
