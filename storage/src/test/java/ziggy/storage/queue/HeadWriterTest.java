package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.io.FaultyFileIo;
import ziggy.storage.io.FileIo;

class HeadWriterTest {
    /** Points of begin() without fsync: the open, the header's write. The next point is the first data write. */
    private static final long FIRST_DATA_WRITE = 2;

    @TempDir
    Path dir;
    private HeadWriter writer;

    @AfterEach
    void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }

    private HeadWriter writer(FileIo io) {
        writer = new HeadWriter(io, dir, false, new RateLimitedLog(System.getLogger(HeadWriterTest.class.getName())));
        return writer;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) seed);
        return bytes;
    }

    private static byte[] fileAfterHeader(Segment segment) throws IOException {
        byte[] file = Files.readAllBytes(segment.path);
        return Arrays.copyOfRange(file, SegmentFormat.HEADER_BYTES, file.length);
    }

    @Test
    void aFailedWriteCutsTheFileBackAndKeepsTheBytesBufferedUntilTheRetryTime() throws IOException {
        HeadWriter writer = writer(FaultyFileIo.failing(FaultyFileIo.Fault.THROW, FIRST_DATA_WRITE));
        Segment head = writer.begin(1);
        writer.buffer().put(bytes(300, 7));

        assertFalse(writer.flush(head), "the disk refused");
        assertEquals(SegmentFormat.HEADER_BYTES, head.size);
        assertEquals(SegmentFormat.HEADER_BYTES, Files.size(head.path), "the file ends where it did");
        assertEquals(300, writer.buffer().position(), "the bytes wait in the buffer");
        assertFalse(writer.flush(head), "within the retry time the disk is not asked again");

        writer.buffer().put(bytes(200, 8));
        writer.retryNow();
        assertTrue(writer.flush(head));
        assertEquals(0, writer.buffer().position());
        assertEquals(SegmentFormat.HEADER_BYTES + 500, head.size);
        byte[] expected = new byte[500];
        System.arraycopy(bytes(300, 7), 0, expected, 0, 300);
        System.arraycopy(bytes(200, 8), 0, expected, 300, 200);
        assertArrayEquals(expected, fileAfterHeader(head), "every byte once, in order");
    }

    @Test
    void aShortWriteIsFinishedByTheNextWriteOfTheLoop() throws IOException {
        HeadWriter writer = writer(FaultyFileIo.failing(FaultyFileIo.Fault.SHORT_WRITE, FIRST_DATA_WRITE));
        Segment head = writer.begin(1);
        writer.buffer().put(bytes(1000, 3));
        assertTrue(writer.flush(head));
        assertArrayEquals(bytes(1000, 3), fileAfterHeader(head));
    }

    @Test
    void aChannelClosedUnderItByAnInterruptIsReopenedAndTheWriteGoesOn() throws IOException {
        HeadWriter writer = writer(FileIo.SYSTEM);
        Segment head = writer.begin(1);
        writer.buffer().put(bytes(100, 1));
        assertTrue(writer.flush(head));
        writer.channel().close(); // what NIO does to a channel whose thread is interrupted in a write or fsync

        assertTrue(writer.write(head, ByteBuffer.wrap(bytes(50, 2))));
        assertTrue(writer.channel().isOpen());
        byte[] expected = new byte[150];
        System.arraycopy(bytes(100, 1), 0, expected, 0, 100);
        System.arraycopy(bytes(50, 2), 0, expected, 100, 50);
        assertArrayEquals(expected, fileAfterHeader(head));
    }

    @Test
    void aNewSegmentStartsWithItsHeaderAndAFailedBeginLeavesNoFile() throws IOException {
        HeadWriter good = writer(FileIo.SYSTEM);
        Segment segment = good.begin(42);
        assertEquals(42, segment.baseSeq);
        assertEquals(SegmentFormat.HEADER_BYTES, Files.size(segment.path));
        good.close();

        HeadWriter failing = writer(FaultyFileIo.failing(FaultyFileIo.Fault.THROW, 1));
        Path path = dir.resolve(SegmentFormat.fileName(43));
        try {
            failing.begin(43);
        } catch (IOException expected) {
            assertFalse(Files.exists(path), "a segment whose header could not be written is removed");
            return;
        }
        throw new AssertionError("the header's write was refused, begin should have thrown");
    }
}
