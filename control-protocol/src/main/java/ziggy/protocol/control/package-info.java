/**
 * The control port: BSON requests {@code {cmd: NAME, …}} answered by one BSON reply each, over
 * ZeroMQ REQ/REP. {@link ziggy.protocol.control.ControlCommand} names the commands,
 * {@link ziggy.protocol.control.ControlReplies} builds and reads the replies,
 * {@link ziggy.protocol.control.StatusKeys} names STATUS's keys, and
 * {@link ziggy.protocol.control.ControlClient} asks a daemon, never waiting past its timeout.
 */
package ziggy.protocol.control;
