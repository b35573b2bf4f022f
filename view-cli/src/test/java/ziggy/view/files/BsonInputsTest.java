package ziggy.view.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.testing.TestEvents.bson;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import ziggy.view.events.EventPipeline;
import ziggy.view.events.JsonPrinter;
import ziggy.view.events.TypeFilter;

class BsonInputsTest {
    @Test
    void aShreddedInputReportsItsFirstDamageAndCountsTheRestInOneLine() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        byte[] event = bson("{type: 'request', n: 1}");
        for (int i = 0; i < BsonInputs.REPORTED_PER_INPUT + 5; i++) {
            input.writeBytes(event);
            input.writeBytes(new byte[] {(byte) 0xff, 0, 0, 0}); // a bad length, then the next event
        }
        input.writeBytes(event); // so the last stretch is damage, not an event still being written
        StringWriter out = new StringWriter();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EventPipeline pipeline = new EventPipeline(TypeFilter.all(), List.of(), 0, Long.MAX_VALUE, new JsonPrinter(out, false));
        BsonInputs inputs = new BsonInputs(pipeline, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertTrue(inputs.read("shredded.bson", new ByteArrayInputStream(input.toByteArray())));
        pipeline.finish();

        assertEquals(BsonInputs.REPORTED_PER_INPUT + 6, out.toString().lines().count());
        assertEquals(BsonInputs.REPORTED_PER_INPUT + 5, inputs.damaged());
        List<String> reports = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(BsonInputs.REPORTED_PER_INPUT + 1, reports.size());
        String first = "ziggyview: shredded.bson: damage at byte " + event.length + " (4 bytes skipped): ";
        assertTrue(reports.get(0).startsWith(first), reports.get(0));
        assertEquals("ziggyview: shredded.bson: 5 more damaged stretches not shown; " + 4 * (BsonInputs.REPORTED_PER_INPUT + 5)
                + " bytes skipped in all", reports.get(reports.size() - 1));
    }
}
