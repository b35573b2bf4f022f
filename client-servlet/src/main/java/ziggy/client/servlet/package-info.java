/**
 * A Jakarta Servlet (6.0) filter that opens one Ziggy context per HTTP request, as Ziggy's Tornado handler
 * does for Tornado: {@code method}, {@code path}, {@code user_agent}, {@code response.status},
 * {@code response.size} and {@code request_time}, with whatever the application sets inside.
 *
 * <p>Invariants: the request's context is current on every thread that works on the request through the
 * container (the first dispatch, async dispatches, {@code AsyncContext.start} tasks), and never left current
 * on a container thread afterwards; the event is sent exactly once, when the request completes (for an
 * async request, when its {@code AsyncContext} completes, on whatever thread that is).
 */
package ziggy.client.servlet;
