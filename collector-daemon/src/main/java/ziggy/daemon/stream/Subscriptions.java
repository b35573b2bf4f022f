package ziggy.daemon.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The type prefixes the stream's subscribers asked for, as the XPUB socket reports them (it passes
 * each distinct prefix once, and its removal when the last subscriber to it leaves). The publisher
 * thread changes the set; the collect thread reads the published array to skip events nobody wants.
 */
final class Subscriptions {
    private final List<byte[]> prefixes = new ArrayList<>();
    private volatile byte[][] published = new byte[0][];

    /** Publisher thread: a message from XPUB, {@code 0x01 prefix} or {@code 0x00 prefix}. */
    void apply(byte[] message) {
        if (message.length == 0 || (message[0] != 0 && message[0] != 1)) {
            return;
        }
        byte[] prefix = Arrays.copyOfRange(message, 1, message.length);
        prefixes.removeIf(p -> Arrays.equals(p, prefix));
        if (message[0] == 1) {
            prefixes.add(prefix);
        }
        published = prefixes.toArray(new byte[0][]);
    }

    int size() {
        return published.length;
    }

    /** Collect thread: whether any subscriber wants this type. */
    boolean wants(byte[] type) {
        byte[][] current = published;
        for (byte[] prefix : current) {
            if (prefix.length <= type.length && Arrays.equals(prefix, 0, prefix.length, type, 0, prefix.length)) {
                return true;
            }
        }
        return false;
    }
}
