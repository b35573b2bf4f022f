/**
 * The agent role ({@code ziggyd --forward}): events collected into a disk queue and forwarded upstream
 * in acknowledged batches; a relay is an agent that also takes other agents' batches. With
 * {@code --log-path} too, {@link ziggy.storage.custody.FilesAndQueueStore} writes every event to the day
 * files as well, and keeps the two holding the same events across a crash.
 */
package ziggy.daemon.agent;
