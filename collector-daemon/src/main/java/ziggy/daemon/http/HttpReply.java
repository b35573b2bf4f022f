package ziggy.daemon.http;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * One answer: its status, content type, body and {@code Cache-Control}. Pages that change are
 * {@code no-store}; only the dashboard's files, whose names change with their content, may be kept.
 */
record HttpReply(HttpResponseStatus status, String contentType, byte[] body, String cacheControl) {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    HttpReply(HttpResponseStatus status, String contentType, byte[] body) {
        this(status, contentType, body, HttpHeaderValues.NO_STORE.toString());
    }

    static HttpReply text(HttpResponseStatus status, String message) {
        return new HttpReply(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
