/**
 * Watching the daemon's long-lived threads. {@link ziggy.daemon.watch.PartWatch} starts each part's
 * thread (collect, stream, control) and receives what escapes any thread it watches (the forwarder,
 * the queue's sync, ZeroMQ's own I/O threads, any other thread of the process): every {@code Throwable},
 * {@code Error} included, is logged once with its stack, counted, and marks its part failed, which
 * stops the daemon with exit status 1 so that systemd restarts it. Nothing is restarted in place:
 * after an {@code Error} the part's state is unknown. {@link ziggy.daemon.watch.FailureHook} fails a
 * part on purpose, for the tests that prove it, and only when its system property is set.
 */
package ziggy.daemon.watch;
