package ziggy.view.events;

import java.io.IOException;
import org.bson.RawBsonDocument;

/** Where the pipeline's kept events go: printed as JSON ({@link JsonPrinter}) or summarised. */
public interface EventOutput {
    void print(RawBsonDocument event) throws IOException;

    /** Pushes out what was written so far (nothing, for an output that writes only at the end). */
    void flush() throws IOException;
}
