package ziggy.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.ScannedEvent;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.QueueCursor;

/**
 * Sends a {@link DiskQueue}'s events to a Kafka topic and frees them from the queue once Kafka has
 * acknowledged them ({@code --forward=kafka://HOST:PORT[,…]/TOPIC}).
 *
 * <p>Each event is one record: value = the event's BSON bytes as the queue holds them, key = its
 * {@code type} (one type stays in one partition, in order), headers {@value #SOURCE_HEADER} (the queue's
 * source id, UTF-8) and {@value #SEQ_HEADER} (the event's seq, as decimal digits). The producer is
 * idempotent with {@code acks=all}: while a broker is away it retries by itself for up to the delivery
 * timeout and writes nothing twice. Kafka acknowledges records per partition, so out of the send order;
 * the queue is released up to the last seq before which every record sent is acknowledged
 * ({@link InOrderAcks}).
 *
 * <p>When a record fails (the delivery timeout passed, the topic is missing, a send could not be
 * buffered), the producer is closed, what was in flight is forgotten, and after {@code retryAfter} a new
 * producer sends again from the released seq + 1. Records of that window that Kafka had written but not
 * acknowledged are then in the topic twice; their ({@value #SOURCE_HEADER}, {@value #SEQ_HEADER}) say
 * so to a consumer, which drops the second as a master drops a resent batch event.
 */
public final class KafkaForwarder implements Forwarder {
    public static final String SOURCE_HEADER = "ziggy-src";
    public static final String SEQ_HEADER = "ziggy-seq";
    private static final System.Logger LOG = System.getLogger(KafkaForwarder.class.getName());
    private static final long MIN_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** No acknowledgement for this long with records in flight: say so (once a second at most) and show it in STATUS. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The producer's batch.size: a Kafka batch per partition fills up to this before it is sent (or linger.ms passes). */
    static final int BATCH_BYTES = 256 * 1024;

    private final DiskQueue queue;
    private final SetAsideFile setAsideFile;
    private final KafkaTarget target;
    private final KafkaForwarderOptions options;
    private final QueueCursor cursor;
    private final PendingBatch pending = new PendingBatch();
    private final ByteBuffer readBuffer;
    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent scanned = new ScannedEvent();
    private final byte[] sourceBytes;
    private final InOrderAcks acks;
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG);
    private final Thread thread;
    private volatile boolean running = true;

    private Producer<byte[], byte[]> producer;
    private long retryAt;
    private long lastAckNanos;

    private volatile boolean connected;
    private volatile long sentSeq;
    private volatile long acknowledged;
    private volatile long records;
    private volatile long resends;
    private volatile long errors;
    /** Events the topic refused as too large, set aside; counted on the producer's thread. */
    private final AtomicLong tooLarge = new AtomicLong();
    private volatile String lastError = "";

    public KafkaForwarder(DiskQueue queue, KafkaTarget target, KafkaForwarderOptions options) {
        this.queue = queue;
        this.setAsideFile = new SetAsideFile(queue.folder());
        this.target = target;
        this.options = options;
        this.readBuffer = ByteBuffer.allocate(Math.max(options.maxBatchBytes(), queue.options().maxEventBytes()));
        this.sourceBytes = queue.sourceId().getBytes(StandardCharsets.UTF_8);
        this.acknowledged = queue.stats().acknowledgedSeq();
        this.sentSeq = acknowledged;
        this.acks = new InOrderAcks(options.maxInFlight(), acknowledged);
        this.cursor = queue.cursor(acknowledged + 1);
        this.thread = new Thread(this::run, "ziggy-kafka-forwarder");
        this.thread.setDaemon(true);
    }

    public void start() {
        queue.wakeOnVisible(thread);
        thread.start();
    }

    @Override
    public void start(Thread.UncaughtExceptionHandler whenItDies) {
        thread.setUncaughtExceptionHandler(whenItDies);
        start();
    }

    @Override
    public ForwarderStatus status() {
        long inFlight = acks.inFlight();
        return new ForwarderStatus(target.toString(), connected, ForwardMode.KAFKA, sentSeq, acknowledged, records,
                resends, 0, inFlight, errors, tooLarge.get(), "");
    }

    /** The message of the latest failure, empty when there was none. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        long idlePark = MIN_IDLE_PARK_NANOS;
        while (running) {
            try {
                if (step(System.nanoTime())) {
                    idlePark = MIN_IDLE_PARK_NANOS;
                } else {
                    LockSupport.parkNanos(idlePark);
                    idlePark = Math.min(MAX_IDLE_PARK_NANOS, idlePark * 2);
                }
            } catch (IOException | RuntimeException e) {
                startOver(e, System.nanoTime());
            }
        }
        if (producer != null) {
            // A stop waits a little for what is in flight, so that a clean restart sends less again.
            producer.close(options.closeWait());
            producer = null;
        }
        release();
    }

    /** One turn of the loop; false when there was nothing to do. */
    private boolean step(long now) throws IOException {
        if (producer == null) {
            if (now < retryAt) {
                return false;
            }
            producer = newProducer();
            lastAckNanos = now;
            // Waits up to maxBlock for the topic's partitions: a broker away or a topic missing fails here,
            // with the reason, before anything is sent; and STATUS says connected before the first event.
            producer.partitionsFor(target.topic());
            connected = true;
            return true;
        }
        boolean worked = release();
        Exception failure = acks.failure();
        if (failure != null) {
            startOver(failure, now);
            return true;
        }
        // A failure stops the sending at once: a send whose topic has no metadata (the broker away) waits up
        // to maxBlock, and going on would wait that long again for every record read.
        while (acks.hasRoom() && acks.failure() == null) {
            if (pending.isEmpty() || pending.allSent()) {
                pending.clear();
                if (!pending.read(cursor, readBuffer.clear(), options.maxBatchEvents())) {
                    break;
                }
            }
            sendNext();
            worked = true;
        }
        if (acks.inFlight() > 0 && now - lastAckNanos > STALL_NANOS) {
            connected = false;
            rateLimited.log(System.Logger.Level.WARNING, "stalled", "forwarder: " + target + " acknowledged nothing for "
                    + TimeUnit.NANOSECONDS.toMillis(now - lastAckNanos) + " ms; " + acks.inFlight()
                    + " records in flight, the queue holds them (the producer retries)");
        }
        return worked;
    }

    /** Sends the next event of the pending batch as one record. */
    private void sendNext() {
        ByteBuffer events = pending.events();
        int offset = pending.nextOffset();
        long seq = pending.nextSeq();
        int length = events.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
        if (length < 5 || offset + length > events.position()) {
            // The collect path stores only well-formed BSON; anything else is a bug upstream of here.
            throw new IllegalStateException("event at seq " + seq + " does not start with a BSON length (" + length + ")");
        }
        byte[] value = Arrays.copyOfRange(events.array(), offset, offset + length);
        byte[] key = null;
        if (scanner.scan(events, offset, length, scanned) && scanned.typeOffset() >= 0) {
            key = Arrays.copyOfRange(events.array(), scanned.typeOffset(), scanned.typeOffset() + scanned.typeLength());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(SOURCE_HEADER, sourceBytes));
        headers.add(new RecordHeader(SEQ_HEADER, Long.toString(seq).getBytes(StandardCharsets.US_ASCII)));
        long ticket = acks.sent(seq);
        pending.sentOne(length);
        sentSeq = seq;
        records++;
        producer.send(new ProducerRecord<>(target.topic(), null, null, key, value, headers), (metadata, failure) -> {
            if (failure == null) {
                acks.acknowledged(ticket);
            } else if (failure instanceof RecordTooLargeException) {
                // Refused however often it is sent: set aside, or every event behind it would wait for ever.
                tooLarge.incrementAndGet();
                String kept = setAsideFile.keepOrSay(ByteBuffer.wrap(value));
                rateLimited.log(System.Logger.Level.WARNING, "too large", "forwarder: " + target + " refuses the event at seq "
                        + seq + " (" + length + " bytes) as larger than it takes: set aside, counted in forward.too_large; " + kept);
                acks.acknowledged(ticket);
            } else {
                acks.failed(ticket, failure);
            }
        });
    }

    /** Frees what Kafka acknowledged in order from the queue; true when that moved. */
    private boolean release() {
        long released = acks.released();
        if (released <= acknowledged) {
            return false;
        }
        queue.ack(released);
        acknowledged = released;
        lastAckNanos = System.nanoTime();
        connected = true;
        return true;
    }

    /**
     * After a failure: closes the producer (its unfinished records fail at once), keeps what was
     * acknowledged, forgets the rest and sends it again from the released seq + 1 after {@code retryAfter}.
     */
    private void startOver(Exception why, long now) {
        errors++;
        lastError = String.valueOf(why.getMessage());
        connected = false;
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.log(System.Logger.Level.DEBUG, "forwarder: closing the Kafka producer", e);
            }
            producer = null;
        }
        release();
        acks.reset();
        try {
            cursor.seek(acknowledged + 1);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "forwarder: cannot rewind the queue cursor", e);
        }
        pending.clear();
        if (sentSeq > acknowledged) {
            resends++;
        }
        sentSeq = acknowledged;
        retryAt = now + options.retryAfter().toNanos();
        if (why instanceof KafkaException || why instanceof IOException) {
            rateLimited.log(System.Logger.Level.WARNING, "failed", "forwarder: " + target + ": " + why
                    + "; sending again from seq " + (acknowledged + 1) + " in " + options.retryAfter().toMillis() + " ms");
        } else {
            rateLimited.log(System.Logger.Level.ERROR, "bug", "forwarder: unexpected failure sending to " + target
                    + "; sending again from seq " + (acknowledged + 1), why);
        }
    }

    private Producer<byte[], byte[]> newProducer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ziggyd-" + queue.sourceId());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Larger batches than the 16 KiB default: at a few hundred bytes an event, each request then carries
        // hundreds of events per partition, which is what lets one producer keep up with a busy agent.
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_BYTES));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(options.requestTimeout().toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(options.deliveryTimeout().toMillis()));
        // A send waits this long at most for metadata or buffer room, so the loop's waits stay bounded.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(options.maxBlock().toMillis()));
        config.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        config.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "1000");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Math.max(1 << 20,
                queue.options().maxEventBytes() + 1024)));
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() throws IOException {
        running = false;
        LockSupport.unpark(thread);
        if (thread.isAlive()) {
            try {
                thread.join(options.closeWait().toMillis() + TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cursor.close();
    }
}
