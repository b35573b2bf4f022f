/**
 * {@code ziggyview --summary}: the events the pipeline keeps are counted per type by the processors
 * module's {@link ziggy.processors.summary.TypeSummaries} (the {@code summary} processor's engine, so
 * the JSON has the {@code ziggy.summary} bodies' shape), with each type's first and last event time
 * ({@link ziggy.view.summary.SummaryCollector}); at the end they are printed as a table for people
 * ({@link ziggy.view.summary.SummaryTable}) or one JSON document ({@link ziggy.view.summary.SummaryJson}),
 * and with {@code --graphs} drawn per minute as PNG charts with an index page
 * ({@link ziggy.view.summary.SummaryGraphs}).
 *
 * <p>Invariant: memory does not grow with the number of events: histograms and bounded top-k per type
 * and field, and per-minute series of at most {@link ziggy.view.summary.MinuteCounts#MAX_MINUTES}
 * minutes each, whose figures past that are counted, not kept.
 */
package ziggy.view.summary;
