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
 * takes nothing from the collect thread but a share of the CPU. Per connection: the codec with bounded
 * request line and headers, an aggregator that refuses bodies beyond a few KiB (413), the
 * {@link RequestDeadline}, then the {@link HttpRouter}.
 */
public final class HttpServer implements AutoCloseable {
    /** Limits of this server; {@link #DEFAULTS} suit an operator's scraper and load balancer. */
    public record Limits(int maxConnections, Duration requestDeadline, int maxInitialLineBytes, int maxHeaderBytes,
                         int maxBodyBytes) {
        public static final Limits DEFAULTS = new Limits(64, Duration.ofSeconds(10), 4096, 8192, 4096);
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final EventLoopGroup loop;
    private final Channel listener;

    private HttpServer(EventLoopGroup loop, Channel listener) {
        this.loop = loop;
        this.listener = listener;
    }

    /** Binds {@code address} and starts answering; throws what the bind threw (an address in use, say). */
    public static HttpServer start(InetSocketAddress address, DaemonPages pages, Limits limits) throws InterruptedException {
        EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("ziggy-http", true));
        ConnectionLimit connectionLimit = new ConnectionLimit(limits.maxConnections());
        try {
            Channel listener = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, limits.maxConnections())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(connectionLimit)
                                    .addLast(new HttpServerCodec(limits.maxInitialLineBytes(), limits.maxHeaderBytes(),
                                            limits.maxBodyBytes()))
                                    .addLast(new HttpObjectAggregator(limits.maxBodyBytes()))
                                    .addLast(new RequestDeadline(limits.requestDeadline().toMillis()))
                                    .addLast(new HttpRouter(pages));
                        }
                    })
                    .bind(address).sync().channel();
            return new HttpServer(loop, listener);
        } catch (InterruptedException | RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
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
