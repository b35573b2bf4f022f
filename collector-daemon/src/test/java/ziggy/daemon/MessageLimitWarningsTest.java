package ziggy.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MessageLimitWarningsTest {

    @Test
    void aLimitUnderAnAgentsBatchIsNamedWithTheSizeToGive() {
        List<String> warnings = MessageLimitWarnings.of(65_536);

        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("--max-message-bytes 65536 is less than an agent's batch"), warnings.get(0));
        assertTrue(warnings.get(0).contains("give at least 1049600"), warnings.get(0));
    }

    @Test
    void theDefaultAndABatchExactlyAreNoWarning() {
        assertEquals(List.of(), MessageLimitWarnings.of(DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES));
        assertEquals(List.of(), MessageLimitWarnings.of(MessageLimitWarnings.BATCH_MESSAGE_BYTES));
        assertEquals(1, MessageLimitWarnings.of(MessageLimitWarnings.BATCH_MESSAGE_BYTES - 1).size());
    }
}
