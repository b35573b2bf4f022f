package ziggy.daemon.http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * On the listening channel: an accept that fails (out of descriptors, most often) is counted, logged at
 * most once a second, and accepting pauses for {@value #PAUSE_MILLIS} ms, as the collect port does, so
 * that a flood neither spins the thread on a failing accept nor fills the log with Netty's stack traces
 * (its default sends each failure to the pipeline's tail, which logs it whole). Accepting always resumes.
 */
@ChannelHandler.Sharable
final class AcceptFailures extends ChannelInboundHandlerAdapter {
    static final long PAUSE_MILLIS = 100;
    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());

    private final ConnectionTally tally;
    private final RateLimitedLog log = new RateLimitedLog(LOG);

    AcceptFailures(ConnectionTally tally) {
        this.tally = tally;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        tally.acceptFailed();
        log.log(System.Logger.Level.WARNING, "accept failed",
                "http: cannot accept a connection on " + ctx.channel().localAddress() + ": " + cause.getMessage()
                        + "; accepting again in " + PAUSE_MILLIS + " ms");
        ctx.channel().config().setAutoRead(false);
        ctx.channel().eventLoop().schedule(() -> ctx.channel().config().setAutoRead(true), PAUSE_MILLIS,
                TimeUnit.MILLISECONDS);
    }
}
