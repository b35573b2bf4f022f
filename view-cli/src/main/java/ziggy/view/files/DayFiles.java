package ziggy.view.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import ziggy.protocol.layout.DayFileName;
import ziggy.view.events.TypeFilter;

/**
 * Chooses the day files ({@code <type>.<YYYYMMDD>.bson}) under a log folder for a type filter and a
 * range of days, both ends included: in day order, and within a day in type order. Anything else in
 * the folder (the daemon's dot-folders, other files) is not a day file and is never read.
 *
 * <p>For {@code --group}, a day's sub-types come first, deepest first ({@code request.sql.cursor},
 * then {@code request.sql}, then {@code request}): their events then wait in the grouper for their
 * parents, which come from a later file, as they would on the live stream.
 */
public final class DayFiles {
    private DayFiles() {
    }

    public static List<Path> select(Path logPath, TypeFilter types, LocalDate first, LocalDate last, boolean subTypesFirst)
            throws IOException {
        int from = asNumber(first);
        int to = asNumber(last);
        List<Selected> selected = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(logPath)) {
            for (Path entry : entries) {
                Optional<DayFileName> name = DayFileName.parse(entry.getFileName().toString());
                if (name.isPresent() && name.get().day() >= from && name.get().day() <= to
                        && types.matches(name.get().type()) && Files.isRegularFile(entry)) {
                    selected.add(new Selected(name.get(), entry));
                }
            }
        }
        Comparator<Selected> order = Comparator.comparingInt((Selected s) -> s.name().day());
        if (subTypesFirst) {
            order = order.thenComparing(s -> depth(s.name().type()), Comparator.reverseOrder());
        }
        selected.sort(order.thenComparing(s -> s.name().type()));
        return selected.stream().map(Selected::path).toList();
    }

    private static int depth(String type) {
        return (int) type.chars().filter(c -> c == '.').count();
    }

    /** The day as the number in file names, {@code YYYYMMDD}. */
    static int asNumber(LocalDate day) {
        return day.getYear() * 10_000 + day.getMonthValue() * 100 + day.getDayOfMonth();
    }

    private record Selected(DayFileName name, Path path) {
    }
}
