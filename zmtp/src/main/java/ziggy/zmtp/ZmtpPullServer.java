package ziggy.zmtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * A ZeroMQ PULL endpoint speaking ZMTP 3.0/3.1 with the NULL mechanism, or CurveZMQ when
 * {@link ZmtpOptions#curve()} names the server's keys, to PUSH peers, on one thread:
 * a selector over non-blocking sockets, each connection parsing frames where they land in its receive
 * buffer and handing messages to one {@link MessageHandler} by position.
 *
 * <p>What a peer may hold is bounded ({@link ZmtpOptions}): its receive memory comes from one budget
 * shared by all connections, and a connection the budget cannot serve waits with its reads paused; the
 * connections are capped, and at the cap the quietest one not in the middle of a message makes room
 * for the newcomer, so a flood of idle peers cannot lock a real client out; a connection silent for
 * the idle timeout is closed; a failed accept (no descriptors left) pauses accepting until the next
 * tick and frees a descriptor the same way. Every closing is counted by its {@link RefusalReason}.
 *
 * <p>Life cycle: {@link #bind} listens at once (so a taken port fails before anything starts); then
 * either {@link #run()} on the caller's thread or {@link #start()} on a thread of its own; {@link #stop()}
 * from any thread ends the loop after it reads what peers have already sent; {@link #close()} stops
 * and waits for that.
 */
public final class ZmtpPullServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ZmtpPullServer.class.getName());
    /** Reads per connection when stopping, so what peers have already sent is handed on, boundedly. */
    private static final int DRAIN_READS = 64;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final SelectionKey acceptKey;
    private final String address;
    private final ZmtpOptions options;
    private final MessageHandler handler;
    private final ReceiveBudget memory;
    private final ZmtpCounters counters;
    private final ReceiveBufferPool buffers;
    private final RateLimitedLog log = new RateLimitedLog(LOG);
    /** Under CURVE, the arrays every connection opens its MESSAGEs in; null under NULL. */
    private final CurveServerSession.Scratch curveScratch;
    /** The CURVE handshakes this endpoint still serves this second; null without CURVE. */
    private final HandshakeRate handshakes;
    /** Open connections, the least recently readable first: the first quiet one is the one to evict. */
    private final LinkedHashMap<PeerConnection, PeerConnection> connections = new LinkedHashMap<>(16, 0.75f, true);
    /** Connections whose reads are paused until the budget has room for them, in the order they asked. */
    private final ArrayDeque<PeerConnection> waitingForMemory = new ArrayDeque<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Thread loopThread;

    private ZmtpPullServer(ServerSocketChannel server, Selector selector, String address, ZmtpOptions options,
                           MessageHandler handler) throws IOException {
        this.server = server;
        this.selector = selector;
        this.address = address;
        this.options = options;
        this.handler = handler;
        this.memory = new ReceiveBudget(options.memoryBudgetBytes());
        this.counters = new ZmtpCounters(memory);
        this.buffers = new ReceiveBufferPool(options.receiveBufferBytes(), memory, counters, log);
        this.acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        this.curveScratch = options.curve() == null ? null : new CurveServerSession.Scratch(options.receiveBufferBytes());
        this.handshakes = options.curve() == null ? null : new HandshakeRate(options.curve().handshakesPerSecond(), System.nanoTime());
    }

    /**
     * Listens on {@code address} (port 0 picks a free one). A port in use, an address not of this
     * host or a name that does not resolve fails here with a {@link BindException} that names the address.
     */
    public static ZmtpPullServer bind(InetSocketAddress address, ZmtpOptions options, MessageHandler handler)
            throws IOException {
        String shown = (address.getAddress() != null && address.getAddress().isAnyLocalAddress()
                ? "*" : address.getHostString()) + ":" + address.getPort();
        if (address.isUnresolved()) {
            throw new BindException("cannot listen on " + shown + ": the host name does not resolve");
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
            server.configureBlocking(false);
            return new ZmtpPullServer(server, Selector.open(), shown, options, handler);
        } catch (BindException e) {
            server.close();
            BindException named = new BindException("cannot listen on " + shown + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The port listened on; the one chosen when bound to port 0. */
    public int localPort() {
        return server.socket().getLocalPort();
    }

    public ZmtpCounters counters() {
        return counters;
    }

    /** Runs the I/O loop on a new thread named after the port. */
    public Thread start() {
        Thread thread = new Thread(this::run, "ziggy-zmtp-" + localPort());
        thread.start();
        return thread;
    }

    /**
     * Runs the I/O loop on the caller's thread until {@link #stop()} or {@link #close()}; then closes
     * every connection and the listening socket. Runs once.
     */
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the endpoint on " + address + " has already run");
        }
        loopThread = Thread.currentThread();
        try {
            loop();
        } catch (IOException e) {
            throw new UncheckedIOException("the selector of the endpoint on " + address + " failed", e);
        } finally {
            drainAndCloseAll();
            finished.countDown();
        }
    }

    /** Asks the loop to end; from any thread, returns at once. */
    public void stop() {
        stopRequested = true;
        selector.wakeup();
    }

    /**
     * Makes the loop turn now, calling {@link MessageHandler#onLoopTurn} without waiting for a peer or the
     * tick: for an owner that has left work for the I/O thread. A system call; not meant per message.
     */
    public void wakeup() {
        selector.wakeup();
    }

    /** Stops the loop and waits (at most 10 s) until it has closed every socket. */
    @Override
    public void close() {
        stop();
        if (started.compareAndSet(false, true)) {
            // Never ran: nothing but the listening socket is open.
            drainAndCloseAll();
            finished.countDown();
            return;
        }
        if (Thread.currentThread() == loopThread) {
            return;
        }
        try {
            if (!finished.await(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the endpoint on " + address + " did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() throws IOException {
        long tickMillis = options.tick().toMillis();
        long tickNanos = options.tick().toNanos();
        long nextSweep = System.nanoTime() + tickNanos;
        while (!stopRequested) {
            selector.select(onReady, tickMillis);
            long now = System.nanoTime();
            if (now - nextSweep >= 0) {
                sweep(now);
                nextSweep = now + tickNanos;
            }
            resumeWhileMemoryAllows();
            try {
                handler.onLoopTurn(now);
            } catch (RuntimeException bug) {
                onHandlerFailure(bug);
            }
        }
    }

    private void onReady(SelectionKey key) {
        if (key == acceptKey) {
            acceptAll();
            return;
        }
        PeerConnection connection = (PeerConnection) key.attachment();
        connections.get(connection); // now the most recently active
        try {
            if (key.isWritable()) {
                connection.onWritable();
            }
            if (key.isReadable()) {
                switch (connection.onReadable(handler, System.nanoTime())) {
                    case CLOSED -> hungUp(connection, "closed the connection");
                    case WAITING_FOR_MEMORY -> waitForMemory(connection);
                    case READ -> { }
                }
            }
        } catch (PeerRefusal refusal) {
            refuse(connection, refusal);
        } catch (IOException e) {
            // A peer that closes with our greeting unread resets the connection instead of closing it.
            hungUp(connection, "lost the connection (" + e.getMessage() + ")");
        } catch (RuntimeException bug) {
            // A bug of ours, met on this peer's bytes: it costs this connection, not the endpoint.
            log.log(Level.ERROR, "bug", "closing peer " + connection.peer() + " after an internal error", bug);
            lose(connection, "was closed after an internal error");
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // Out of file descriptors, typically: stop accepting until the next sweep rather than spin
                // on a listener that stays readable, and free one descriptor for that next accept.
                counters.acceptFailed();
                log.log(Level.WARNING, "accept", "cannot accept on " + address + " (" + e.getMessage()
                        + "); accepting again within " + options.tick().toMillis() + " ms");
                acceptKey.interestOps(0);
                PeerConnection quietest = quietestEvictable(System.nanoTime());
                if (quietest != null) {
                    closeFor(quietest, RefusalReason.EVICTED, "closed, the quietest connection, to free a descriptor");
                }
                return;
            }
            if (channel == null) {
                return;
            }
            if (connections.size() >= options.maxConnections() && !makeRoom()) {
                refuseAtTheCap(channel);
                continue;
            }
            open(channel);
        }
    }

    /** At the cap: closes the quietest connection that loses nothing by it; false when there is none. */
    private boolean makeRoom() {
        PeerConnection quietest = quietestEvictable(System.nanoTime());
        if (quietest == null) {
            return false;
        }
        closeFor(quietest, RefusalReason.EVICTED, "closed, the quietest of " + options.maxConnections()
                + " connections (the cap), to admit a new peer");
        return true;
    }

    /**
     * The least recently active connection that is not in the middle of a message, or that has been in
     * the middle of one without a byte for the stall timeout; null when every one is busy.
     */
    private PeerConnection quietestEvictable(long now) {
        long stall = options.memoryStallTimeout().toNanos();
        for (PeerConnection connection : connections.keySet()) {
            if (!connection.inMiddleOfMessage() || connection.quietNanos(now) > stall) {
                return connection;
            }
        }
        return null;
    }

    private void refuseAtTheCap(SocketChannel channel) {
        counters.peerRefused(RefusalReason.CONNECTION_LIMIT);
        String peer = "?";
        try {
            peer = String.valueOf(channel.getRemoteAddress());
            channel.close();
        } catch (IOException e) {
            // Closing a socket never served: nothing of the peer's is lost.
        }
        log.log(Level.WARNING, RefusalReason.CONNECTION_LIMIT.name(), "refused peer " + peer + ": "
                + options.maxConnections() + " connections open (the cap), each in the middle of a message");
    }

    private void open(SocketChannel channel) {
        String peer = "?";
        PeerConnection connection = null;
        try {
            SocketAddress remote = channel.getRemoteAddress();
            peer = String.valueOf(remote);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            FrameDecoder decoder = new FrameDecoder(buffers, options, counters, log, peer, this::onHandlerFailure);
            connection = new PeerConnection(channel, peer, PeerAddress.of(remote), System.nanoTime(), decoder, counters,
                    options.curve() == null ? null : new CurveServerSession(options.curve(), curveScratch, handshakes));
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ, connection);
            connections.put(connection, connection);
            counters.connectionOpened();
            connection.start(key);
        } catch (PeerRefusal refusal) {
            refuse(connection, refusal);
        } catch (IOException e) {
            log.log(Level.WARNING, "lost", "peer " + peer + " lost before its handshake: " + e.getMessage());
            if (connection != null && connections.containsKey(connection)) {
                close(connection);
            } else {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Already failing; the first error is the one logged.
                }
            }
        }
    }

    /**
     * Closes handshakes that took too long and connections idle past the timeout, frees the memory of
     * stalled partial messages while others wait for it, and accepts again after a failed accept.
     */
    private void sweep(long now) {
        if (acceptKey.interestOps() == 0) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        long handshakeTimeout = options.handshakeTimeout().toNanos();
        long idleTimeout = options.idleTimeout().toNanos();
        List<PeerConnection> expired = new ArrayList<>();
        for (PeerConnection connection : connections.keySet()) {
            if (connection.handshakeExpired(now, handshakeTimeout)
                    || (!connection.inHandshake() && connection.quietNanos(now) > idleTimeout)) {
                expired.add(connection);
            }
        }
        for (PeerConnection connection : expired) {
            if (connection.inHandshake()) {
                refuse(connection, new PeerRefusal(RefusalReason.HANDSHAKE_TIMEOUT,
                        "no complete greeting and READY within " + options.handshakeTimeout().toMillis() + " ms"));
            } else {
                closeIdle(connection);
            }
        }
        freeStalledMemory(now);
    }

    /**
     * Closes a connection silent for the idle timeout, after one last read: what a client sent in the
     * instant before is taken, not lost with the connection. (Bytes still on the wire are; clients that
     * send ZMTP 3.1 heartbeats are never idle.)
     */
    private void closeIdle(PeerConnection connection) {
        try {
            connection.drain(handler, 1);
        } catch (PeerRefusal refusal) {
            refuse(connection, refusal);
            return;
        } catch (IOException e) {
            lose(connection, "lost the connection (" + e.getMessage() + ")");
            return;
        }
        closeFor(connection, RefusalReason.IDLE_TIMEOUT, "closed after " + options.idleTimeout().toMillis() / 1000.0
                + " s without a byte (a ZMTP 3.1 heartbeat keeps a connection open)");
    }

    private void waitForMemory(PeerConnection connection) {
        connection.pauseReads();
        waitingForMemory.addLast(connection);
        log.log(Level.WARNING, "memory", "peer " + connection.peer() + " waits for receive memory: "
                + memory.held() + " of " + memory.limit() + " bytes held by the connections");
    }

    /** Lets waiting connections read again, in the order they came, while the budget has room for each. */
    private void resumeWhileMemoryAllows() {
        long free = memory.available();
        while (!waitingForMemory.isEmpty() && free >= waitingForMemory.peekFirst().wantedBytes()) {
            PeerConnection connection = waitingForMemory.pollFirst();
            if (connections.containsKey(connection)) {
                free -= connection.wantedBytes();
                connection.resumeReads();
            }
        }
    }

    /**
     * While connections wait for memory, closes holders of partial messages that have been arriving for
     * longer than the stall timeout (silent or trickling peers: a client on a working link sends a whole
     * message in far less), the oldest first, until the first in line can go on. A waiting connection is
     * never closed for being slow, since it is we who stopped reading it, unless every holder waits: then
     * none could ever give memory back, and the one holding most is closed.
     */
    private void freeStalledMemory(long now) {
        waitingForMemory.removeIf(connection -> !connections.containsKey(connection));
        long stall = options.memoryStallTimeout().toNanos();
        while (!waitingForMemory.isEmpty() && memory.available() < waitingForMemory.peekFirst().wantedBytes()) {
            PeerConnection slowest = null;
            PeerConnection largestWaiting = null;
            boolean anyReading = false;
            for (PeerConnection connection : connections.keySet()) {
                if (connection.heldBytes() == 0 || !connection.inMiddleOfMessage()) {
                    continue;
                }
                if (connection.readsPaused()) {
                    if (largestWaiting == null || connection.heldBytes() > largestWaiting.heldBytes()) {
                        largestWaiting = connection;
                    }
                    continue;
                }
                anyReading = true;
                if (connection.partialNanos(now) > stall
                        && (slowest == null || connection.partialNanos(now) > slowest.partialNanos(now))) {
                    slowest = connection;
                }
            }
            PeerConnection victim = slowest != null ? slowest : anyReading ? null : largestWaiting;
            if (victim == null) {
                return;
            }
            closeFor(victim, RefusalReason.MEMORY_STALLED, "closed: held " + victim.heldBytes()
                    + " bytes of receive memory for a partial message arriving for " + victim.partialNanos(now) / 1_000_000
                    + " ms (last byte " + victim.quietNanos(now) / 1_000_000 + " ms ago), while " + waitingForMemory.size()
                    + " peers waited for memory");
            waitingForMemory.remove(victim);
        }
    }

    /** Closes a connection for a reason of ours, counting the message it was in the middle of as truncated. */
    private void closeFor(PeerConnection connection, RefusalReason reason, String why) {
        counters.peerRefused(reason);
        if (connection.inMiddleOfMessage()) {
            counters.truncatedMessage();
        }
        log.log(Level.WARNING, reason.name(), "peer " + connection.peer() + " " + why
                + (connection.inMiddleOfMessage() ? "; " + connection.partialMessageBytes() + " bytes of a message discarded" : ""));
        close(connection);
    }

    private void refuse(PeerConnection connection, PeerRefusal refusal) {
        counters.peerRefused(refusal.reason());
        log.log(Level.WARNING, refusal.reason().name(), "refused peer " + connection.peer() + ": " + refusal.getMessage());
        close(connection);
    }

    /** The peer went away by itself: before its handshake ended, a refusal of its own; after, a loss. */
    private void hungUp(PeerConnection connection, String how) {
        if (connection.inHandshake()) {
            refuse(connection, new PeerRefusal(RefusalReason.ABANDONED_HANDSHAKE, "the peer " + how + " during the handshake"));
        } else {
            lose(connection, how);
        }
    }

    /** The peer went away; part of a message it had begun to send is lost and counted. */
    private void lose(PeerConnection connection, String how) {
        if (connection.inMiddleOfMessage()) {
            counters.truncatedMessage();
            log.log(Level.WARNING, "truncated", "peer " + connection.peer() + " " + how + " in the middle of a message; "
                    + connection.partialMessageBytes() + " bytes of it discarded");
        }
        close(connection);
    }

    private void close(PeerConnection connection) {
        connection.close();
        if (connections.remove(connection) != null) {
            counters.connectionClosed();
        }
    }

    private void onHandlerFailure(RuntimeException bug) {
        counters.handlerFailed();
        log.log(Level.ERROR, "handler", "the message handler failed", bug);
    }

    private void drainAndCloseAll() {
        for (PeerConnection connection : new ArrayList<>(connections.keySet())) {
            try {
                connection.drain(handler, DRAIN_READS);
                lose(connection, "was disconnected by the endpoint's stop");
            } catch (PeerRefusal refusal) {
                refuse(connection, refusal);
            } catch (IOException e) {
                lose(connection, "lost the connection (" + e.getMessage() + ")");
            }
        }
        try {
            selector.close();
            server.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the endpoint on " + address + ": " + e.getMessage());
        }
    }
}
