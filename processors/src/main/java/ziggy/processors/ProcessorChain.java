package ziggy.processors;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import ziggy.processor.Decision;
import ziggy.processor.Emitter;
import ziggy.processor.Event;
import ziggy.processor.EventProcessor;
import ziggy.processor.Processor;
import ziggy.processor.ProcessorContext;
import ziggy.processor.ProcessorOptions;
import ziggy.processor.TimerProcessor;

/**
 * The processors of {@code --processor}, in order, between the collect socket and the daemon's
 * outputs ({@link EventSink}).
 *
 * <p>Threading: one thread owns the chain, the daemon's collect thread. It calls {@link #accept} for
 * each event and {@link #onTick} at least every 100 ms; timers fire inside {@code onTick}, so a
 * processor never runs on two threads and needs no lock. {@link #stats()} may be read from another
 * thread: the counters are plain longs, written by the chain's thread only and read without a
 * lock, so a STATUS may be a few events behind (the collect path pays no memory fence for them).
 * The sink must not throw: what it throws on an emitted event counts as the emitter's failure.
 *
 * <p>Order: each event goes through the processors in order until one drops it; a replacement goes on
 * in place of the event. An event a processor emits (from {@code process} or {@code fire}) goes
 * through the processors after that one, then out, before {@code emit} returns.
 *
 * <p>Isolation: a processor that throws never stops the chain. The event goes on unchanged
 * ({@code on-error=pass}, the default) or is dropped ({@code on-error=drop}); the failure is counted
 * in that processor's {@code errors} and logged at most once a second per processor, with the count
 * of those not logged. A replacement or emitted event that is not a BSON document with a valid
 * {@code type} counts as that processor's failure too.
 */
public final class ProcessorChain implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ProcessorChain.class.getName());
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Stage[] stages;
    private final EventSink sink;

    private ProcessorChain(List<Stage> stages, EventSink sink) {
        this.stages = stages.toArray(new Stage[0]);
        this.sink = sink;
    }

    /**
     * Creates each spec's processor through {@code catalog}. Every processor takes the option
     * {@code on-error=pass|drop}.
     *
     * @throws IllegalArgumentException with a one-line message for an unknown name, an unknown option or a bad value
     */
    public static ProcessorChain build(List<ProcessorSpec> specs, ProcessorCatalog catalog, ProcessorContext context, EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        List<Stage> stages = new ArrayList<>();
        try {
            Instant start = context.clock().instant();
            for (ProcessorSpec spec : specs) {
                ProcessorOptions options = new ProcessorOptions(spec.name(), spec.options());
                String onError = options.string("on-error", "pass");
                if (!onError.equals("pass") && !onError.equals("drop")) {
                    throw options.invalid("on-error", "must be pass or drop");
                }
                Processor processor = catalog.factory(spec.name()).create(options, context);
                Stage stage = new Stage(stages.size(), spec.name(), processor, onError.equals("drop"));
                stages.add(stage);
                options.requireAllUsed();
                if (!(processor instanceof EventProcessor) && !(processor instanceof TimerProcessor)) {
                    throw new IllegalArgumentException(spec.name() + ": its factory made neither an EventProcessor nor a TimerProcessor");
                }
                if (stage.timer != null) {
                    stage.nextDue = stage.timer.schedule().firstDue(start);
                }
            }
        } catch (RuntimeException e) {
            stages.forEach(stage -> stage.close(e));
            throw e;
        }
        ProcessorChain chain = new ProcessorChain(stages, sink);
        for (Stage stage : chain.stages) {
            stage.emitter = new StageEmitter(chain, stage);
        }
        return chain;
    }

    /**
     * Runs the event in {@code buffer[offset, offset + length)} (absolute indexes below the limit; the
     * buffer is not changed, a direct buffer is read where it lies) through the chain; what comes out goes to the
     * sink before this returns.
     */
    public void accept(ByteBuffer buffer, int offset, int length) {
        runFrom(0, buffer, offset, length);
    }

    /** {@link #accept(ByteBuffer, int, int)} for an array. */
    public void accept(byte[] bytes, int offset, int length) {
        runFrom(0, ByteBuffer.wrap(bytes), offset, length);
    }

    /** Fires every timer due at {@code now}, once, in chain order; call at least every 100 ms. */
    public void onTick(Instant now) {
        for (Stage stage : stages) {
            if (stage.timer == null || now.isBefore(stage.nextDue)) {
                continue;
            }
            Instant due = stage.nextDue;
            stage.fired++;
            try {
                stage.timer.fire(now, stage.emitter);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                stage.errors++;
                stage.failed(e, null);
            }
            stage.nextDue = stage.timer.schedule().nextDue(due, now);
        }
    }

    private void runFrom(int first, ByteBuffer buffer, int offset, int length) {
        ByteBuffer current = buffer;
        int currentOffset = offset;
        int currentLength = length;
        for (int i = first; i < stages.length; i++) {
            Stage stage = stages[i];
            if (stage.events == null) {
                continue;
            }
            stage.in++;
            Decision decision;
            try {
                decision = stage.events.process(Event.of(current, currentOffset, currentLength), stage.emitter);
                if (decision == null) {
                    throw new IllegalStateException("process returned null");
                }
                if (decision.kind() == Decision.Kind.REPLACE) {
                    checkEvent(decision.replacement(), "replaced the event with");
                }
            } catch (RuntimeException | LinkageError | AssertionError e) {
                stage.errors++;
                stage.failed(e, stage.dropOnError ? "an event, which was dropped" : "an event, which was passed on unchanged");
                if (stage.dropOnError) {
                    return;
                }
                continue;
            }
            switch (decision.kind()) {
                case KEEP:
                    stage.kept++;
                    break;
                case DROP:
                    stage.dropped++;
                    return;
                default:
                    stage.replaced++;
                    current = ByteBuffer.wrap(decision.replacement());
                    currentOffset = 0;
                    currentLength = current.capacity();
            }
        }
        sink.accept(current, currentOffset, currentLength);
    }

    private static void checkEvent(byte[] bson, String what) {
        Event event = Event.of(bson);
        if (!Event.isValidType(event.type())) {
            throw new IllegalStateException(what + " an event whose type '" + event.type() + "' breaks the type-name rule");
        }
    }

    /** Each processor's counters, in chain order. */
    public List<ProcessorStats> stats() {
        List<ProcessorStats> all = new ArrayList<>(stages.length);
        for (Stage s : stages) {
            all.add(new ProcessorStats(s.name, s.in, s.kept, s.dropped, s.replaced, s.emitted, s.errors, s.fired));
        }
        return all;
    }

    /** The processor names in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(stages.length);
        for (Stage s : stages) {
            names.add(s.name);
        }
        return names;
    }

    /** Closes every processor; a failure to close is logged, never thrown. */
    @Override
    public void close() {
        for (Stage stage : stages) {
            stage.close(null);
        }
    }

    /** One processor in its place, with its counters; touched by the chain's thread only. */
    private static final class Stage {
        final int index;
        final String name;
        final Processor processor;
        final EventProcessor events;
        final TimerProcessor timer;
        final boolean dropOnError;
        StageEmitter emitter;
        Instant nextDue;
        long in;
        long kept;
        long dropped;
        long replaced;
        long emitted;
        long errors;
        long fired;
        private long lastLogNanos;
        private boolean loggedOnce;
        private long unlogged;

        Stage(int index, String name, Processor processor, boolean dropOnError) {
            this.index = index;
            this.name = name;
            this.processor = processor;
            this.events = processor instanceof EventProcessor ? (EventProcessor) processor : null;
            this.timer = processor instanceof TimerProcessor ? (TimerProcessor) processor : null;
            this.dropOnError = dropOnError;
        }

        /**
         * Logs a failure ({@code what}: the event and what became of it, or null for the timer) unless
         * this processor's last log is less than a second old; then it is only counted.
         */
        void failed(Throwable e, String what) {
            long now = System.nanoTime();
            if (loggedOnce && now - lastLogNanos < LOG_INTERVAL_NANOS) {
                unlogged++;
                return;
            }
            String more = unlogged == 0 ? "" : " (and " + unlogged + " failures not logged since the last report)";
            LOG.log(Level.WARNING, "processor " + name + " (#" + (index + 1) + ") failed "
                    + (what == null ? "when its timer fired" : "on " + what) + more, e);
            loggedOnce = true;
            lastLogNanos = now;
            unlogged = 0;
        }

        void close(Throwable cause) {
            try {
                processor.close();
            } catch (RuntimeException e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else {
                    LOG.log(Level.WARNING, "processor " + name + " failed to close", e);
                }
            }
        }
    }

    /** A processor's emitter: the event goes through the processors after it. */
    private static final class StageEmitter implements Emitter {
        private final ProcessorChain chain;
        private final Stage stage;

        StageEmitter(ProcessorChain chain, Stage stage) {
            this.chain = chain;
            this.stage = stage;
        }

        @Override
        public void emit(byte[] bson) {
            checkEvent(bson, "emitted");
            stage.emitted++;
            chain.runFrom(stage.index + 1, ByteBuffer.wrap(bson), 0, bson.length);
        }
    }
}
