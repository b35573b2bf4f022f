package ziggy.client.bench;

import ziggy.client.Context;
import ziggy.client.Timer;
import ziggy.client.Ziggy;

/** The event the client's benchmarks send: a request context with five fields, two of them nested, and a timer. */
public final class BenchmarkEvent {
    private BenchmarkEvent() {
    }

    static void closeOne() {
        try (Context request = Ziggy.context("request")) {
            fill(request);
        }
    }

    /** Sets the benchmark's fields and times a block in {@code request} (PinnedBytesTest pins its bytes). */
    public static void fill(Context request) {
        request.set("method", "GET");
        request.set("path", "/orders/42");
        request.set("user_agent", "curl/8.5.0");
        request.set("response.status", 200);
        request.set("response.size", 5120L);
        Timer timer = request.timeit("request_time");
        timer.close();
    }
}
