package ziggy.processors.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static ziggy.processors.TestSupport.bson;
import static ziggy.processors.TestSupport.chain;
import static ziggy.processors.TestSupport.send;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import ziggy.processors.ProcessorChain;
import ziggy.processors.TestSupport.CollectingSink;

class RedactProcessorTest {
    private final CollectingSink sink = new CollectingSink();

    @Test
    void eventsWithoutTheFieldsGoOnAsTheVerySameBytes() {
        ProcessorChain chain = chain("redact:fields=body.password|body.card", sink);
        byte[] clean = bson("{type: 'request', body: {user: 'ann', pass: 'x', nested: {password: 'y'}}}");
        byte[] copy = clean.clone();
        send(chain, clean);
        assertSame(clean, sink.buffers.get(0).array());
        assertEquals(new String(copy, StandardCharsets.ISO_8859_1), new String(clean, StandardCharsets.ISO_8859_1));
        assertEquals(1, chain.stats().get(0).kept());
        assertEquals(0, chain.stats().get(0).replaced());
    }

    @Test
    void anEventInADirectBufferIsReadWhereItLiesAndPassesOnInThatBuffer() {
        ProcessorChain chain = chain("redact:fields=body.password", sink);
        byte[] clean = bson("{type: 'request', body: {user: 'ann'}}");
        byte[] secret = bson("{type: 'login', body: {user: 'ann', password: 'x'}}");
        ByteBuffer direct = ByteBuffer.allocateDirect(100 + clean.length + secret.length);
        direct.put(7, clean).put(7 + clean.length, secret);
        direct.position(3); // the chain reads by absolute index below the limit, wherever the position is
        chain.accept(direct, 7, clean.length);
        chain.accept(direct, 7 + clean.length, secret.length);
        assertSame(direct, sink.buffers.get(0));
        assertEquals(BsonDocument.parse("{type: 'request', body: {user: 'ann'}}"), sink.documents.get(0));
        assertEquals(BsonDocument.parse("{type: 'login', body: {user: 'ann'}}"), sink.documents.get(1));
        assertEquals(3, direct.position());
        assertEquals(direct.capacity(), direct.limit());
    }

    @Test
    void eachNamedFieldIsRemovedAndTheRestKept() {
        ProcessorChain chain = chain("redact:fields=body.password|body.card|body.tags.1", sink);
        send(chain, bson("{type: 'login', id: 'i', body: {user: 'ann', password: 'hunter2', card: {n: 1}, tags: ['a', 'b', 'c']}}"));
        assertEquals(BsonDocument.parse("{type: 'login', id: 'i', body: {user: 'ann', tags: ['a', null, 'c']}}"), sink.documents.get(0));
        assertEquals(1, chain.stats().get(0).replaced());
    }

    @Test
    void sha256ReplacesStringsByTheirHexDigestAndRemovesOtherValues() throws Exception {
        ProcessorChain chain = chain("redact:fields=body.password|body.pin,mode=sha256", sink);
        send(chain, bson("{type: 'login', body: {password: 'hunter2', pin: 1234}}"));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("hunter2".getBytes(StandardCharsets.UTF_8)));
        assertEquals(BsonDocument.parse("{type: 'login', body: {password: '" + digest + "'}}"), sink.documents.get(0));
    }
}
