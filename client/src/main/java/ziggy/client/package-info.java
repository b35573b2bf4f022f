/**
 * The Ziggy client for JVM applications: contexts, timers and sampling, as Ziggy's Python client has them,
 * sending one BSON event per closed context to a {@code ziggyd} collect port.
 *
 * <p>The public API is {@link ziggy.client.Ziggy} (static entry points), {@link ziggy.client.Context},
 * {@link ziggy.client.Timer}, {@link ziggy.client.Scope}, {@link ziggy.client.Stats},
 * {@link ziggy.client.SenderOptions} and the {@code java.util.logging} handler
 * {@link ziggy.client.ZiggyHandler}. Everything else here is package-private machinery:
 * the per-thread context stack, type naming, sampling, the body model, the BSON encoder and the sender.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Nothing an application passes makes this library throw into application code or stop sending:
 *       bad input becomes a dropped, counted event (see {@link ziggy.client.Stats}), logged at most once a
 *       minute per reason.</li>
 *   <li>The calling thread encodes an event exactly once, when its context closes; the bytes then go to a
 *       bounded queue, and one background thread owns the JeroMQ PUSH socket. Application threads never
 *       block on the network.</li>
 *   <li>Until {@code Ziggy.configure} is called, every call is a cheap no-op.</li>
 *   <li>This package depends on nothing but JeroMQ and {@code org.mongodb:bson} (and the JDK).</li>
 * </ul>
 */
package ziggy.client;
