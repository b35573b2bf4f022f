/**
 * {@code ziggyview}: the command line ({@link ziggy.view.Ziggyview}). It parses and checks the
 * options, picks the source (stdin, named files, the day files of {@code --log-path}, or the live
 * stream of {@code -H}), builds the event pipeline and maps failures to exit codes: 0 ok, 1 a
 * runtime failure (damage in a file, a daemon that does not answer), 2 a usage mistake. A user's
 * mistake is one line on stderr; only a bug prints a stack trace.
 */
package ziggy.view;
