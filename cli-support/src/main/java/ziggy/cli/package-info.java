/**
 * What ziggyd, ziggyview and ziggyctl share on the command line: one-line error reporting with
 * the exit codes 0 (ok), 1 (runtime failure) and 2 (usage), the version line, and where settings
 * come from besides flags.
 */
package ziggy.cli;
