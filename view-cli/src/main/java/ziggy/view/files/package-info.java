/**
 * Where ziggyview's events come from when they are not live: the day files under a log folder
 * ({@link ziggy.view.files.DayFiles}), files named on the command line, or stdin, each read through
 * {@link ziggy.protocol.file.BsonFileReader} ({@link ziggy.view.files.BsonInputs}). Damage in any of
 * them is reported with its file and byte offset, and reading goes on after it.
 */
package ziggy.view.files;
