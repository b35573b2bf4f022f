package ziggy.client;

/**
 * One configuration of the client: encodes each closed context on the calling thread and hands the bytes to
 * the sink, counting what is lost on the way.
 */
final class Emitter {
    private final EventSink sink;
    private final Counters counters;

    Emitter(EventSink sink, Counters counters) {
        this.sink = sink;
        this.counters = counters;
    }

    Counters counters() {
        return counters;
    }

    EventSink sink() {
        return sink;
    }

    /**
     * Encodes the event with the calling thread's {@code encoder} and hands it to the sink. The id is
     * {@code idText}, or when that is null the generated {@code idHigh}, {@code idLow} ({@link EventIds}).
     */
    void emit(EventEncoder encoder, String idText, long idHigh, long idLow, String type, double start, double end,
            Fields body) {
        byte[] event;
        try {
            event = encoder.encode(idText, idHigh, idLow, type, HostIdentity.HOST, HostIdentity.PID, start, end,
                    body);
        } catch (EventEncoder.TooLarge e) {
            counters.dropped(DropReason.TOO_LARGE, "a " + type + " event passed " + EventEncoder.MAX_DOCUMENT_BYTES
                    + " bytes");
            return;
        } catch (RuntimeException | StackOverflowError e) {
            // An application value that failed while being read (a collection changed underneath, a
            // broken iterator): lose this event, never the caller's thread.
            counters.dropped(DropReason.UNENCODABLE, "a " + type + " event: " + e);
            return;
        }
        sink.accept(event);
    }

    Stats stats() {
        return counters.snapshot(sink.queued());
    }
}
