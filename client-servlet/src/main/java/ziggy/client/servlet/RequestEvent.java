package ziggy.client.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import ziggy.client.Context;
import ziggy.client.Ziggy;

/**
 * One HTTP request's context and what is measured about it until it completes: the start time, the body
 * bytes written, and whether an {@link AsyncListener} already waits for the end of an async request.
 */
final class RequestEvent implements AsyncListener {
    private final Context context;
    private final long startNanos = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean listening = new AtomicBoolean();
    private volatile HttpServletResponse response;
    /** The chain threw before the response was committed: the container will answer 500, whatever getStatus says. */
    private volatile boolean failedUncommitted;

    private RequestEvent(Context context) {
        this.context = context;
    }

    /** Opens the context (off any thread's stack: the filter attaches it where work happens). */
    static RequestEvent open(String type, HttpServletRequest request) {
        Context context = Ziggy.context(type);
        context.detach();
        context.set("method", request.getMethod());
        context.set("path", request.getRequestURI());
        String agent = request.getHeader("User-Agent");
        if (agent != null) {
            context.set("user_agent", agent);
        }
        return new RequestEvent(context);
    }

    Context context() {
        return context;
    }

    AtomicLong bytes() {
        return bytes;
    }

    /** Waits for the async request to complete (once per request, however often async is started). */
    void listenTo(AsyncContext async) {
        if (async.getResponse() instanceof HttpServletResponse http) {
            response = http;
        }
        if (listening.compareAndSet(false, true)) {
            async.addListener(this);
        }
    }

    void failed(Throwable error, HttpServletResponse to) {
        context.set("exception", error.toString());
        if (!to.isCommitted()) {
            failedUncommitted = true;
            context.set("response.status", HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    /** Records the outcome and sends the event; later calls do nothing (the context sends once). */
    void finish(HttpServletResponse to) {
        if (!context.isSampled()) {
            context.close();
            return;
        }
        HttpServletResponse outcome = response != null ? response : to;
        if (outcome != null && !failedUncommitted) {
            context.set("response.status", outcome.getStatus());
        }
        context.set("response.size", bytes.get());
        context.set("request_time", (System.nanoTime() - startNanos) / 1e9);
        context.close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        finish(event.getSuppliedResponse() instanceof HttpServletResponse http ? http : null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        context.set("async_timeout", true);
    }

    @Override
    public void onError(AsyncEvent event) {
        if (event.getThrowable() != null) {
            context.set("exception", event.getThrowable().toString());
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Async started again from an async dispatch: listeners must register with the new AsyncContext.
        event.getAsyncContext().addListener(this);
    }
}
