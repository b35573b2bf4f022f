package ziggy.bench.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Pre-encoded Ziggy events of one size, one per slot of a {@link TypeMix}, each a valid event with
 * {@code type}, {@code id}, {@code host}, {@code pid}, {@code start}, {@code end} and a {@code body}.
 * The sender copies a template and patches three fields in place, with no encoding per event: the
 * {@code id} (a run tag, the connection and the event's number, so that every event can be found
 * again in the day files) and {@code start}/{@code end} (the send time, from which the stream's
 * latency is measured). Patching keeps every length, so the bytes stay a valid document.
 */
public final class EventTemplates {
    /** Hex digits: 8 of run tag, 4 of connection, 12 of event number. */
    public static final int ID_CHARS = 24;
    /** How long an event "lasted": {@code start} is this much before {@code end}. */
    static final double DURATION_SECONDS = 0.012;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] events;
    /** Per slot: where the id's characters and the start and end doubles begin (type names differ in length). */
    private final int[] idOffsets;
    private final int[] startOffsets;
    private final int[] endOffsets;

    private EventTemplates(byte[][] events, int[] idOffsets, int[] startOffsets, int[] endOffsets) {
        this.events = events;
        this.idOffsets = idOffsets;
        this.startOffsets = startOffsets;
        this.endOffsets = endOffsets;
    }

    /**
     * Templates of exactly {@code size} bytes for each slot of {@code mix}. The body's padding
     * string is what makes up the size, so {@code size} must leave room for the fixed fields.
     */
    public static EventTemplates of(TypeMix mix, int size, String host) {
        byte[][] events = new byte[mix.slots()][];
        int[] ids = new int[events.length];
        int[] starts = new int[events.length];
        int[] ends = new int[events.length];
        for (int slot = 0; slot < events.length; slot++) {
            String type = mix.typeAt(slot);
            byte[] shortest = encode(type, host, slot, 0);
            int padding = size - shortest.length;
            if (padding < 0) {
                throw new IllegalArgumentException("--size " + size + " is too small for an event of type " + type
                        + ": at least " + shortest.length + " bytes");
            }
            events[slot] = encode(type, host, slot, padding);
            ids[slot] = indexOf(events[slot], elementHeader(0x02, "id")) + 4 + 4; // header, then the int32 length
            starts[slot] = indexOf(events[slot], elementHeader(0x01, "start")) + 7;
            ends[slot] = indexOf(events[slot], elementHeader(0x01, "end")) + 5;
        }
        return new EventTemplates(events, ids, starts, ends);
    }

    private static byte[] encode(String type, String host, int slot, int padding) {
        // The fields the daemon reads come first and have fixed lengths; only the body varies.
        BsonDocument body = new BsonDocument()
                .append("path", new BsonString("/api/v1/items/" + slot))
                .append("status", new BsonInt32(200))
                .append("pad", new BsonString("x".repeat(padding)));
        BsonDocument event = new BsonDocument()
                .append("type", new BsonString(type))
                .append("id", new BsonString("0".repeat(ID_CHARS)))
                .append("host", new BsonString(host))
                .append("pid", new BsonInt32((int) ProcessHandle.current().pid()))
                .append("start", new BsonDouble(0))
                .append("end", new BsonDouble(0))
                .append("body", body);
        RawBsonDocument raw = new RawBsonDocument(event, new BsonDocumentCodec());
        ByteBuffer bytes = raw.getByteBuffer().asNIO();
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }

    private static byte[] elementHeader(int typeByte, String key) {
        byte[] name = key.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[name.length + 2];
        header[0] = (byte) typeByte;
        System.arraycopy(name, 0, header, 1, name.length);
        return header;
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 4; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("field not found in a template");
    }

    public int slots() {
        return events.length;
    }

    /** Every template has this many bytes. */
    public int size() {
        return events[0].length;
    }

    /**
     * Writes event {@code number} of connection {@code connection} at {@code target}'s position,
     * from the template of its slot, and advances the position. {@code target} is little-endian.
     */
    public void put(ByteBuffer target, long runTag, int connection, long number, double endSeconds) {
        int slot = (int) (number % events.length);
        int base = target.position();
        target.put(events[slot]);
        int id = base + idOffsets[slot];
        hex(target, id, runTag, 8);
        hex(target, id + 8, connection, 4);
        hex(target, id + 12, number, 12);
        target.putDouble(base + startOffsets[slot], endSeconds - DURATION_SECONDS);
        target.putDouble(base + endOffsets[slot], endSeconds);
    }

    private static void hex(ByteBuffer target, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            target.put(at + i, HEX[(int) (value & 0xF)]);
            value >>>= 4;
        }
    }

    /** True when the {@code length} bytes at 0 in {@code event} were made from these templates for the run {@code runTag}. */
    public boolean isFromRun(ByteBuffer event, int length, long runTag) {
        int id = idOffset(event, length);
        return id >= 0 && parseHex(event, id, 8) == runTag;
    }

    /** The connection that sent {@code event}, one of this run's. */
    public int connectionOf(ByteBuffer event) {
        return (int) parseHex(event, idOffset(event, size()) + 8, 4);
    }

    /** The event's number on its connection, from 0. */
    public long numberOf(ByteBuffer event) {
        return parseHex(event, idOffset(event, size()) + 12, 12);
    }

    /** Where the id's characters are: the offset of the slot whose bytes before the id match; -1 if none. */
    private int idOffset(ByteBuffer event, int length) {
        if (length != size()) {
            return -1;
        }
        for (int slot = 0; slot < events.length; slot++) {
            if (event.slice(0, idOffsets[slot]).equals(ByteBuffer.wrap(events[slot], 0, idOffsets[slot]))) {
                return idOffsets[slot];
            }
        }
        return -1;
    }

    /** The value of {@code digits} hex digits; -1 if any is not one. */
    private static long parseHex(ByteBuffer bytes, int at, int digits) {
        long value = 0;
        for (int i = 0; i < digits; i++) {
            int digit = Character.digit(bytes.get(at + i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** A buffer of the byte order BSON uses, for {@link #put}. */
    public static ByteBuffer littleEndian(ByteBuffer buffer) {
        return buffer.order(ByteOrder.LITTLE_ENDIAN);
    }
}
