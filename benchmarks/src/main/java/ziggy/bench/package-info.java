/**
 * Measures Ziggy where it matters: JMH benchmarks of the hot paths (frame parsing, event scanning,
 * day-file appends, the disk queue, batch headers), each beside the production class it drives and
 * run once by CI so it keeps working; and {@link ziggy.bench.ZiggyBench}, the {@code ziggy-bench}
 * command behind {@code benchmarks/run.sh}. Figures always come from the measured side: JMH's own
 * timing, or a daemon's STATUS, stream and files, never the sender's count. docs/performance.md
 * records the results and how they were taken.
 */
package ziggy.bench;
