/**
 * ziggyd's {@code --stdout}: every event taken in is also written to stdout, one line each, for a
 * container's log driver. The collect thread only copies the event into a bounded byte ring and never
 * waits; a writer thread of its own renders the lines ({@link ziggy.daemon.stdout.EventLines}) and writes
 * them. A full ring drops the event for stdout only, counted; the day files and the queue never wait on
 * stdout. ziggyd's own log stays on stderr.
 */
package ziggy.daemon.stdout;
