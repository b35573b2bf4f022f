/**
 * The load generator: pre-encoded events ({@link ziggy.bench.load.EventTemplates}) written as ZMTP
 * frames on plain sockets, one thread per connection ({@link ziggy.bench.load.ConnectionSender}), and
 * what judges a run from the daemon's side: its STATUS ({@link ziggy.bench.load.StatusWatch}), its
 * stream ({@link ziggy.bench.load.StreamLatency}) and its day files ({@link ziggy.bench.load.DayFileCheck}).
 * Every event carries a run tag, its connection and its number in its {@code id}, so that a check can
 * tell each event of a run apart from anything else a daemon holds.
 */
package ziggy.bench.load;
