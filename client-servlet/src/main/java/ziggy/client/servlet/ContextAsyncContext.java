package ziggy.client.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import ziggy.client.Context;
import ziggy.client.Scope;

/** The container's {@link AsyncContext}, except that {@link #start} runs its task in the request's context. */
final class ContextAsyncContext implements AsyncContext {
    private final AsyncContext delegate;
    private final Context context;

    ContextAsyncContext(AsyncContext delegate, Context context) {
        this.delegate = delegate;
        this.context = context;
    }

    @Override
    public void start(Runnable task) {
        delegate.start(() -> {
            Scope attached = context.attach();
            try {
                task.run();
            } finally {
                attached.close();
            }
        });
    }

    @Override
    public ServletRequest getRequest() {
        return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
        delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        delegate.dispatch(servletContext, path);
    }

    @Override
    public void complete() {
        delegate.complete();
    }

    @Override
    public void addListener(AsyncListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        delegate.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        return delegate.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return delegate.getTimeout();
    }
}
