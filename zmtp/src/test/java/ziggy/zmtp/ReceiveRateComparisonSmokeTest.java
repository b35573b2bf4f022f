package ziggy.zmtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ziggy.testing.PythonPeer;

/** Keeps the speed comparison working with a tiny N; asserts no figure, a shared CI machine cannot. */
class ReceiveRateComparisonSmokeTest {
    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void bothReceiversTakeEveryEvent() throws Exception {
        assertTrue(ReceiveRateComparison.endpointRate(20_000, 243, ZmtpOptions.defaults()) > 0);
        assertTrue(ReceiveRateComparison.libzmqRate(20_000, 243) > 0);
    }
}
