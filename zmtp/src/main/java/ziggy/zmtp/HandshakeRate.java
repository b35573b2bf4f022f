package ziggy.zmtp;

/**
 * A token bucket of CURVE handshakes for one endpoint, used on its one thread: {@code perSecond} tokens
 * a second, at most {@code perSecond} saved up. Each HELLO takes a token before any cryptography.
 */
final class HandshakeRate {
    private final double tokensPerNano;
    private final double most;
    private double tokens;
    private long last;

    HandshakeRate(int perSecond, long nowNanos) {
        this.tokensPerNano = perSecond / 1e9;
        this.most = perSecond;
        this.tokens = perSecond;
        this.last = nowNanos;
    }

    /** Takes a token when one is there; false when the second's handshakes are spent. */
    boolean tryTake(long nowNanos) {
        tokens = Math.min(most, tokens + (nowNanos - last) * tokensPerNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
