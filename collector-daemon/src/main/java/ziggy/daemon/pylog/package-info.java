/**
 * The {@code --python-logging} port: Python {@code logging} records, as the ZeroMQ logging aggregator's clients
 * publish them, made into Ziggy events. {@link ziggy.daemon.pylog.PythonLoggingIntake} owns the SUB socket and its
 * thread; {@code LogRecordEvent} maps one record's JSON to an event's BSON, with {@code PercentFormat} doing
 * Python's {@code msg % args}; {@link ziggy.daemon.pylog.PythonLoggingCounters} is the STATUS section.
 *
 * <p>Invariants: bad input is counted by reason, never thrown out of the thread; a record received is handed to
 * the collect thread ({@link ziggy.daemon.collect.EventHandOff}) or the thread waits, so nothing is dropped here
 * (PUB/SUB drops at the publisher); the events enter the daemon only through the collect thread's intake, so
 * every rule and count of the collect path applies to them.
 */
package ziggy.daemon.pylog;
