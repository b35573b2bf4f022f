package ziggy.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorOptionsTest {
    @Test
    void typedGettersReadDurationsListsAndNumbers() {
        ProcessorOptions options = new ProcessorOptions("x", Map.of("a", "500ms", "b", "2s", "c", "5m", "d", "1h", "e", "1d",
                "list", "body.a|body.b", "rate", "0.25", "n", "10"));
        assertEquals(Duration.ofMillis(500), options.duration("a"));
        assertEquals(Duration.ofSeconds(2), options.duration("b"));
        assertEquals(Duration.ofMinutes(5), options.duration("c"));
        assertEquals(Duration.ofHours(1), options.duration("d"));
        assertEquals(Duration.ofDays(1), options.duration("e"));
        assertEquals(List.of("body.a", "body.b"), options.list("list"));
        assertEquals(0.25, options.doubleValue("rate"));
        assertEquals(10, options.intValue("n"));
        assertEquals(7, options.intValue("missing", 7));
        options.requireAllUsed();
    }

    @Test
    void badValuesAndUnknownKeysAreOneLineMessagesNamingProcessorAndKey() {
        ProcessorOptions options = new ProcessorOptions("summary", Map.of("interval", "2 s", "top-n", "ten", "list", "a||b", "typo", "1"));
        assertEquals("summary: option interval=2 s: not a duration (e.g. 500ms, 2s, 5m, 1h, 1d)",
                assertThrows(IllegalArgumentException.class, () -> options.duration("interval")).getMessage());
        assertEquals("summary: option top-n=ten: not an integer",
                assertThrows(IllegalArgumentException.class, () -> options.intValue("top-n", 10)).getMessage());
        assertEquals("summary: option list=a||b: an empty item in the list (items are separated by |)",
                assertThrows(IllegalArgumentException.class, () -> options.list("list")).getMessage());
        assertEquals("summary: unknown option 'typo' (known: interval, top-n, list)",
                assertThrows(IllegalArgumentException.class, options::requireAllUsed).getMessage());
    }
}
