/**
 * Custody: the rule "durable, then acknowledged", in one place. A store ({@link ziggy.storage.custody.EventStore}:
 * a master's {@link ziggy.storage.custody.DayFileStore}, an agent's {@link ziggy.storage.custody.QueueStore},
 * or both at once in {@link ziggy.storage.custody.FilesAndQueueStore}) says through which position all it
 * took is durable; {@link ziggy.storage.custody.CommitCycle} then moves the forwarding sources'
 * {@link ziggy.storage.custody.SourceMarks} to it, has the store persist them with its own state, and only
 * then publishes them as what {@code COMMITTED} answers.
 *
 * <p>What persists them: the master's {@link ziggy.storage.custody.CommitJournal} (marks with the day files'
 * lengths) and a relay's {@link ziggy.storage.custody.RelayJournal} (marks with the queue seq its readers may
 * reach), both {@link ziggy.storage.custody.JournalFile}s, whose class comment specifies the bytes on disk.
 *
 * <p>Invariants: a mark is published only after the store holds its events durably and the journal that
 * records it is persisted; a failed persist publishes nothing and is retried at the next loop turn; after a
 * kill -9, recovery cuts each store back to what its journal covers, so every acknowledged event is kept
 * once and every other one is sent again by its source. Collect thread only, but for
 * {@link ziggy.storage.custody.SourceMarks#committed}.
 */
package ziggy.storage.custody;
