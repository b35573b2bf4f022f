package ziggy.zmtp;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Random;

/** Hands out a byte array in pieces of a fixed or a random size per read, then end of stream. */
final class PieceChannel implements ReadableByteChannel {
    private final ByteBuffer source;
    private final int piece;
    private final Random random;

    /** At most {@code piece} bytes per read. */
    PieceChannel(byte[] bytes, int piece) {
        this(bytes, piece, null);
    }

    /** 1 to {@code maxPiece} bytes per read, chosen by {@code random}. */
    PieceChannel(byte[] bytes, int maxPiece, Random random) {
        this.source = ByteBuffer.wrap(bytes);
        this.piece = maxPiece;
        this.random = random;
    }

    @Override
    public int read(ByteBuffer target) {
        if (!source.hasRemaining()) {
            return -1;
        }
        int wanted = random == null ? piece : 1 + random.nextInt(piece);
        int n = Math.min(wanted, Math.min(source.remaining(), target.remaining()));
        target.put(source.slice(source.position(), n));
        source.position(source.position() + n);
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
