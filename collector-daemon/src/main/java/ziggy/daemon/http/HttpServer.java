package ziggy.daemon.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The HTTP listener: one Netty event-loop thread ({@code ziggy-http}) accepts, reads and answers, so it
 * takes nothing from the collect thread but a share of the CPU. On the listener, {@link AcceptFailures}
 * counts a failed accept and pauses accepting a moment. Per connection: the {@link ConnectionLimit}
 * (which sheds the longest-idle connection at the cap), the {@link RequestDeadline} (idle timeout, request
 * deadline), the codec with bounded request line and headers, an aggregator that refuses bodies beyond a
 * few KiB (413), then the {@link HttpRouter}.
 */
public final class HttpServer implements AutoCloseable {
    /**
     * Limits of this server; {@link #DEFAULTS} suit an operator's scraper and load balancer: with 64
     * connections at most, the descriptors HTTP takes stay few under any flood, and the short timeouts let
     * a slot turn over within seconds even when shedding is not needed.
     *
     * @param idleTimeout     how long a connection may stay open with no request under way (before its first
     *                        request, or between keep-alive requests)
     * @param requestDeadline how long a request may take to come in whole from its first byte, and its answer
     *                        to leave
     */
    public record Limits(int maxConnections, Duration idleTimeout, Duration requestDeadline, int maxInitialLineBytes,
                         int maxHeaderBytes, int maxBodyBytes) {
        public static final Limits DEFAULTS = new Limits(64, Duration.ofSeconds(3), Duration.ofSeconds(5), 4096, 8192, 4096);
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Connects in a burst wait here, in the kernel, rather than in a client's one-second SYN retry. */
    private static final int ACCEPT_BACKLOG = 512;

    private final EventLoopGroup loop;
    private final Channel listener;
    private final ConnectionLimit connectionLimit;
    private final ConnectionTally tally;

    private HttpServer(EventLoopGroup loop, Channel listener, ConnectionLimit connectionLimit, ConnectionTally tally) {
        this.loop = loop;
        this.listener = listener;
        this.connectionLimit = connectionLimit;
        this.tally = tally;
    }

    /** Binds {@code address} and starts answering; throws what the bind threw (an address in use, say). */
    public static HttpServer start(InetSocketAddress address, DaemonPages pages, Limits limits) throws InterruptedException {
        EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("ziggy-http", true));
        ConnectionTally tally = new ConnectionTally();
        ConnectionLimit connectionLimit = new ConnectionLimit(limits.maxConnections(), tally);
        try {
            Channel listener = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(new AcceptFailures(tally))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(connectionLimit)
                                    .addLast(new RequestDeadline(limits.idleTimeout().toMillis(),
                                            limits.requestDeadline().toMillis(), connectionLimit, tally))
                                    .addLast(new HttpServerCodec(limits.maxInitialLineBytes(), limits.maxHeaderBytes(),
                                            limits.maxBodyBytes()))
                                    .addLast(new HttpObjectAggregator(limits.maxBodyBytes()))
                                    .addLast(new HttpRouter(pages));
                        }
                    })
                    .bind(address).sync().channel();
            HttpServer server = new HttpServer(loop, listener, connectionLimit, tally);
            pages.addMetrics(new HttpConnectionMetrics(server::connectionCounts));
            return server;
        } catch (InterruptedException | RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The connections open now and those the server closed on its own since it started; from any thread. */
    public ConnectionCounts connectionCounts() {
        return tally.snapshot(connectionLimit.open());
    }

    /**
     * Runs {@code action} once the event-loop thread has ended: after {@link #close()}, or when an
     * {@code Error} ended it (Netty logs it, "Unexpected exception from an event executor", and the thread is gone).
     */
    public void whenStopped(Runnable action) {
        loop.terminationFuture().addListener(ended -> action.run());
    }

    /** Stops listening, closes every connection and ends the thread. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(CLOSE_WAIT.toMillis());
        loop.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_WAIT.toMillis());
    }
}
