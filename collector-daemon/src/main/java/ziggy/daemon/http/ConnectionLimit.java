package ziggy.daemon.http;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Keeps at most {@code max} connections open, so no client can hold every socket and file handle, yet a
 * flood of idle or slowloris connections cannot lock a health probe out: at the cap, the connection that
 * has been idle longest is closed to admit the new one. Idle means no request in flight; a connection
 * still trickling in its request has delivered nothing whole and is idle since it opened (or since its
 * previous answer went out). Only when every open connection has a request in flight is the new one
 * refused. {@link RequestDeadline} says when a connection's request is in flight and when it is idle again.
 *
 * <p>Shared by every connection of the server, which all run on its one event-loop thread: the idle
 * order needs no lock.
 */
@Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf(ConnectionLimit.class, "counted");

    private final int max;
    /** Idle connections, longest idle first: a connection moves to the end each time it turns idle. */
    private final LinkedHashSet<Channel> idle = new LinkedHashSet<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ConnectionTally tally;

    ConnectionLimit(int max, ConnectionTally tally) {
        this.max = max;
        this.tally = tally;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        if (open.get() >= max && !shedLongestIdle()) {
            tally.refused();
            context.close();
            return;
        }
        open.incrementAndGet();
        context.channel().attr(COUNTED).set(Boolean.TRUE);
        idle.add(context.channel());
        super.channelActive(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        forget(context.channel());
        super.channelInactive(context);
    }

    /** A whole request came in on {@code channel}: it is not shed until its answer is out. */
    void requestInFlight(Channel channel) {
        idle.remove(channel);
    }

    /** {@code channel}'s answer went out: it is now the most recently idle connection. */
    void idleAgain(Channel channel) {
        if (channel.attr(COUNTED).get() != null) {
            idle.remove(channel);
            idle.add(channel);
        }
    }

    /** Read from any thread. */
    int open() {
        return open.get();
    }

    private boolean shedLongestIdle() {
        Iterator<Channel> longestIdleFirst = idle.iterator();
        if (!longestIdleFirst.hasNext()) {
            return false;
        }
        Channel victim = longestIdleFirst.next();
        forget(victim);
        victim.close();
        tally.shed();
        return true;
    }

    /** Uncounts {@code channel} once, whether it was shed or closed by its client. */
    private void forget(Channel channel) {
        if (channel.attr(COUNTED).getAndSet(null) != null) {
            idle.remove(channel);
            open.decrementAndGet();
        }
    }
}
