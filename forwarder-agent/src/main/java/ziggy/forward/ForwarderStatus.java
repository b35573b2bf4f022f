package ziggy.forward;

/**
 * The forwarder's state for STATUS.
 *
 * @param upstream        the upstream it uses or tries now ({@code host:port} of its collect port)
 * @param connected       whether a connection to it is up
 * @param mode            batches, single frames (an original Ziggy upstream) or connecting
 * @param sentSeq         the highest seq sent on the current connection
 * @param acknowledgedSeq the highest seq the upstream holds durably (in single-frame mode: handed to the socket)
 * @param batches         batches sent since start
 * @param resends         times it went back over events it had sent and the upstream had not acknowledged,
 *                        to send them again (a connection that ended with events in flight, an upstream
 *                        that acknowledged nothing for resendAfter); a reconnect counts once
 * @param failovers       times it moved to another upstream
 */
public record ForwarderStatus(String upstream, boolean connected, ForwardMode mode, long sentSeq, long acknowledgedSeq,
                              long batches, long resends, long failovers) {
}
