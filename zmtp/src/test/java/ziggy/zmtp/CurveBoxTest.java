package ziggy.zmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neilalexander.jnacl.crypto.xsalsa20poly1305;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Opening a box: what jnacl seals opens, and no changed bit, in the MAC's last byte either, passes. */
class CurveBoxTest {
    private final byte[] key = WireBytes.patterned(32, 1);
    private final byte[] nonce = WireBytes.patterned(24, 2);
    private final byte[] message = WireBytes.patterned(100, 3);

    @Test
    void aSealedBoxOpensToItsPlaintext() {
        byte[] box = seal();
        byte[] plain = new byte[box.length];

        assertTrue(CurveServerSession.open(plain, box, box.length, nonce, key));
        assertArrayEquals(message, Arrays.copyOfRange(plain, 32, plain.length));
    }

    @Test
    void everyChangedBitOfTheMacOrCiphertextIsRefused() {
        byte[] box = seal();
        for (int i = 16; i < box.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] changed = box.clone();
                changed[i] ^= (byte) (1 << bit);
                assertFalse(CurveServerSession.open(new byte[box.length], changed, changed.length, nonce, key),
                        "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void aBoxShorterThanItsPaddingIsRefused() {
        assertFalse(CurveServerSession.open(new byte[31], new byte[31], 31, nonce, key));
    }

    private byte[] seal() {
        byte[] padded = new byte[32 + message.length];
        System.arraycopy(message, 0, padded, 32, message.length);
        byte[] box = new byte[padded.length];
        xsalsa20poly1305.crypto_secretbox(box, padded, padded.length, nonce, key);
        return box;
    }
}
