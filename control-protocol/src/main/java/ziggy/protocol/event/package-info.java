/**
 * The event as the daemon sees it: a BSON document kept as the client's bytes, checked by
 * {@link ziggy.protocol.event.EventScanner} without being decoded, with its {@code type} held to
 * {@link ziggy.protocol.event.TypeNames}' rule, or rejected for a {@link ziggy.protocol.event.RejectReason}.
 *
 * <p>Invariant: scanning never allocates, never throws for any input, and never moves the buffer.
 */
package ziggy.protocol.event;
