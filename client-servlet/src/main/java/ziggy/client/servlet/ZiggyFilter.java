package ziggy.client.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import ziggy.client.Scope;

/**
 * Opens a context of type {@code request} (init parameter {@code type} to change it) for each HTTP request
 * and sends it when the request completes. Map it to {@code /*} for the {@code REQUEST} and {@code ASYNC}
 * dispatcher types, with async support on, so async requests keep their context:
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>ziggy</filter-name>
 *   <filter-class>ziggy.client.servlet.ZiggyFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param><param-name>type</param-name><param-value>request</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>ziggy</filter-name><url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher><dispatcher>ASYNC</dispatcher>
 * </filter-mapping>
 * }</pre>
 *
 * The request's context is also a request attribute, {@link #CONTEXT_ATTRIBUTE}, for code that must reach
 * it from a thread the container does not manage.
 */
public class ZiggyFilter implements Filter {
    /** Request attribute holding the request's {@link ziggy.client.Context}. */
    public static final String CONTEXT_ATTRIBUTE = "ziggy.client.Context";
    static final String EVENT_ATTRIBUTE = RequestEvent.class.getName();

    private String type = "request";

    @Override
    public void init(FilterConfig config) {
        String configured = config.getInitParameter("type");
        if (configured != null && !configured.isBlank()) {
            type = configured.trim();
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getAttribute(EVENT_ATTRIBUTE) instanceof RequestEvent event) {
            // An async (or error) dispatch of a request this filter already opened: continue its context.
            Scope attached = event.context().attach();
            try {
                chain.doFilter(request, response);
            } finally {
                attached.close();
            }
            return;
        }
        RequestEvent event = RequestEvent.open(type, http);
        request.setAttribute(EVENT_ATTRIBUTE, event);
        request.setAttribute(CONTEXT_ATTRIBUTE, event.context());
        CountingResponse counted = new CountingResponse(httpResponse, event.bytes());
        ContextRequest wrapped = new ContextRequest(http, counted, event);
        boolean failed = true;
        Scope attached = event.context().attach();
        try {
            chain.doFilter(wrapped, counted);
            failed = false;
        } catch (IOException | ServletException | RuntimeException | Error e) {
            event.failed(e, httpResponse);
            throw e;
        } finally {
            attached.close();
            if (!failed && request.isAsyncStarted()) {
                event.listenTo(request.getAsyncContext());
            } else {
                event.finish(httpResponse);
            }
        }
    }
}
