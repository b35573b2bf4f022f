package ziggy.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * The events a {@link CollectWarmUp} sends: a few hundred encoded ones, sent over and over, of the shapes
 * applications send (a request with a path, a status and a duration; a query with its text; a job; a
 * log line), 150 bytes to about 2 KiB, in several types and from several hosts, so that the code they
 * run through is compiled for what real traffic brings rather than for one size or one type.
 */
final class WarmUpEvents {
    static final String TYPE_PREFIX = "ziggyd.warm-up.";
    private static final String[] KINDS = {"request", "request.sql", "job", "log"};
    private static final int DISTINCT = 512;
    private static final long SEED = 23;

    private WarmUpEvents() {
    }

    /**
     * Those of {@value #DISTINCT} encoded events that are at most {@code maxBytes} long (the daemon's
     * {@code --max-message-bytes}: a larger one would be refused, and never arrive). Every warm-up makes the
     * same ones.
     */
    static List<byte[]> upTo(int maxBytes) {
        SplittableRandom random = new SplittableRandom(SEED);
        double now = System.currentTimeMillis() / 1000.0;
        long pid = ProcessHandle.current().pid();
        List<byte[]> events = new ArrayList<>(DISTINCT);
        for (int i = 0; i < DISTINCT; i++) {
            String kind = KINDS[i % KINDS.length];
            double took = random.nextInt(1, 5_000) / 1000.0;
            BsonDocument event = new BsonDocument("type", new BsonString(TYPE_PREFIX + kind))
                    .append("id", new BsonString(Long.toHexString(random.nextLong())))
                    .append("host", new BsonString("web-" + random.nextInt(16)))
                    .append("pid", new BsonInt64(pid))
                    .append("start", new BsonDouble(now))
                    .append("end", new BsonDouble(now + took))
                    .append("body", body(kind, i, random));
            byte[] encoded = encode(event);
            if (encoded.length <= maxBytes) {
                events.add(encoded);
            }
        }
        return events;
    }

    private static BsonDocument body(String kind, int i, SplittableRandom random) {
        BsonDocument body = new BsonDocument();
        switch (kind) {
            case "request" -> body.append("path", new BsonString("/api/v1/items/" + random.nextInt(1_000_000)))
                    .append("status", new BsonInt32(random.nextInt(10) == 0 ? 500 : 200))
                    .append("ms", new BsonDouble(random.nextDouble() * 300))
                    .append("headers", new BsonDocument("accept", new BsonString("application/json"))
                            .append("user-agent", new BsonString("client/" + random.nextInt(10))));
            case "request.sql" -> body.append("query", new BsonString("SELECT id, name FROM items WHERE owner = ? AND state IN ("
                            + "?, ".repeat(random.nextInt(1, 40)) + "?)"))
                    .append("rows", new BsonInt32(random.nextInt(500)));
            case "job" -> {
                BsonArray steps = new BsonArray();
                for (int step = random.nextInt(1, 12); step > 0; step--) {
                    steps.add(new BsonDocument("name", new BsonString("step-" + step))
                            .append("ms", new BsonDouble(random.nextDouble() * 50)));
                }
                body.append("name", new BsonString("nightly-" + i % 7)).append("steps", steps);
            }
            default -> body.append("level", new BsonString(random.nextInt(5) == 0 ? "WARNING" : "INFO"))
                    .append("message", new BsonString("handled item " + i + " ".repeat(random.nextInt(0, 1_500))
                            + "after a retry, é ü ✓"));
        }
        return body;
    }

    private static byte[] encode(BsonDocument event) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new BsonDocumentCodec().encode(new BsonBinaryWriter(buffer), event, EncoderContext.builder().build());
        return buffer.toByteArray();
    }
}
