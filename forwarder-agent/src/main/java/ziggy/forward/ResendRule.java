package ziggy.forward;

/**
 * What the forwarder does after a {@code COMMITTED} answer: wait for more answers, skip ahead (the
 * upstream holds more than this connection sent: it was sent before a restart), or send everything
 * unacknowledged again on a new connection, because nothing was acknowledged for {@code resendAfter}
 * while events were in flight (the connection in use may be stuck, or the upstream lost them).
 */
enum ResendRule {
    WAIT, SKIP_AHEAD, RESEND;

    /**
     * @param sentSeq           the last seq sent on this connection
     * @param acknowledged      the seq the upstream holds, after this answer
     * @param sinceProgressNanos how long since the acknowledged seq last moved, or since sending began
     * @param resendAfterNanos  the forwarder's {@code resendAfter}
     */
    static ResendRule after(long sentSeq, long acknowledged, long sinceProgressNanos, long resendAfterNanos) {
        if (sentSeq < acknowledged) {
            return SKIP_AHEAD;
        }
        if (sentSeq > acknowledged && sinceProgressNanos > resendAfterNanos) {
            return RESEND;
        }
        return WAIT;
    }
}
