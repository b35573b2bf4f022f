/**
 * The day files: {@code <log-path>/<type>.<YYYYMMDD>.bson}, the events of one type and one day laid
 * end to end exactly as received. {@link ziggy.storage.dayfile.DayFileWriter} owns every open file and
 * runs on the collect I/O thread only, so appending is a copy into a buffer with no lock and no
 * system call; buffers go to disk at least every {@value ziggy.storage.dayfile.DayFileWriter#FLUSH_INTERVAL_MILLIS} ms.
 *
 * <p>Invariants: a file only ever holds whole events (a failed write is cut back to where it
 * started, and a torn tail left by a crash is cut when the file is next opened for append:
 * {@link ziggy.storage.dayfile.DayFileTail}); no name can point outside the log folder; a file a person deletes or moves is created
 * again within a second; a write error loses the events of that buffer, counted, and nothing else.
 *
 * <p>Dependencies: files are opened through {@link ziggy.storage.io.FileIo}; what the writer counts and
 * the lengths it records before a file's first write go through two small interfaces
 * ({@link ziggy.storage.dayfile.DayFileCounts}, {@link ziggy.storage.dayfile.LengthJournal}), so this
 * package knows neither the daemon's STATUS nor the custody journal that pairs lengths with marks.
 */
package ziggy.storage.dayfile;
