package ziggy.view.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import ziggy.protocol.file.BsonFileReader;
import ziggy.protocol.file.BsonFileReader.Damage;
import ziggy.protocol.file.BsonFileReader.Document;
import ziggy.protocol.file.BsonFileReader.Item;
import ziggy.protocol.file.BsonFileReader.Unfinished;
import ziggy.view.events.EventPipeline;

/**
 * Feeds the documents of BSON inputs (day files, named files, stdin) to the pipeline, one input
 * after another, and reports each damaged stretch on stderr as one line:
 * {@code ziggyview: request.20261122.bson: damage at byte 1234 (56 bytes skipped): …}.
 * Reading goes on after damage, so every good event is printed; {@link #damaged()} tells the
 * command to exit 1 at the end. A last event only partly there ({@link Unfinished}: a day file the
 * daemon is appending to) is said on stderr in the same way, but is not damage.
 */
public final class BsonInputs {
    /** Damage reports per input before they are only counted: a shredded file must not flood the terminal. */
    static final int REPORTED_PER_INPUT = 20;

    private final EventPipeline pipeline;
    private final PrintStream errors;
    private long damaged;

    public BsonInputs(EventPipeline pipeline, PrintStream errors) {
        this.pipeline = pipeline;
        this.errors = errors;
    }

    /**
     * Reads {@code in} to its end, or until the pipeline wants no more; {@code name} is how the
     * input is called in damage reports. Returns false once the pipeline wants no more.
     */
    public boolean read(String name, InputStream in) throws IOException {
        BsonFileReader reader = new BsonFileReader(in);
        long stretches = 0;
        long skippedBytes = 0;
        try {
            for (Item item = reader.next(); item != null; item = reader.next()) {
                if (item instanceof Document document) {
                    if (!pipeline.offer(document.bytes())) {
                        return false;
                    }
                } else if (item instanceof Unfinished unfinished) {
                    // The event the daemon is appending right now: not damage, and said so once.
                    pipeline.flush();
                    errors.println("ziggyview: " + name + ": " + unfinished);
                    errors.flush();
                } else {
                    Damage damage = (Damage) item;
                    damaged++;
                    stretches++;
                    skippedBytes += damage.length();
                    if (stretches <= REPORTED_PER_INPUT) {
                        pipeline.flush(); // so the report lands between the events before and after it
                        errors.println("ziggyview: " + name + ": " + damage);
                        errors.flush();
                    }
                }
            }
            return true;
        } finally {
            if (stretches > REPORTED_PER_INPUT) {
                errors.println("ziggyview: " + name + ": " + (stretches - REPORTED_PER_INPUT)
                        + " more damaged stretches not shown; " + skippedBytes + " bytes skipped in all");
            }
        }
    }

    /** How many damaged stretches were found so far. */
    public long damaged() {
        return damaged;
    }
}
