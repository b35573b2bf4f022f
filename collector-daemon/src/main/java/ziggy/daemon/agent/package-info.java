/**
 * The agent role ({@code ziggyd --forward}): events collected into a disk queue and forwarded upstream
 * in acknowledged batches; a relay is an agent that also takes other agents' batches.
 */
package ziggy.daemon.agent;
