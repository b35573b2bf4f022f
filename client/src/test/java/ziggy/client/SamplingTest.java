package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sampling rates checked over 20,000 draws with a bound of 6 standard deviations of the binomial
 * (for p = 0.25: sigma = sqrt(20000 * 0.25 * 0.75) ~ 61, so 5000 +- 370): a false failure has odds below
 * one in 500 million per assertion.
 */
@SuppressWarnings("try")
class SamplingTest {
    private static final int DRAWS = 20_000;
    @RegisterExtension
    final RecordedEvents recorded = new RecordedEvents();
    private final List<BsonDocument> events = recorded.events;

    private static void assertRate(double p, long kept, int trials) {
        double mean = trials * p;
        double bound = 6 * Math.sqrt(trials * p * (1 - p));
        assertTrue(Math.abs(kept - mean) <= bound,
                "kept " + kept + " of " + trials + ", expected " + mean + " +- " + bound);
    }

    private long count(String type) {
        return events.stream().filter(e -> e.getString("type").getValue().equals(type)).count();
    }

    @Test
    void dotSamplesEachContextOnItsOwn() {
        for (int i = 0; i < DRAWS; i++) {
            try (Context request = Ziggy.context("request");
                 Context mc = Ziggy.context(".memcache", ".", 0.25)) {
                mc.set("key", i);
            }
        }
        assertEquals(DRAWS, count("request"));
        assertRate(0.25, count("request.memcache"), DRAWS);
    }

    @Test
    void theContextsOwnTypeSamplesLikeDotInEachSpelling() {
        for (String own : List.of(".memcache", "memcache", "request.memcache")) {
            events.clear();
            for (int i = 0; i < DRAWS; i++) {
                try (Context request = Ziggy.context("request");
                     Context mc = Ziggy.context(".memcache", own, 0.25)) {
                    mc.set("n", i);
                }
            }
            assertRate(0.25, count("request.memcache"), DRAWS);
        }
    }

    @Test
    void dotDotKeepsAllOrNoneOfTheSubContextsPerParent() {
        int perRequest = 5;
        for (int i = 0; i < DRAWS; i++) {
            try (Context request = Ziggy.context("request")) {
                for (int j = 0; j < perRequest; j++) {
                    try (Context mc = Ziggy.context(".memcache", "..", 0.25)) {
                        mc.set("j", j);
                    }
                }
            }
        }
        Map<String, Long> perId = events.stream()
                .filter(e -> e.getString("type").getValue().equals("request.memcache"))
                .collect(Collectors.groupingBy(e -> e.getString("id").getValue(), Collectors.counting()));
        assertTrue(perId.values().stream().allMatch(n -> n == perRequest), "all or none per request: " + perId.values());
        assertRate(0.25, perId.size(), DRAWS);
    }

    @Test
    void aNamedOpenContextSamplesPerThatContextForEveryDepthBelowIt() {
        for (int i = 0; i < DRAWS; i++) {
            try (Context request = Ziggy.context("request")) {
                try (Context sql = Ziggy.context(".sql");
                     Context mc = Ziggy.context(".memcache", "request", 0.25)) {
                    mc.set("where", "sql");
                }
                try (Context mc = Ziggy.context(".memcache", "request", 0.25)) {
                    mc.set("where", "top");
                }
            }
        }
        Map<String, Long> perId = events.stream()
                .filter(e -> e.getString("type").getValue().endsWith("memcache"))
                .collect(Collectors.groupingBy(e -> e.getString("id").getValue(), Collectors.counting()));
        assertTrue(perId.values().stream().allMatch(n -> n == 2), "one decision per request");
        assertRate(0.25, perId.size(), DRAWS);
    }

    @Test
    void aChildOfASampledOutContextIsSampledOut() {
        for (int i = 0; i < DRAWS / 4; i++) {
            try (Context request = Ziggy.context("request", ".", 0.5);
                 Context sql = Ziggy.context(".sql");
                 Context deeper = Ziggy.context(".cursor", ".", 1.0)) {
                assertEquals(request.isSampled(), sql.isSampled());
                assertEquals(request.isSampled(), deeper.isSampled());
            }
        }
        assertEquals(count("request"), count("request.sql"));
        assertEquals(count("request"), count("request.sql.cursor"));
        assertRate(0.5, count("request"), DRAWS / 4);
    }

    @Test
    void rateZeroKeepsNothingAndRateOneKeepsEverything() {
        for (int i = 0; i < 1000; i++) {
            try (Context none = Ziggy.context("none", ".", 0.0);
                 Context all = Ziggy.context("all", ".", 1.0)) {
                assertFalse(none.isSampled());
                assertTrue(all.isSampled());
            }
        }
        assertEquals(0, count("none"));
        assertEquals(1000, count("all"));
    }

    @Test
    void whereZiggyWouldFailTheContextDrawsForItself() {
        for (int i = 0; i < DRAWS; i++) {
            try (Context top = Ziggy.context("top", "..", 0.25);
                 Context unknown = Ziggy.context(".child", "not_open", 0.25)) {
                top.set("i", i);
            }
        }
        assertRate(0.25, count("top"), DRAWS);
        assertRate(0.25 * 0.25, count("top.child"), DRAWS);
    }
}
