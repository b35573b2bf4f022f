/**
 * The header frame of a forwarder's batch: {@code {v: 1, src, seq, n}}, followed on the wire by a
 * second frame holding the {@code n} events end to end.
 */
package ziggy.protocol.batch;
