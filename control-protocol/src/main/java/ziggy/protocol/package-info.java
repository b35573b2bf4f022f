/**
 * What every part of Ziggy agrees on, with no knowledge of any daemon: the event model and its raw
 * scanner ({@code event}), {@code HOST:PORT} endpoints ({@code endpoint}), the day-file layout
 * ({@code layout}), control commands and the client that sends them ({@code control}), and the
 * forwarder's batch header ({@code batch}).
 *
 * <p>Invariant: nothing here depends on the daemon or the command-line tools; they depend on this.
 */
package ziggy.protocol;
