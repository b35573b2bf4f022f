package ziggy.view.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TypeFilterTest {
    @Test
    void aNameWithoutAStarMatchesThatTypeOnly() {
        TypeFilter filter = TypeFilter.parse("request");
        assertTrue(filter.matches("request"));
        assertFalse(filter.matches("request.sql"));
        assertFalse(filter.matches("requests"));
        assertEquals("request", filter.prefix());
    }

    @Test
    void aTrailingStarMatchesEveryTypeThatBeginsWithTheName() {
        TypeFilter filter = TypeFilter.parse("request*");
        assertTrue(filter.matches("request"));
        assertTrue(filter.matches("request.sql"));
        assertFalse(filter.matches("login"));
        assertEquals("request", filter.prefix());
    }

    @Test
    void noFilterOrALoneStarMatchesEverything() {
        assertTrue(TypeFilter.parse(null).isEveryType());
        assertTrue(TypeFilter.parse("*").isEveryType());
        assertTrue(TypeFilter.parse("*").matches("anything"));
        assertEquals("", TypeFilter.parse(null).prefix());
    }

    @Test
    void aStarAnywhereButTheEndIsAMistake() {
        assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("req*uest"));
        assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("*request"));
        assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse(""));
    }
}
