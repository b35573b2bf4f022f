package ziggy.protocol.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.ScannedEvent;

/**
 * Reads BSON documents laid end to end from a stream (a day file, stdin), one at a time, in memory
 * bounded by the largest document allowed: the buffer never grows beyond the largest document allowed.
 *
 * <p>Each {@link #next()} returns the next {@link Item}: a {@link Document} that is well-formed, or a
 * {@link Damage} naming the byte offset where bad bytes begin, how many bytes were skipped and why.
 * Whether bytes are a well-formed document, and whether they are an event, is decided by the
 * collect path's own {@link EventScanner}: the reader calls damage exactly what the daemon refuses
 * as malformed and takes for an event exactly what the daemon takes in. There is one walk of BSON
 * bytes in Ziggy, with one set of element rules. A document need not be an event to be read
 * (any file of BSON documents reads), but after damage the reader resynchronises: it moves forward
 * one byte at a time until an event starts there, meaning bytes the scanner accepts, with a
 * top-level string {@code type} that keeps the type-name rule. Bytes alone cannot tell a nested
 * document inside a torn event (its {@code body}) from a top-level one; the {@code type} field that
 * every Ziggy event has and a body rarely has is what tells them apart. (A nested document that has
 * one, inside damaged bytes, would pass for an event.) So in a file of other BSON documents, damage
 * skips everything after it, and says so.
 *
 * <p>A file being written is read as it grows, so its last document may be only partly there: the
 * writer appends whole documents, but a reader that reads during an append sees a prefix of it (the
 * kernel extends the file as it copies). When the input ends inside a document whose length is
 * plausible and no event starts in the bytes after that document's start, the reader returns
 * {@link Unfinished} ("still being written") rather than {@link Damage}: on a live file it is the
 * next event arriving; on a file nobody writes any more it is a torn tail, which the daemon cuts the
 * next time it appends. Anything else that ends the input (a length below 5 or above the maximum,
 * a document whose bytes are all there but wrong) stays damage.
 *
 * <p>Not thread-safe; the caller closes the stream through {@link #close()}.
 */
public final class BsonFileReader implements Closeable {
    /** The largest document accepted, as MongoDB and the daemon's default frame limit have it: 16 MiB. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    private static final int INITIAL_BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final int maxDocumentBytes;
    private final EventScanner scanner = new EventScanner();
    /** The verdict of the last {@link #faultAtStart()} that got as far as the scanner. */
    private final ScannedEvent scanned = new ScannedEvent();
    private byte[] buffer = new byte[INITIAL_BUFFER_BYTES];
    /** {@link #buffer} as the scanner reads it; wrapped again whenever the buffer is replaced. */
    private ByteBuffer scannedBuffer = ByteBuffer.wrap(buffer);
    /** Unread bytes are {@code buffer[start, end)}; {@code buffer[start]} is at {@code offset} in the input. */
    private int start;
    private int end;
    private long offset;
    private boolean inputEnded;

    public BsonFileReader(InputStream in) {
        this(in, DEFAULT_MAX_DOCUMENT_BYTES);
    }

    public BsonFileReader(InputStream in, int maxDocumentBytes) {
        if (maxDocumentBytes < 5) {
            throw new IllegalArgumentException("a BSON document takes at least 5 bytes: " + maxDocumentBytes);
        }
        this.in = in;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** What one call to {@link #next()} found. */
    public sealed interface Item permits Document, Damage, Unfinished {
        /** Where in the input this item begins, counting from 0. */
        long offset();
    }

    /** One well-formed document: its bytes exactly as they are in the input. */
    public record Document(long offset, byte[] bytes) implements Item {
    }

    /** {@code length} bad bytes starting at {@code offset}, skipped because of {@code reason}. */
    public record Damage(long offset, long length, String reason) implements Item {
        @Override
        public String toString() {
            return "damage at byte " + offset + " (" + length + " bytes skipped): " + reason;
        }
    }

    /**
     * The last {@code length} bytes of the input, from {@code offset}: the start of a document of
     * {@code declaredLength} bytes that the input ends inside, as a file still being written does
     * ({@code declaredLength} is 0 when the input ends inside the document's 4-byte length).
     */
    public record Unfinished(long offset, long length, int declaredLength) implements Item {
        @Override
        public String toString() {
            return "still being written at byte " + offset + ": " + length + " bytes of a document"
                    + (declaredLength > 0 ? " of " + declaredLength + " bytes" : "") + " so far";
        }
    }

    /** The next document, damage or unfinished tail, or null at the end of the input. */
    public Item next() throws IOException {
        if (!fill(1)) {
            return null;
        }
        String fault = faultAtStart();
        if (fault == null) {
            int length = int32(start);
            Document document = new Document(offset, Arrays.copyOfRange(buffer, start, start + length));
            consume(length);
            return document;
        }
        long damageStart = offset;
        int unfinishedLength = unfinishedLengthAtStart();
        do {
            consume(1);
        } while (fill(1) && !resumesAtStart());
        if (unfinishedLength >= 0 && !fill(1)) {
            return new Unfinished(damageStart, offset - damageStart, unfinishedLength);
        }
        return new Damage(damageStart, offset - damageStart, fault);
    }

    /**
     * When the input ends inside the document at {@code start} and its length is plausible: that
     * length, or 0 when the input ends inside the 4-byte length itself. Otherwise -1.
     */
    private int unfinishedLengthAtStart() {
        int unread = end - start;
        if (!inputEnded) {
            return -1;
        }
        if (unread < 4) {
            return 0;
        }
        int length = int32(start);
        return length >= 5 && length <= maxDocumentBytes && length > unread ? length : -1;
    }

    /** Whether reading may resume at {@code start}: an event starts there. */
    private boolean resumesAtStart() throws IOException {
        return faultAtStart() == null && scanned.reason() == null;
    }

    /** Null when a well-formed document starts at {@code start}, else what is wrong. */
    private String faultAtStart() throws IOException {
        if (!fill(4)) {
            return "the input ends inside a document's 4-byte length";
        }
        int length = int32(start);
        if (length < 5) {
            return "a document length of " + length + " bytes, below the minimum of 5";
        }
        if (length > maxDocumentBytes) {
            return "a document length of " + length + " bytes, above the maximum of " + maxDocumentBytes;
        }
        if (!fill(length)) {
            return "a document of " + length + " bytes, but the input ends " + (end - start) + " bytes into it";
        }
        scanner.scan(scannedBuffer, start, length, scanned);
        return scanned.wellFormed() ? null : scanned.reason().description();
    }

    /**
     * Makes at least {@code count} unread bytes available, compacting and growing the buffer as needed
     * (never beyond the largest document allowed); false when the input ends first.
     */
    private boolean fill(int count) throws IOException {
        if (end - start >= count) {
            return true;
        }
        if (buffer.length - start < count) {
            int unread = end - start;
            byte[] target = buffer.length >= count ? buffer : new byte[Math.max(count, Math.min(buffer.length * 2,
                    maxDocumentBytes))];
            System.arraycopy(buffer, start, target, 0, unread);
            if (target != buffer) {
                buffer = target;
                scannedBuffer = ByteBuffer.wrap(buffer);
            }
            start = 0;
            end = unread;
        }
        while (end - start < count && !inputEnded) {
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                inputEnded = true;
            } else {
                end += read;
            }
        }
        return end - start >= count;
    }

    private void consume(int count) {
        start += count;
        offset += count;
    }

    private int int32(int position) {
        return (buffer[position] & 0xff)
                | (buffer[position + 1] & 0xff) << 8
                | (buffer[position + 2] & 0xff) << 16
                | (buffer[position + 3] & 0xff) << 24;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
