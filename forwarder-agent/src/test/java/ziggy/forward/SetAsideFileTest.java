package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events set aside go to one bounded file in the queue folder, whole or not at all. */
class SetAsideFileTest {
    @TempDir
    Path dir;

    @Test
    void eventsAreAppendedWholeUntilTheFileHoldsItsMostThenRefused() throws IOException {
        SetAsideFile file = new SetAsideFile(dir, 1_000);
        byte[] first = filled(600, 1);
        byte[] second = filled(600, 2);
        byte[] third = filled(400, 3);
        ByteBuffer event = ByteBuffer.wrap(first);

        assertTrue(file.keep(event));
        assertEquals(0, event.position(), "the caller's buffer is left as it was");
        assertFalse(file.keep(ByteBuffer.wrap(second)), "1,200 bytes would pass the most");
        assertTrue(file.keep(ByteBuffer.wrap(third)), "a smaller one still fits");

        byte[] held = Files.readAllBytes(dir.resolve(SetAsideFile.NAME));
        assertArrayEquals(first, Arrays.copyOfRange(held, 0, 600));
        assertArrayEquals(third, Arrays.copyOfRange(held, 600, 1_000));
        assertTrue(file.keepOrSay(ByteBuffer.wrap(second)).startsWith("lost: "));
    }

    @Test
    void aFileThatCannotBeWrittenIsAnErrorTheCallerReports() {
        SetAsideFile file = new SetAsideFile(dir.resolve("no-such-folder"));
        assertThrows(IOException.class, () -> file.keep(ByteBuffer.wrap(filled(10, 1))));
        assertTrue(file.keepOrSay(ByteBuffer.wrap(filled(10, 1))).startsWith("lost: cannot write "));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
