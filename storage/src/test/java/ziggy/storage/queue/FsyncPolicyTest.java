package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FsyncPolicyTest {
    @Test
    void theThreeFormsParseAndPrintAsTheyAreWritten() {
        for (String text : new String[] {"batch", "interval:100", "interval:1", "never"}) {
            assertEquals(text, FsyncPolicy.parse(text).toString());
        }
        assertEquals(new FsyncPolicy.Interval(25), FsyncPolicy.DEFAULT);
    }

    @Test
    void anythingElseIsAOneLineErrorNamingTheAcceptedForms() {
        for (String text : new String[] {"", "always", "interval:", "interval:abc", "interval:0", "interval:-5"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FsyncPolicy.parse(text));
            assertTrue(error.getMessage().contains("interval") && !error.getMessage().contains("\n"), error.getMessage());
        }
    }

    @Test
    void fullPoliciesParseFromTheirFlagValues() {
        assertEquals(FullPolicy.BLOCK, FullPolicy.parse("block"));
        assertEquals(FullPolicy.DROP_OLDEST, FullPolicy.parse("drop-oldest"));
        assertEquals("drop-oldest", FullPolicy.DROP_OLDEST.toString());
        assertThrows(IllegalArgumentException.class, () -> FullPolicy.parse("drop"));
    }
}
