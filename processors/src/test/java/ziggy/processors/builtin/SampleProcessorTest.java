package ziggy.processors.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.processors.TestSupport.bson;
import static ziggy.processors.TestSupport.chain;
import static ziggy.processors.TestSupport.send;

import java.util.Random;
import org.junit.jupiter.api.Test;
import ziggy.processors.ProcessorChain;
import ziggy.processors.TestSupport.CollectingSink;

class SampleProcessorTest {
    @Test
    void theKeptFractionOfAHundredThousandIdsIsWithinFiveSigmaOfTheRate() {
        for (double rate : new double[] {0.1, 0.5, 0.01}) {
            CollectingSink sink = new CollectingSink();
            ProcessorChain chain = chain("sample:rate=" + rate, sink);
            Random random = new Random(20);
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                // Client ids: 32 hex characters.
                send(chain, bson("{type: 'request', id: '" + String.format("%016x%016x", random.nextLong(), random.nextLong()) + "'}"));
            }
            long kept = chain.stats().get(0).kept();
            double sigma = Math.sqrt(n * rate * (1 - rate));
            assertTrue(Math.abs(kept - n * rate) < 5 * sigma, rate + ": kept " + kept + " of " + n);
        }
    }

    @Test
    void subEventsShareTheirParentsFate() {
        CollectingSink sink = new CollectingSink();
        ProcessorChain chain = chain("sample:rate=0.3", sink);
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            String id = Long.toHexString(random.nextLong());
            int before = sink.documents.size();
            send(chain, bson("{type: 'request.sql', id: '" + id + "'}"));        // the client's sub-event: same id
            send(chain, bson("{type: 'request.cache', id: '" + id + "..3'}"));   // a parent..child id
            send(chain, bson("{type: 'request', id: '" + id + "'}"));
            int out = sink.documents.size() - before;
            assertTrue(out == 0 || out == 3, "family " + id + " was split: " + out + " of 3 kept");
        }
    }

    @Test
    void onlyTheNamedTypesAreSampled() {
        CollectingSink sink = new CollectingSink();
        ProcessorChain chain = chain("sample:rate=0.001,type=debug*", sink);
        for (int i = 0; i < 100; i++) {
            send(chain, bson("{type: 'request', id: 'r" + i + "'}"));
        }
        assertEquals(100, sink.documents.size());
    }
}
