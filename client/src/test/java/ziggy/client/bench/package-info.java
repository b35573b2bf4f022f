/**
 * Benchmarks of the client's hot path, run by hand, never by {@code mvn verify} (no class here ends in
 * {@code Test}). How to run them and the figures measured on this machine are in {@code docs/client.md}.
 */
package ziggy.client.bench;
