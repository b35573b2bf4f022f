package ziggy.client.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as the application sees it: starting async keeps the counting response in the
 * {@link AsyncContext} (so bytes written from async threads are counted too), registers the completion
 * listener at once, and hands out an {@link AsyncContext} whose {@code start} tasks run in the request's
 * context.
 */
final class ContextRequest extends HttpServletRequestWrapper {
    private final CountingResponse response;
    private final RequestEvent event;

    ContextRequest(HttpServletRequest request, CountingResponse response, RequestEvent event) {
        super(request);
        this.response = response;
        this.event = event;
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        AsyncContext async = super.startAsync(request, response);
        event.listenTo(async);
        return new ContextAsyncContext(async, event.context());
    }

    @Override
    public AsyncContext getAsyncContext() {
        return new ContextAsyncContext(super.getAsyncContext(), event.context());
    }
}
