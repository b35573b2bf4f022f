/**
 * The daemon's HTTP face for operators, on when {@code --http=HOST:PORT} is given: {@code GET /healthcheck}
 * (200 or 503 with the reason), {@code GET /metrics} (Prometheus text exposition) and {@code GET /status}
 * (the STATUS reply as JSON), and a live dashboard at {@code /} ({@link ziggy.daemon.http.DashboardAssets}, files
 * served from memory, and {@code /dashboard.json}, {@link ziggy.daemon.http.DashboardData}, the slice of STATUS it polls).
 *
 * <p>Invariants: the server runs on its own one-thread Netty event loop and only reads what the collect
 * path publishes (counters written with release stores, the observer's histograms), so no HTTP client,
 * however slow or hostile, can slow collection. Every connection has an idle timeout, a deadline for a
 * whole request, a bounded header size, and the number of connections is bounded; at the bound the
 * longest-idle connection is shed, so a flood of idle or slowloris connections cannot lock a health probe
 * out. HEAD is answered as GET without the body.
 */
package ziggy.daemon.http;
