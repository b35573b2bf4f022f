package ziggy.storage.dayfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The open day files of one type. Nearly every event goes to the same day as the one before, so
 * that file is looked at first; other days (late or early events) are a short list.
 */
public final class TypeFiles {
    final String type;
    DayFile recent;
    final List<DayFile> others = new ArrayList<>(2);

    TypeFiles(String type) {
        this.type = type;
    }

    DayFile find(int day) {
        if (recent != null && recent.day == day) {
            return recent;
        }
        for (int i = 0; i < others.size(); i++) {
            DayFile file = others.get(i);
            if (file.day == day) {
                if (recent != null) {
                    others.set(i, recent);
                } else {
                    others.remove(i);
                }
                recent = file;
                return file;
            }
        }
        return null;
    }

    void add(DayFile file) {
        if (recent != null) {
            others.add(recent);
        }
        recent = file;
    }

    void remove(DayFile file) {
        if (recent == file) {
            recent = others.isEmpty() ? null : others.remove(others.size() - 1);
        } else {
            others.remove(file);
        }
    }
}
