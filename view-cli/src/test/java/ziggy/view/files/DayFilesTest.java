package ziggy.view.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.view.events.TypeFilter;

class DayFilesTest {
    @TempDir
    Path dir;

    @Test
    void daysInOrderAndWithinADayTypesInOrderOrSubTypesFirstForGrouping() throws IOException {
        for (String name : List.of("request.20261121.bson", "request.sql.20261121.bson", "request.sql.cursor.20261121.bson",
                "login.20261121.bson", "request.20261120.bson", "request.20261122.bson", "request.bson", "request.2026112.bson")) {
            Files.write(dir.resolve(name), new byte[0]);
        }
        Files.createDirectories(dir.resolve(".marks.20261121.bson")); // a folder, never a day file

        LocalDate from = LocalDate.of(2026, 11, 20);
        LocalDate to = LocalDate.of(2026, 11, 21);
        assertEquals(List.of("request.20261120.bson", "login.20261121.bson", "request.20261121.bson",
                        "request.sql.20261121.bson", "request.sql.cursor.20261121.bson"),
                names(DayFiles.select(dir, TypeFilter.all(), from, to, false)));
        assertEquals(List.of("request.20261120.bson", "request.sql.cursor.20261121.bson", "request.sql.20261121.bson",
                        "login.20261121.bson", "request.20261121.bson"),
                names(DayFiles.select(dir, TypeFilter.all(), from, to, true)));
        assertEquals(List.of("request.sql.20261121.bson", "request.sql.cursor.20261121.bson"),
                names(DayFiles.select(dir, TypeFilter.parse("request.sql*"), from, to, false)));
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(path -> path.getFileName().toString()).toList();
    }
}
