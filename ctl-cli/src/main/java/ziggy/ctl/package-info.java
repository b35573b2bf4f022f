/**
 * {@code ziggyctl}: asks a running ziggyd over its control port ({@link ziggy.ctl.Ziggyctl}).
 * {@code status} renders the STATUS reply as a table a person reads at a glance ({@link
 * ziggy.ctl.StatusTable}, with {@link ziggy.ctl.AgentSections} for an agent's queue and forwarder)
 * or prints it raw with {@code --json}; {@code shutdown} asks for a clean stop. Every request waits
 * at most {@code --timeout} on a fresh REQ socket, so a daemon that does not answer costs one line
 * and exit 1, never a hang. Exit codes: 0 ok, 1 runtime failure, 2 usage.
 */
package ziggy.ctl;
