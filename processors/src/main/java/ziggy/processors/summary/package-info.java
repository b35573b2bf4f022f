/**
 * The one summary engine of Ziggy: per type, a count, numeric fields' count, min, mean, max and
 * percentiles (HdrHistogram, within 0.1 % at three significant digits), and the most frequent values of
 * chosen fields, in memory that does not grow with the number of events. The {@code summary}
 * processor's {@code ziggy.summary} events and {@code ziggyview --summary --json} both render their
 * figures through {@link ziggy.processors.summary.TypeSummary#appendFigures}, so they have one shape.
 *
 * <p>Not thread-safe: one thread records and renders.
 */
package ziggy.processors.summary;
