package ziggy.daemon.http;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpResponseStatus;

/** One answer: its status, content type and body. */
record HttpReply(HttpResponseStatus status, String contentType, byte[] body) {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    static HttpReply text(HttpResponseStatus status, String message) {
        return new HttpReply(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
