/** JMH benchmarks of the hot paths and the end-to-end load generator behind packaging/bin/ziggy-bench. */
package ziggy.bench;
