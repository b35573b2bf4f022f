package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.storage.io.FileIo;

/** The journal format on real files: what is written reads back, and each kind of damage is set aside. */
class JournalFileTest {
    @TempDir
    Path folder;

    private JournalFile journal() {
        return new JournalFile(FileIo.SYSTEM, folder.resolve(".ziggyd").resolve("journal"));
    }

    @Test
    void aBodyWithMarksReadsBackAsWrittenFromAHeaderedFile() throws IOException {
        BsonDocument body = JournalFile.withMarks(new BsonDocument("dirty", BsonBoolean.TRUE), Map.of("b", 2L, "a", 1L));
        assertTrue(journal().write(body));

        byte[] bytes = Files.readAllBytes(journal().path());
        assertEquals(JournalFile.MAGIC, ByteBuffer.wrap(bytes).getInt(0));
        assertEquals(JournalFile.VERSION, ByteBuffer.wrap(bytes).getInt(4));
        assertEquals(bytes.length - JournalFile.HEADER_BYTES - JournalFile.CRC_BYTES, ByteBuffer.wrap(bytes).getInt(8));
        Optional<BsonDocument> read = journal().read("test");
        assertEquals(Map.of("a", 1L, "b", 2L), JournalFile.marksOf(read.orElseThrow()));
        assertTrue(read.get().getBoolean("dirty").getValue());
    }

    @Test
    void noFileIsNoJournal() {
        assertEquals(Optional.empty(), journal().read("test"));
    }

    @Test
    void aTornFileIsSetAside() throws IOException {
        assertDamageSetAside(bytes -> Arrays.copyOf(bytes, bytes.length - 3));
    }

    @Test
    void aFlippedBitFailsTheCrcAndIsSetAside() throws IOException {
        assertDamageSetAside(bytes -> {
            bytes[JournalFile.HEADER_BYTES + 5] ^= 0x10;
            return bytes;
        });
    }

    @Test
    void aBareBsonDocumentOfTheOldFormatIsSetAsideNotMisread() throws IOException {
        assertDamageSetAside(bytes -> Arrays.copyOfRange(bytes, JournalFile.HEADER_BYTES, bytes.length - JournalFile.CRC_BYTES));
    }

    @Test
    void anUnknownVersionIsSetAside() throws IOException {
        assertDamageSetAside(bytes -> {
            ByteBuffer.wrap(bytes).putInt(4, JournalFile.VERSION + 1);
            return bytes;
        });
    }

    @Test
    void aLengthThatLiesIsSetAside() throws IOException {
        assertDamageSetAside(bytes -> {
            ByteBuffer.wrap(bytes).putInt(8, Integer.MAX_VALUE);
            return bytes;
        });
    }

    private void assertDamageSetAside(UnaryOperator<byte[]> damage) throws IOException {
        assertTrue(journal().write(JournalFile.withMarks(new BsonDocument(), Map.of("agent", 42L))));
        Path file = journal().path();
        Files.write(file, damage.apply(Files.readAllBytes(file)));

        assertEquals(Optional.empty(), journal().read("starting with no marks"));

        assertFalse(Files.exists(file), "the damaged journal no longer stands in the way of the next one");
        try (Stream<Path> files = Files.list(file.getParent())) {
            List<String> names = files.map(path -> path.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(name -> name.startsWith("journal.unreadable-")), names.toString());
        }
        assertTrue(journal().write(new BsonDocument()), "a new journal is written in its place");
    }
}
