/**
 * The built-in processors: drop, redact, sample, rename, summary. Each is a processor class with its
 * ServiceLoader factory nested as {@code Factory}, and reads events through the raw view, decoding
 * an event only when it must rebuild it.
 */
package ziggy.processors.builtin;
