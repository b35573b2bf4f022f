package ziggy.forward.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.forward.ForwarderOptions;
import ziggy.forward.QueueForwarder;
import ziggy.forward.Upstream;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.ControlReplies;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.FreePort;

/**
 * Run by hand: how many events a second go from a disk queue through {@link QueueForwarder} to an
 * upstream that only counts them (a JeroMQ PULL and a REP answering COMMITTED with the highest seq it
 * got). Appends {@code args[0]} (default 1,000,000) 250-byte events first, under {@code args[1]} fsync
 * (default interval:25), then times the drain from the first to the last acknowledgement.
 */
public final class ForwardRateMain {
    private ForwardRateMain() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String fsync = args.length > 1 ? args[1] : "interval:25";
        int collect = FreePort.pick();
        int control = FreePort.pick();
        AtomicLong highest = new AtomicLong();
        Thread upstream = new Thread(() -> countingUpstream(collect, control, highest), "counting-upstream");
        upstream.setDaemon(true);
        upstream.start();
        Path folder = Files.createTempDirectory("ziggy-forward-rate");
        try (DiskQueue queue = DiskQueue.open(folder, QueueOptions.of(4L << 30, FullPolicy.BLOCK, FsyncPolicy.parse(fsync)))) {
            ByteBuffer event = ByteBuffer.wrap(eventOf(250));
            for (int i = 0; i < events; i++) {
                queue.append(event, 0, 250);
                if (i % 1000 == 999) {
                    queue.endBatch();
                }
            }
            queue.sync();
            List<Upstream> upstreams = Upstream.parseAll("127.0.0.1:" + collect, "127.0.0.1:" + control);
            long start = System.nanoTime();
            try (QueueForwarder forwarder = new QueueForwarder(queue, upstreams, ForwarderOptions.defaults())) {
                forwarder.start();
                while (queue.stats().acknowledgedSeq() < events) {
                    Thread.onSpinWait();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d events of 250 bytes forwarded and acknowledged in %.2f s: %.0f events/s (fsync %s)%n",
                    events, seconds, events / seconds, fsync);
        }
    }

    /** A BSON event of exactly {@code size} bytes. */
    private static byte[] eventOf(int size) {
        for (int body = 0; ; body++) {
            byte[] event = ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                    .append("body", new BsonString("x".repeat(body))));
            if (event.length == size) {
                return event;
            }
        }
    }

    private static void countingUpstream(int collect, int control, AtomicLong highest) {
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket pull = context.createSocket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:" + collect);
            ZMQ.Socket rep = context.createSocket(SocketType.REP);
            rep.bind("tcp://127.0.0.1:" + control);
            ZMQ.Poller poller = context.createPoller(2);
            poller.register(pull, ZMQ.Poller.POLLIN);
            poller.register(rep, ZMQ.Poller.POLLIN);
            while (!Thread.currentThread().isInterrupted()) {
                poller.poll(10);
                byte[] frame;
                while ((frame = pull.recv(ZMQ.DONTWAIT)) != null) {
                    BatchHeader header = BatchHeader.decode(frame);
                    pull.recv(0);
                    highest.set(header.firstSeq() + header.count() - 1);
                }
                byte[] request = rep.recv(ZMQ.DONTWAIT);
                if (request != null) {
                    rep.send(ControlReplies.encode(new BsonDocument("src", ControlReplies.decode(request).get("src"))
                            .append("seq", new BsonInt64(highest.get()))));
                }
            }
        }
    }
}
