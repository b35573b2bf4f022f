/**
 * {@code HOST:PORT} as users write it on command lines ({@code *} for every interface, names that
 * resolve), turned into ZeroMQ and socket addresses, with one-line errors for mistakes.
 */
package ziggy.protocol.endpoint;
