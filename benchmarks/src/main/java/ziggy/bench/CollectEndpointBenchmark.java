package ziggy.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ziggy.bench.load.EventTemplates;
import ziggy.bench.load.TypeMix;
import ziggy.bench.load.ZmtpPushConnection;
import ziggy.zmtp.MessageHandler;
import ziggy.zmtp.ZmtpOptions;
import ziggy.zmtp.ZmtpPullServer;

/**
 * Events per second through the collect endpoint over a real loopback socket: a blocking writer of
 * pre-framed 250-byte events on the benchmark thread, the endpoint's selector thread reading and
 * parsing them (the PeerConnection and FrameDecoder path) into a handler that only counts. The
 * writer blocks when the endpoint falls behind, so the rate is the endpoint's, kernel included; on
 * two cores the writer and the reader share the machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CollectEndpointBenchmark {
    static final int EVENTS_PER_WRITE = 1000;
    static final int EVENT_BYTES = 250;

    private ZmtpPullServer server;
    private ZmtpPushConnection connection;
    private ByteBuffer frames;

    @Setup
    public void open() throws IOException {
        server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", 0), ZmtpOptions.defaults(), new CountingHandler());
        server.start();
        connection = ZmtpPushConnection.open(new InetSocketAddress("127.0.0.1", server.localPort()));
        EventTemplates templates = EventTemplates.of(TypeMix.parse("request,request.sql,job,cache.get"), EVENT_BYTES, "bench");
        frames = EventTemplates.littleEndian(ByteBuffer.allocateDirect(EVENTS_PER_WRITE * (2 + EVENT_BYTES)));
        double now = System.currentTimeMillis() / 1000.0;
        for (int i = 0; i < EVENTS_PER_WRITE; i++) {
            ZmtpPushConnection.putFrameHeader(frames, EVENT_BYTES);
            templates.put(frames, 1, 0, i, now);
        }
    }

    @TearDown
    public void close() throws IOException {
        connection.close();
        server.close();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_WRITE)
    public void sendThroughEndpoint() throws IOException {
        frames.clear();
        connection.write(frames);
    }

    /** Counts on the endpoint's thread; the count is not read, the blocking writer sets the pace. */
    static final class CountingHandler implements MessageHandler {
        long events;

        @Override
        public void onMessage(ByteBuffer buffer, int offset, int length) {
            events++;
        }

        @Override
        public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
            events++;
        }

        @Override
        public void onOversizedMessage(long messageBytes) {
        }

        @Override
        public void onLoopTurn(long nanoTime) {
        }
    }
}
