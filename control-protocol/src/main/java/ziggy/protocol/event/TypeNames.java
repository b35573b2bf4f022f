package ziggy.protocol.event;

import java.nio.ByteBuffer;

/**
 * The rule for event type names, which become file names: 1 to {@value #MAX_LENGTH} characters of
 * {@code [A-Za-z0-9_.-]}, no leading or trailing {@code .}, no {@code ..}. So a name can hold no
 * {@code /}, no control character and no path trick, and {@code <type>.<YYYYMMDD>.bson} always
 * names a plain file directly inside the log folder.
 */
public final class TypeNames {
    public static final int MAX_LENGTH = 200;

    private TypeNames() {
    }

    /** Whether the bytes {@code buffer[offset, offset + length)} are a valid type name. */
    public static boolean isValid(ByteBuffer buffer, int offset, int length) {
        if (length < 1 || length > MAX_LENGTH) {
            return false;
        }
        byte previous = '.';
        for (int i = 0; i < length; i++) {
            byte b = buffer.get(offset + i);
            if (b == '.') {
                if (previous == '.') {
                    return false;
                }
            } else if (!isNameByte(b)) {
                return false;
            }
            previous = b;
        }
        return previous != '.';
    }

    public static boolean isValid(String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return isValid(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    private static boolean isNameByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-';
    }
}
