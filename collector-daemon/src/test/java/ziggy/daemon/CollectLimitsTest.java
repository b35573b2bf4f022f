package ziggy.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The collect port's default connection cap follows the descriptor limit the daemon runs under. */
class CollectLimitsTest {

    @Test
    void theCapLeavesTheDayFilesAndTheOtherPortsTheirDescriptors() {
        assertEquals(256, CollectLimits.defaultMaxConnections(1024));
        assertEquals(4096, CollectLimits.defaultMaxConnections(65_536), "systemd's LimitNOFILE of the .deb's unit");
        assertEquals(16, CollectLimits.defaultMaxConnections(256), "never below a handful, even where files would not fit");
    }

    @Test
    void theMemoryBudgetGrowsWithTheLargestMessageAllowed() {
        assertEquals(64L << 20, CollectLimits.defaultMemoryBytes(16 << 20));
        assertEquals(2L * (100 << 20) + (2 << 20), CollectLimits.defaultMemoryBytes(100 << 20));
    }

    @Test
    void thisProcessHasADescriptorLimit() {
        assertTrue(CollectLimits.processDescriptorLimit() >= 16);
    }
}
