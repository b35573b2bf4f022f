package ziggy.daemon.http;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Gives each connection a fixed time to deliver a whole request: from the connection's start, and again
 * after each answer. A read timeout alone would let a slowloris client that sends a byte every few seconds
 * hold its connection forever; this deadline does not move while bytes trickle in. At the deadline the
 * client gets 408 and the connection is closed. Sits after the aggregator, so it sees whole requests only.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private final long deadlineMillis;
    private ScheduledFuture<?> expiry;

    RequestDeadline(long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        arm(context);
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
        if (message instanceof FullHttpRequest) {
            disarm();
            super.channelRead(context, message);
            if (context.channel().isActive()) {
                arm(context);
            }
            return;
        }
        super.channelRead(context, message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        disarm();
        super.channelInactive(context);
    }

    private void arm(ChannelHandlerContext context) {
        disarm();
        expiry = context.executor().schedule(() -> expire(context), deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private static void expire(ChannelHandlerContext context) {
        if (!context.channel().isActive()) {
            return;
        }
        DefaultFullHttpResponse timeout = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.EMPTY_BUFFER);
        timeout.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        context.writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
    }
}
