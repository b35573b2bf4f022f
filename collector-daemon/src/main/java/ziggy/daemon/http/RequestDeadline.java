package ziggy.daemon.http;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Bounds every phase of a connection with a fixed time, so a client that sends nothing, or trickles a
 * request a byte at a time, or never reads its answer, cannot hold a connection for long:
 * <ul>
 * <li>idle (open, or its previous answer sent, and no byte of a next request yet): closed without an
 *     answer after the idle timeout;</li>
 * <li>a request started (its first byte in): the whole request must be in within the request deadline,
 *     which does not move while bytes trickle in (a read timeout would let a slowloris client that sends a
 *     byte every few seconds hold its connection forever); at the deadline the client gets 408 and the
 *     connection is closed;</li>
 * <li>answering (a whole request in, its answer not yet handed to the socket): the answer must go out
 *     within the request deadline, else the connection is closed.</li>
 * </ul>
 * It tells the {@link ConnectionLimit} when a request is in flight and when the connection is idle again,
 * which decides which connection is shed at the cap. It sits before the codec, where it sees the bytes
 * as they come and the encoded answer as it leaves; the router answers on the same thread as the request
 * is decoded, so a write is the sign that a whole request came in.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private enum Phase { IDLE, REQUEST_STARTED, ANSWERING, CLOSING }

    private final long idleTimeoutMillis;
    private final long requestDeadlineMillis;
    private final ConnectionLimit limit;
    private final ConnectionTally tally;
    private Phase phase = Phase.IDLE;
    private int unsentWrites;
    private ScheduledFuture<?> expiry;

    RequestDeadline(long idleTimeoutMillis, long requestDeadlineMillis, ConnectionLimit limit, ConnectionTally tally) {
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.requestDeadlineMillis = requestDeadlineMillis;
        this.limit = limit;
        this.tally = tally;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        becomeIdle(context);
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
        if (phase == Phase.IDLE && message instanceof ByteBuf bytes && bytes.isReadable()) {
            phase = Phase.REQUEST_STARTED;
            arm(context, requestDeadlineMillis, this::requestTooSlow);
        }
        super.channelRead(context, message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
        if (phase == Phase.CLOSING) {
            super.write(context, message, promise);
            return;
        }
        if (unsentWrites++ == 0) {
            phase = Phase.ANSWERING;
            limit.requestInFlight(context.channel());
            arm(context, requestDeadlineMillis, this::answerNotTaken);
        }
        ChannelPromise written = promise.unvoid();
        written.addListener(done -> written(context));
        super.write(context, message, written);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        phase = Phase.CLOSING;
        disarm();
        super.channelInactive(context);
    }

    private void written(ChannelHandlerContext context) {
        if (--unsentWrites == 0 && phase == Phase.ANSWERING && context.channel().isActive()) {
            limit.idleAgain(context.channel());
            becomeIdle(context);
        }
    }

    private void becomeIdle(ChannelHandlerContext context) {
        phase = Phase.IDLE;
        arm(context, idleTimeoutMillis, this::idleTooLong);
    }

    private void arm(ChannelHandlerContext context, long millis, Consumer<ChannelHandlerContext> close) {
        disarm();
        expiry = context.executor().schedule(() -> {
            if (context.channel().isActive() && phase != Phase.CLOSING) {
                phase = Phase.CLOSING;
                close.accept(context);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void idleTooLong(ChannelHandlerContext context) {
        tally.idleClosed();
        context.close();
    }

    /** From the channel's tail, so that the codec encodes the 408. */
    private void requestTooSlow(ChannelHandlerContext context) {
        tally.timedOut();
        DefaultFullHttpResponse timeout = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.EMPTY_BUFFER);
        timeout.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        context.channel().writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
    }

    private void answerNotTaken(ChannelHandlerContext context) {
        tally.timedOut();
        context.close();
    }
}
