package ziggy.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The ZMTP command bodies the endpoint reads and writes. A command is a frame with the COMMAND flag;
 * its body is a name (one length byte, then ASCII) followed by the command's data (RFC 23 "Commands").
 * <pre>
 *   READY  data: properties, each a name (1 length byte + ASCII) and a value (4-byte big-endian length + bytes)
 *   ERROR  data: a reason (1 length byte + ASCII)
 *   PING   data: TTL (2 bytes, tenths of a second), context (0..16 bytes)       RFC 37
 *   PONG   data: the context of the PING it answers                             RFC 37
 * </pre>
 * Our READY, 28 bytes on the wire:
 * <pre>
 *   0x04 0x1A                       COMMAND frame, short, 26-byte body
 *   0x05 "READY"
 *   0x0B "Socket-Type" 0x00000004 "PULL"
 * </pre>
 */
final class Commands {
    private static final byte[] READY_PULL = readyPull();

    private Commands() {
    }

    /** A copy of the READY frame we send. */
    static byte[] readyFrame() {
        return READY_PULL.clone();
    }

    /** The command's name, e.g. "READY". */
    static String name(ByteBuffer buffer, int offset, int length) throws PeerRefusal {
        if (length < 1 || (buffer.get(offset) & 0xFF) > length - 1) {
            throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a command without a complete name");
        }
        return ascii(buffer, offset + 1, buffer.get(offset) & 0xFF);
    }

    /** The offset of the command's data, just after its name. */
    static int dataOffset(ByteBuffer buffer, int offset) {
        return offset + 1 + (buffer.get(offset) & 0xFF);
    }

    /**
     * Checks a READY command's properties and returns its Socket-Type (names compare ignoring case, as
     * RFC 23 asks). Refuses a malformed property list or a READY without Socket-Type.
     */
    static String socketType(ByteBuffer buffer, int offset, int length) throws PeerRefusal {
        return socketTypeProperty(buffer, dataOffset(buffer, offset), offset + length, "READY");
    }

    /**
     * The Socket-Type among the properties at {@code buffer[p, end)}: READY's data, or the metadata
     * a CURVE client sends boxed in its INITIATE. Refuses a malformed list or one without Socket-Type.
     */
    static String socketTypeProperty(ByteBuffer buffer, int p, int end, String command) throws PeerRefusal {
        String socketType = null;
        while (p < end) {
            int nameLength = buffer.get(p) & 0xFF;
            if (nameLength == 0 || end - p - 1 < nameLength + 4) {
                throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a malformed property in " + command);
            }
            String name = ascii(buffer, p + 1, nameLength);
            p += 1 + nameLength;
            long valueLength = buffer.getInt(p) & 0xFFFF_FFFFL;
            p += 4;
            if (end - p < valueLength) {
                throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "property " + name + " runs past the " + command + " command");
            }
            if (name.equalsIgnoreCase("Socket-Type")) {
                socketType = ascii(buffer, p, (int) valueLength);
            }
            p += (int) valueLength;
        }
        if (socketType == null) {
            throw new PeerRefusal(RefusalReason.SOCKET_TYPE, command + " without a Socket-Type");
        }
        return socketType;
    }

    /** The reason an ERROR command gives, for the log line. */
    static String errorReason(ByteBuffer buffer, int offset, int length) {
        int p = dataOffset(buffer, offset);
        int available = offset + length - p - 1;
        if (available < 0) {
            return "(no reason)";
        }
        return ascii(buffer, p + 1, Math.min(buffer.get(p) & 0xFF, available));
    }

    /** The PONG frame answering a PING body: the same context, at most 16 bytes. */
    static byte[] pongFrame(ByteBuffer buffer, int offset, int length) throws PeerRefusal {
        byte[] body = pongBody(buffer, offset, length);
        byte[] frame = new byte[2 + body.length];
        frame[0] = FrameDecoder.FLAG_COMMAND;
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, 2, body.length);
        return frame;
    }

    /** The body of the PONG answering a PING body; under CURVE it goes out boxed in a MESSAGE. */
    static byte[] pongBody(ByteBuffer buffer, int offset, int length) throws PeerRefusal {
        int context = dataOffset(buffer, offset) + 2;
        int contextLength = offset + length - context;
        if (contextLength < 0 || contextLength > 16) {
            throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a PING of " + length + " bytes");
        }
        byte[] body = new byte[5 + contextLength];
        body[0] = 4;
        System.arraycopy("PONG".getBytes(StandardCharsets.US_ASCII), 0, body, 1, 4);
        buffer.get(context, body, 5, contextLength);
        return body;
    }

    /** Our READY's properties, the metadata a CURVE READY boxes: Socket-Type PULL (20 bytes). */
    static byte[] pullMetadata() {
        return java.util.Arrays.copyOfRange(READY_PULL, 8, READY_PULL.length);
    }

    private static String ascii(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0x20 || bytes[i] == 0x7F) {
                bytes[i] = '?';
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] readyPull() {
        ByteBuffer frame = ByteBuffer.allocate(28);
        frame.put((byte) FrameDecoder.FLAG_COMMAND).put((byte) 26);
        frame.put((byte) 5).put("READY".getBytes(StandardCharsets.US_ASCII));
        frame.put((byte) 11).put("Socket-Type".getBytes(StandardCharsets.US_ASCII));
        frame.putInt(4).put("PULL".getBytes(StandardCharsets.US_ASCII));
        return frame.array();
    }
}
