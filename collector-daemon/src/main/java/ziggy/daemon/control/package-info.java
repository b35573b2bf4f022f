/**
 * The control port: a REP socket on its own thread ({@link ziggy.daemon.control.ControlServer})
 * that answers each BSON request with one BSON reply, whatever the request holds, so the socket
 * never gets stuck; {@link ziggy.daemon.control.DaemonCommands} says what each command answers and
 * {@link ziggy.daemon.control.StatusReport} reads the counters into STATUS without stopping the
 * collect thread.
 */
package ziggy.daemon.control;
