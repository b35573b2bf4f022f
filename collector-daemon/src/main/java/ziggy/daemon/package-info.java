/**
 * {@code ziggyd}, the daemon. {@link ziggy.daemon.Ziggyd} reads the command line and maps failures
 * to exit codes; {@link ziggy.daemon.RunningDaemon} is the one place that builds the parts (collect
 * endpoint, event intake, day-file writer, stream publisher, control server) and stops them in order.
 * Sub-packages hold one concern each: {@code collect}, {@code files}, {@code stream}, {@code control},
 * {@code stats}, {@code logging}.
 *
 * <p>Threads: the collect I/O thread (scans, counts, writes files), the stream publisher, the
 * control server, and the main thread that waits for a stop. Only the counters cross threads.
 */
package ziggy.daemon;
