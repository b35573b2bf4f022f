/**
 * Reading files of BSON documents laid end to end: the daily files the master writes
 * ({@code <type>.<YYYYMMDD>.bson}), or any stream of the same shape such as {@code cat file | ziggyview}.
 *
 * <p>{@link ziggy.protocol.file.BsonFileReader} streams: it holds at most one document's worth of
 * bytes whatever the size of the input, so a file of many gigabytes reads in constant memory.
 * Damage (a torn tail, a bad length, garbage in the middle) is an expected input: the reader reports
 * it as an item with its byte offset and length, finds the next good document and carries on, so
 * every good document before and after the damage is returned and no byte is silently skipped.
 * An input that ends inside its last document (a day file read while the daemon appends to it) is
 * reported as unfinished, "still being written", not as damage.
 *
 * <p>What counts as a document and as an event is not decided here: the reader asks the collect
 * path's {@link ziggy.protocol.event.EventScanner}, so a file and the daemon agree on every byte.
 */
package ziggy.protocol.file;
