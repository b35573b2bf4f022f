package ziggy.daemon.http;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Answers one whole request: a request the codec could not read gets 431 (headers too large), 414
 * (request line too long) or 400 and the connection is closed; HEAD gets what GET would, headers only
 * (load balancers probe with HEAD); any other method 405; an unknown path 404; the rest what
 * {@link DaemonPages} says.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = System.getLogger(HttpRouter.class.getName());

    private static final String ALLOWED_METHODS = HttpMethod.GET + ", " + HttpMethod.HEAD;

    private final DaemonPages pages;

    HttpRouter(DaemonPages pages) {
        this.pages = pages;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            send(context, request, unreadable(decoded.cause()), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            send(context, request, HttpReply.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD are answered here"),
                    keepAlive);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpReply reply = pages.answer(path);
        if (reply == null) {
            reply = HttpReply.text(HttpResponseStatus.NOT_FOUND, "no such page; try /, /healthcheck, /metrics or /status");
        }
        send(context, request, reply, keepAlive);
    }

    private static HttpReply unreadable(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpReply.text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large");
        }
        if (cause instanceof TooLongHttpLineException) {
            return HttpReply.text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        }
        if (cause instanceof TooLongFrameException) {
            return HttpReply.text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request too large");
        }
        return HttpReply.text(HttpResponseStatus.BAD_REQUEST, "not a readable HTTP request");
    }

    /** The body's length is sent for HEAD too, as GET would send it. */
    private static void send(ChannelHandlerContext context, FullHttpRequest request, HttpReply reply, boolean keepAlive) {
        boolean headersOnly = HttpMethod.HEAD.equals(request.method());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                headersOnly ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, reply.cacheControl());
        if (reply.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
        }
        if (keepAlive) {
            if (!request.protocolVersion().isKeepAliveDefault()) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            context.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.log(Level.DEBUG, "HTTP connection from " + context.channel().remoteAddress() + " failed: " + cause);
        context.close();
    }
}
