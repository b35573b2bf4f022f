package ziggy.zmtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 64-byte ZMTP 3 greeting (RFC 23 "Greeting", RFC 37 for minor version 1): what we send, and the
 * checks on what the peer sends.
 * <pre>
 *   offset  size  ours         meaning
 *   0       1     0xFF         signature start
 *   1       8     0x00 x 8     padding; not significant (libzmq puts its identity length here)
 *   9       1     0x7F         signature end; bit 0 set means "versioned", a ZMTP 1.0 peer has it clear
 *   10      1     0x03         major version
 *   11      1     0x01         minor version: 3.1, whose PING/PONG we answer; 3.0 peers are served too
 *   12      20    "NULL", 0x00 x 16   security mechanism, ASCII, zero-padded; "CURVE", 0x00 x 15 under CURVE
 *   32      1     0x00         as-server; not used by NULL; 0x01 under CURVE, where we are the server
 *   33      31    0x00 x 31    filler
 * </pre>
 * We send it in two parts, as libzmq does: the signature and major version (11 bytes) at once, the
 * rest once the peer's major version has arrived. Sending all 64 at once would let libzmq read our
 * mechanism in the same read as our version; a libzmq peer whose mechanism differs then closes before
 * it has sent its own, and the refusal could not say why. The peer's greeting is judged byte by byte
 * as it arrives, so an old or foreign peer is refused as soon as it shows itself and not after a
 * timeout: ZMTP 2 peers send 11 bytes and wait. The peer must ask for our mechanism; its as-server
 * byte is not checked (libzmq does not either).
 */
final class Greeting {
    static final int LENGTH = 64;
    private static final int SIGNATURE_END = 9;
    /** Offset of the major version; the first part we send ends just after it. */
    static final int MAJOR = 10;
    private static final int MECHANISM = 12;
    private static final int MECHANISM_LENGTH = 20;
    private static final int AS_SERVER = 32;
    private static final byte[] NULL_MECHANISM = mechanismField("NULL");
    private static final byte[] CURVE_MECHANISM = mechanismField("CURVE");

    private static final byte[] OURS_NULL = ours(NULL_MECHANISM, false);
    private static final byte[] OURS_CURVE = ours(CURVE_MECHANISM, true);

    private Greeting() {
    }

    /** The first part we send: signature and major version, the same for every mechanism. */
    static byte[] signatureAndMajor() {
        return Arrays.copyOfRange(OURS_NULL, 0, MAJOR + 1);
    }

    /** The second part we send, once the peer's major version is known: minor version to the end. */
    static byte[] rest(boolean curve) {
        return Arrays.copyOfRange(curve ? OURS_CURVE : OURS_NULL, MAJOR + 1, LENGTH);
    }

    /**
     * Checks the part of the peer's greeting that has arrived at the parse position of {@code in}.
     * Returns true once all 64 bytes are there and acceptable; refuses the peer as soon as a byte
     * rules it out.
     */
    static boolean check(FrameDecoder in, boolean curve) throws PeerRefusal {
        int available = Math.min(in.unparsed(), LENGTH);
        if (available >= 2 && in.peek(0) != 0xFF) {
            // ZMTP 1.0 starts with its identity frame: a short length, then flags 0x00.
            if (in.peek(1) == 0) {
                throw new PeerRefusal(RefusalReason.OLD_VERSION, "ZMTP 1.0 peer; ZMTP 3.0 or 3.1 is needed");
            }
            throw new PeerRefusal(RefusalReason.NOT_ZMTP, "first bytes 0x" + Integer.toHexString(in.peek(0))
                    + " 0x" + Integer.toHexString(in.peek(1)) + " are not a ZMTP signature");
        }
        if (available > SIGNATURE_END && (in.peek(SIGNATURE_END) & 0x01) == 0) {
            throw new PeerRefusal(RefusalReason.OLD_VERSION, "ZMTP 1.0 peer; ZMTP 3.0 or 3.1 is needed");
        }
        if (available > MAJOR && in.peek(MAJOR) < 3) {
            throw new PeerRefusal(RefusalReason.OLD_VERSION, "ZMTP " + (in.peek(MAJOR) + 1)
                    + ".x peer (revision " + in.peek(MAJOR) + "); ZMTP 3.0 or 3.1 is needed");
        }
        if (available < LENGTH) {
            return false;
        }
        byte[] expected = curve ? CURVE_MECHANISM : NULL_MECHANISM;
        for (int i = 0; i < MECHANISM_LENGTH; i++) {
            if (in.peek(MECHANISM + i) != (expected[i] & 0xFF)) {
                throw new PeerRefusal(RefusalReason.MECHANISM, mechanismProblem(in, curve ? "CURVE" : "NULL"));
            }
        }
        return true;
    }

    /** What is wrong with a mechanism field that is not "NULL" zero-padded, said as it is. */
    private static String mechanismProblem(FrameDecoder in, String ours) {
        String name = mechanismName(in);
        if (name.equals(ours)) {
            StringBuilder padding = new StringBuilder();
            for (int i = ours.length(); i < MECHANISM_LENGTH; i++) {
                padding.append(String.format(" %02x", in.peek(MECHANISM + i)));
            }
            return "the mechanism field is " + ours + " followed by padding that is not all zero bytes:" + padding
                    + " (RFC 23 pads the name with zeros)";
        }
        return "security mechanism " + name + " offered; only " + ours + " is served"
                + (ours.equals("CURVE") ? " (the client needs the server's public key, curve_serverkey)" : "");
    }

    private static String mechanismName(FrameDecoder in) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < MECHANISM_LENGTH; i++) {
            int c = in.peek(MECHANISM + i);
            if (c == 0) {
                break;
            }
            name.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return name.length() == 0 ? "(empty)" : name.toString();
    }

    private static byte[] ours(byte[] mechanism, boolean asServer) {
        byte[] greeting = new byte[LENGTH];
        greeting[0] = (byte) 0xFF;
        greeting[SIGNATURE_END] = 0x7F;
        greeting[MAJOR] = 3;
        greeting[MAJOR + 1] = 1;
        System.arraycopy(mechanism, 0, greeting, MECHANISM, MECHANISM_LENGTH);
        greeting[AS_SERVER] = (byte) (asServer ? 1 : 0);
        return greeting;
    }

    /** The mechanism field: an ASCII name, zero-padded to 20 bytes. */
    private static byte[] mechanismField(String name) {
        byte[] field = new byte[MECHANISM_LENGTH];
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, field, 0, ascii.length);
        return field;
    }
}
