package ziggy.daemon.watch;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * For tests of the watch only: {@code -Dziggyd.test.fail-part=PART} (a {@link Part#key()}) fails that
 * part as soon as it starts, with the {@code OutOfMemoryError} a real exhaustion would throw.
 * {@code zeromq} kills the daemon's ZeroMQ I/O thread the way a frame too large for the heap did: a
 * socket of its own whose allocator throws when its first message arrives. Without the property,
 * nothing happens.
 */
final class FailureHook {
    static final String PROPERTY = "ziggyd.test.fail-part";
    private static final FailureHook NONE = new FailureHook(null);

    private final String partKey;

    private FailureHook(String partKey) {
        this.partKey = partKey;
    }

    static FailureHook fromSystemProperty() {
        String key = System.getProperty(PROPERTY);
        return key == null || key.isBlank() ? NONE : new FailureHook(key.strip());
    }

    /** On {@code part}'s thread, before its work. */
    void strike(Part part) {
        if (part.key().equals(partKey)) {
            throw new OutOfMemoryError(PROPERTY + "=" + partKey + ": failing " + part.description() + " on purpose");
        }
    }

    /** Sends one message from a PUSH to a PULL of {@code context} whose allocator throws, on the I/O thread. */
    void strikeZeroMq(ZContext context) {
        if (!Part.ZEROMQ.key().equals(partKey)) {
            return;
        }
        ZMQ.Socket pull = context.createSocket(SocketType.PULL);
        pull.setMsgAllocator(size -> {
            throw new OutOfMemoryError(PROPERTY + "=" + partKey + ": failing ZeroMQ's I/O thread on purpose");
        });
        int port = pull.bindToRandomPort("tcp://127.0.0.1");
        ZMQ.Socket push = context.createSocket(SocketType.PUSH);
        push.connect("tcp://127.0.0.1:" + port);
        push.send(new byte[] {0}, ZMQ.DONTWAIT);
    }
}
