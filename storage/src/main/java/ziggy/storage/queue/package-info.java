/**
 * The forwarder agent's disk queue: events appended with increasing 64-bit sequence numbers, kept in
 * checksummed segment files until the upstream acknowledges them, read back from any seq.
 *
 * <p>Invariants: seqs start at 1 and only grow, across restarts and whatever recovery finds; a reader
 * never sees a record a crash could take back (under fsync {@code never}, a power loss excepted); a
 * segment file is deleted only when all its records are acknowledged or when {@code drop-oldest} drops
 * it, and every event dropped, rejected or lost to damage is counted in {@link ziggy.storage.queue.QueueStats}.
 * Damaged bytes never stop start-up: they are cut (a torn tail) or skipped (a bad record), and kept in
 * {@code damaged/}. The formats on disk are specified in {@link ziggy.storage.queue.SegmentFormat},
 * {@link ziggy.storage.queue.RecordFormat} and {@link ziggy.storage.queue.AckLedger}; {@code docs/queue.md} describes
 * them for operators with what each {@code --fsync} choice risks.
 */
package ziggy.storage.queue;
