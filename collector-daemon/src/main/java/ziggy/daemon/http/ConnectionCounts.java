package ziggy.daemon.http;

/**
 * What the HTTP server did with its connections since it started: how many are open now, and how many
 * it closed on its own and why. A monitor that stops getting answers finds here whether a flood took
 * its slot ({@code shed}, {@code refused}) or whether clients were too slow ({@code idleClosed},
 * {@code timedOut}).
 *
 * @param open        connections open now
 * @param shed        idle connections closed at the cap to admit a new one
 * @param refused     new connections closed at the cap because every open one had a request in flight
 * @param idleClosed  connections closed after the idle timeout with no request started
 * @param timedOut    connections closed because a started request was not whole, or its answer not taken,
 *                    within the request deadline (the client got a 408 when it was still sending)
 * @param acceptFailures accepts that failed, most often for want of descriptors; the connection waits in
 *                    the kernel's backlog or is lost, and accepting resumes a moment later
 */
public record ConnectionCounts(int open, long shed, long refused, long idleClosed, long timedOut, long acceptFailures) {
}
