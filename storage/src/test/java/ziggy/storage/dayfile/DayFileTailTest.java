package ziggy.storage.dayfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.storage.io.FileIo;
import ziggy.testing.TestEvents;

/** How a day file ends when it is opened for append, and what the open cuts: only a tail that can be nothing but a torn event. */
class DayFileTailTest {
    private static final byte[] FIRST = TestEvents.bson("{\"type\": \"request\", \"start\": 1.5, \"n\": 1}");
    private static final byte[] SECOND = TestEvents.bson("{\"type\": \"request\", \"start\": 2.5, \"n\": 2, \"pad\": \"xxxxxxxxxxxxxxxx\"}");

    @TempDir
    Path folder;

    @Test
    void aFileOfWholeEventsIsLeftAsItIs() throws IOException {
        byte[] whole = concat(FIRST, SECOND);
        Path file = write(whole);

        DayFileTail.Tail tail = openForAppend(file, -1);

        assertEquals(DayFileTail.Ending.WHOLE, tail.ending());
        assertEquals(whole.length, tail.wholeEnd());
        assertEquals(0, tail.tornBytes());
        assertArrayEquals(whole, Files.readAllBytes(file), "not a byte changed");
    }

    @Test
    void aLastEventNeverWrittenWholeIsCutBackToTheEventBeforeIt() throws IOException {
        Path file = write(concat(FIRST, Arrays.copyOf(SECOND, SECOND.length - 3)));

        DayFileTail.Tail tail = openForAppend(file, -1);

        assertEquals(DayFileTail.Ending.TORN, tail.ending());
        assertEquals(FIRST.length, tail.wholeEnd());
        assertEquals(SECOND.length - 3, tail.tornBytes());
        assertArrayEquals(FIRST, Files.readAllBytes(file));
    }

    @Test
    void aLengthPrefixCutShortIsATornTail() throws IOException {
        Path file = write(concat(FIRST, Arrays.copyOf(SECOND, 2)));

        DayFileTail.Tail tail = openForAppend(file, -1);

        assertEquals(DayFileTail.Ending.TORN, tail.ending());
        assertEquals(2, tail.tornBytes());
        assertArrayEquals(FIRST, Files.readAllBytes(file));
    }

    @Test
    void aTailOfZerosLeftByAPowerCutIsCut() throws IOException {
        // Longer than one 64 KiB chunk of the walk, so the zero check reads on past the first one.
        Path file = write(concat(FIRST, new byte[100_000]));

        DayFileTail.Tail tail = openForAppend(file, -1);

        assertEquals(DayFileTail.Ending.TORN, tail.ending());
        assertEquals(FIRST.length, tail.wholeEnd());
        assertEquals(100_000, tail.tornBytes());
        assertArrayEquals(FIRST, Files.readAllBytes(file));
    }

    @Test
    void bytesThatAreNoEventAreLeftForReadersToSkip() throws IOException {
        byte[] damaged = concat(FIRST, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3}, SECOND);
        Path file = write(damaged);

        DayFileTail.Tail tail = openForAppend(file, -1);

        assertEquals(DayFileTail.Ending.NOT_A_DOCUMENT, tail.ending());
        assertEquals(FIRST.length, tail.wholeEnd());
        assertEquals(0, tail.tornBytes());
        assertArrayEquals(damaged, Files.readAllBytes(file), "good events may follow the damage");
    }

    @Test
    void theWalkStartsAtTheLengthLastKnownWhole() throws IOException {
        // Bytes before the known length are not looked at: the damage there was found and reported before.
        byte[] before = concat(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 9}, FIRST);
        Path file = write(concat(before, Arrays.copyOf(SECOND, 7)));

        DayFileTail.Tail tail = openForAppend(file, before.length);

        assertEquals(DayFileTail.Ending.TORN, tail.ending());
        assertEquals(before.length, tail.wholeEnd());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aKnownLengthPastTheEndOfTheFileWalksFromTheStart() throws IOException {
        Path file = write(concat(FIRST, Arrays.copyOf(SECOND, 7)));

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            DayFileTail.Tail tail = DayFileTail.of(channel, 1_000_000);
            assertEquals(DayFileTail.Ending.TORN, tail.ending());
            assertEquals(FIRST.length, tail.wholeEnd());
        }
    }

    @Test
    void anEmptyFileEndsWhole() throws IOException {
        Path file = write(new byte[0]);

        DayFileTail.Tail tail = openForAppend(file, -1);

        assertEquals(DayFileTail.Ending.WHOLE, tail.ending());
        assertEquals(0, Files.size(file));
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = folder.resolve("request.20261205.bson");
        Files.write(file, bytes);
        return file;
    }

    /** Opens the file as the writer does, which walks its tail and cuts what is torn, then closes it. */
    private static DayFileTail.Tail openForAppend(Path file, long wholeLength) throws IOException {
        DayFile dayFile = new DayFile(FileIo.SYSTEM, new TypeFiles("request"), 20261205, file, wholeLength);
        try {
            return dayFile.openForAppend();
        } finally {
            dayFile.closeChannel();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
