package ziggy.processors.builtin;

import java.nio.ByteBuffer;
import java.util.List;
import ziggy.processor.Decision;
import ziggy.processor.Emitter;
import ziggy.processor.Event;
import ziggy.processor.EventProcessor;
import ziggy.processor.Processor;
import ziggy.processor.ProcessorContext;
import ziggy.processor.ProcessorFactory;
import ziggy.processor.ProcessorOptions;

/**
 * {@code sample:rate=0.1[,type=request*]}: keeps a fraction {@code rate} of the events (of the
 * matching types; others pass), deciding by the event's {@code id} alone, so that a request and its
 * sub-events share one fate: the client library gives a sub-event its parent's id, and an id written
 * {@code parent..child} is decided by its part before the first {@code ..}. The same id gets the
 * same answer on every daemon and after every restart. An event without an id is decided by its
 * bytes.
 *
 * <p>The decision: a 64-bit FNV-1a hash of the id's characters, through MurmurHash3's finalizer
 * (which spreads the hex ids' few bits of difference over the whole word), taken as a fraction in
 * [0, 1) from its top 53 bits, kept when below {@code rate}.
 */
public final class SampleProcessor implements EventProcessor {
    private static final double TWO_TO_THE_53 = 0x1p53;

    private final long threshold;
    private final TypePattern types;

    private SampleProcessor(double rate, TypePattern types) {
        this.threshold = (long) (rate * TWO_TO_THE_53);
        this.types = types;
    }

    @Override
    public Decision process(Event event, Emitter emitter) {
        if (types != null && !types.matches(event.type())) {
            return Decision.KEEP;
        }
        String id = event.id();
        long hash = id != null ? familyHash(id) : bytesHash(event.buffer(), event.offset(), event.length());
        return (hash >>> 11) < threshold ? Decision.KEEP : Decision.DROP;
    }

    /** The hash of {@code id} up to its first {@code ..}: the family's, whatever the child. */
    static long familyHash(String id) {
        int end = id.indexOf("..");
        if (end < 0) {
            end = id.length();
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < end; i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        return mix(h);
    }

    private static long bytesHash(ByteBuffer bytes, int offset, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (bytes.get(i) & 0xFF)) * 0x100000001b3L;
        }
        return mix(h);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    public static final class Factory implements ProcessorFactory {
        @Override
        public String name() {
            return "sample";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            double rate = options.doubleValue("rate");
            if (!(rate > 0 && rate <= 1)) {
                throw options.invalid("rate", "must be more than 0 and at most 1");
            }
            List<String> types = options.list("type", null);
            return new SampleProcessor(rate, types == null ? null : TypePattern.of(types));
        }
    }
}
