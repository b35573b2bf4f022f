package ziggy.storage.dayfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

import ziggy.protocol.file.BsonFileReader;

/**
 * How a day file being opened for append ends: with a whole document, with a torn one (a write that
 * never finished: kill -9 or a crash mid-write, a power cut), or with bytes that are no document at
 * all. Found by walking the documents' 4-byte length prefixes from {@code from}, a length at which the
 * daemon last knew the file to end with a whole document (the commit journal's, or where this daemon
 * last wrote or closed it), else 0.
 *
 * <p>Cost: one read of 64 KiB per 64 KiB walked, so from a known length only what was appended since
 * (at most what a crash left unjournaled); from 0, the whole file once per open, about a second per
 * GB from the page cache, more from disk, on the collect thread. A file with no known length is one
 * this daemon has not written since it started and the journal does not name: in practice an older
 * day's file that a late event reopens.
 *
 * <p>Torn means the last length prefix is incomplete, or names a plausible document (5 bytes up to
 * {@link BsonFileReader#DEFAULT_MAX_DOCUMENT_BYTES}) that runs past the end, or everything from the
 * stop to the end is zero (a power cut that kept the file's length but not its data): those bytes
 * can only be the start of an event and are cut. Any other bad length is damage that readers skip
 * and resynchronise after, perhaps with good events behind it, so it is left as it is and reported.
 */
final class DayFileTail {
    private static final int CHUNK_BYTES = 64 * 1024;

    enum Ending { WHOLE, TORN, NOT_A_DOCUMENT }

    /** How the file ends; {@code wholeEnd} is where the walk stopped (the size when {@code WHOLE}). */
    record Tail(Ending ending, long wholeEnd, long size) {
        long tornBytes() {
            return ending == Ending.TORN ? size - wholeEnd : 0;
        }
    }

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long chunkStart;

    private DayFileTail(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
        chunk.limit(0);
    }

    /** Walks {@code channel} from {@code from}, or from 0 when the file is now shorter than that. */
    static Tail of(FileChannel channel, long from) throws IOException {
        long size = channel.size();
        return new DayFileTail(channel, size).walk(from >= 0 && from <= size ? from : 0);
    }

    private Tail walk(long from) throws IOException {
        long position = from;
        while (size - position >= 4) {
            int length = int32At(position);
            if (length < 5 || length > BsonFileReader.DEFAULT_MAX_DOCUMENT_BYTES) {
                Ending ending = zeroFrom(position) ? Ending.TORN : Ending.NOT_A_DOCUMENT;
                return new Tail(ending, position, size);
            }
            if (length > size - position) {
                return new Tail(Ending.TORN, position, size);
            }
            position += length;
        }
        return new Tail(position == size ? Ending.WHOLE : Ending.TORN, position, size);
    }

    private int int32At(long position) throws IOException {
        if (position < chunkStart || position + 4 > chunkStart + chunk.limit()) {
            load(position);
            if (chunk.limit() < 4) {
                throw new IOException("the file shrank while its tail was checked");
            }
        }
        return chunk.getInt((int) (position - chunkStart));
    }

    private boolean zeroFrom(long position) throws IOException {
        for (long at = position; at < size; at = chunkStart + chunk.limit()) {
            load(at);
            for (int i = 0; i < chunk.limit(); i++) {
                if (chunk.get(i) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Fills the chunk from {@code position}, as far as the file goes. */
    private void load(long position) throws IOException {
        chunk.clear();
        chunk.limit((int) Math.min(CHUNK_BYTES, size - position));
        while (chunk.hasRemaining()) {
            if (channel.read(chunk, position + chunk.position()) < 0) {
                break; // shorter than it was a moment ago: walk what is there
            }
        }
        chunk.flip();
        chunkStart = position;
    }
}
