package ziggy.protocol.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DayFileNameTest {
    @Test
    void namesAndParsesTypeDotDayDotBson() {
        assertEquals("request.sql.20261123.bson", new DayFileName("request.sql", 20261123).fileName());
        assertEquals(Optional.of(new DayFileName("request.sql", 20261123)), DayFileName.parse("request.sql.20261123.bson"));
        assertTrue(DayFileName.parse(".marks").isEmpty());
        assertTrue(DayFileName.parse("request.2026112.bson").isEmpty());
        assertTrue(DayFileName.parse("..20261123.bson").isEmpty());
    }

    @Test
    void refusesTypesThatCouldLeaveTheFolder() {
        assertThrows(IllegalArgumentException.class, () -> new DayFileName("../x", 20261123));
        assertThrows(IllegalArgumentException.class, () -> new DayFileName("a/b", 20261123));
    }
}
