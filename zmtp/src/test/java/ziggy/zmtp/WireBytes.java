package ziggy.zmtp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Builds ZMTP 3 bytes by hand, as RFC 23 lays them out, for peers the tests play themselves. */
final class WireBytes {
    private WireBytes() {
    }

    /** A message: its frames, every one but the last with MORE; short sizes below 256, long from 256. */
    static byte[] message(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames.size(); i++) {
            boolean more = i < frames.size() - 1;
            out.writeBytes(frame(more ? FrameDecoder.FLAG_MORE : 0, frames.get(i)));
        }
        return out.toByteArray();
    }

    static byte[] frame(int flags, byte[] body) {
        ByteBuffer frame;
        if (body.length < 256) {
            frame = ByteBuffer.allocate(2 + body.length).put((byte) flags).put((byte) body.length);
        } else {
            frame = ByteBuffer.allocate(9 + body.length).put((byte) (flags | FrameDecoder.FLAG_LONG)).putLong(body.length);
        }
        return frame.put(body).array();
    }

    /** A command frame: the name, then its data. */
    static byte[] command(String name, byte[] data) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(1 + ascii.length + data.length);
        body.put((byte) ascii.length).put(ascii).put(data);
        return frame(FrameDecoder.FLAG_COMMAND, body.array());
    }

    /** READY with the one property Socket-Type. */
    static byte[] ready(String socketType) {
        byte[] name = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
        byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer data = ByteBuffer.allocate(1 + name.length + 4 + value.length);
        data.put((byte) name.length).put(name).putInt(value.length).put(value);
        return command("READY", data.array());
    }

    /** Bytes that tell which message and which byte they are, so a mix-up cannot go unseen. */
    static byte[] patterned(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
