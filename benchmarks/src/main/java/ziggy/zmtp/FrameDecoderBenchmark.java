package ziggy.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * Events per second that the collect endpoint's frame parser takes when the bytes are already in
 * memory: {@link FrameDecoder#readFrom} from a channel that hands out 64 KiB per read (what a socket
 * read gives under load), then {@link FrameDecoder#decode} handing each single-frame event to a
 * handler that only adds up lengths. No system call, so this is the parser's own ceiling; the
 * loopback benchmark {@code ziggy.bench.CollectEndpointBenchmark} adds the kernel.
 *
 * <p>It lives in the package {@code ziggy.zmtp} of the benchmarks module because the decoder is
 * package-private on purpose: it is not API, and this is the one outside user that needs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FrameDecoderBenchmark {
    static final int EVENTS = 4096;
    static final int READ_BYTES = 64 * 1024;

    @Param({"250", "2000"})
    public int eventBytes;

    private FrameDecoder decoder;
    private RepeatingChannel channel;
    private final SummingHandler handler = new SummingHandler();
    private final FrameDecoder.CommandSink noCommands = (buffer, offset, length) -> {
        throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "no command expected");
    };

    @Setup
    public void setUp() {
        ByteBuffer wire = ByteBuffer.allocate(EVENTS * (9 + eventBytes));
        for (int i = 0; i < EVENTS; i++) {
            if (eventBytes < 256) {
                wire.put((byte) 0).put((byte) eventBytes);
            } else {
                wire.put((byte) FrameDecoder.FLAG_LONG).putLong(eventBytes);
            }
            for (int b = 0; b < eventBytes; b++) {
                wire.put((byte) (i + b));
            }
        }
        wire.flip();
        channel = new RepeatingChannel(wire);
        ZmtpOptions options = ZmtpOptions.defaults();
        ReceiveBudget budget = new ReceiveBudget(options.memoryBudgetBytes());
        ZmtpCounters counters = new ZmtpCounters(budget);
        RateLimitedLog log = new RateLimitedLog(System.getLogger(FrameDecoderBenchmark.class.getName()));
        decoder = new FrameDecoder(new ReceiveBufferPool(options.receiveBufferBytes(), budget, counters, log), options, counters,
                log, "bench",
                bug -> {
                    throw bug;
                });
        decoder.allowMessages();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long parseEvents() throws IOException, PeerRefusal {
        channel.rewind();
        int messages = 0;
        while (messages < EVENTS) {
            decoder.readFrom(channel);
            messages += decoder.decode(handler, noCommands);
        }
        return handler.bytes;
    }

    /** Hands out the same frames again after each rewind, at most {@value #READ_BYTES} per read. */
    static final class RepeatingChannel implements ReadableByteChannel {
        private final ByteBuffer wire;

        RepeatingChannel(ByteBuffer wire) {
            this.wire = wire;
        }

        void rewind() {
            wire.rewind();
        }

        @Override
        public int read(ByteBuffer target) {
            if (!wire.hasRemaining()) {
                return 0;
            }
            int n = Math.min(READ_BYTES, Math.min(wire.remaining(), target.remaining()));
            target.put(wire.slice(wire.position(), n));
            wire.position(wire.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** Touches each event's length and nothing else, like a handler that does no work. */
    static final class SummingHandler implements MessageHandler {
        long bytes;

        @Override
        public void onMessage(ByteBuffer buffer, int offset, int length) {
            bytes += length;
        }

        @Override
        public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
            throw new IllegalStateException("no multipart message in this benchmark");
        }

        @Override
        public void onOversizedMessage(long messageBytes) {
            throw new IllegalStateException("no oversized message in this benchmark");
        }

        @Override
        public void onLoopTurn(long nanoTime) {
        }
    }
}
