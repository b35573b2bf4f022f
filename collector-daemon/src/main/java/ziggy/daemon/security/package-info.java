/**
 * Who may talk to the daemon (docs/security.md). {@link ziggy.daemon.security.SecuritySettings} holds what
 * ziggyd was told: its CURVE certificate, the folders of authorized client and admin keys, the admin
 * token's file. {@link ziggy.daemon.security.ZapAuthenticator} answers JeroMQ's ZAP requests (RFC 27) for
 * the control and stream sockets; the collect endpoint checks its clients itself (module zmtp).
 * {@link ziggy.daemon.security.AdminGate} lets admin commands through only for an admin.
 * {@link ziggy.daemon.security.SecurityCounters} counts every refusal for STATUS and {@code /metrics}.
 *
 * <p>The invariant: with {@code --curve-clients}, no connection to a CURVE socket of the daemon is
 * served unless the authenticator accepted its key. JeroMQ 0.6.0 accepts every CURVE client when no
 * ZAP handler is bound at {@code inproc://zeromq.zap.01} (its {@code SessionBase.zapConnect} fails and the
 * handshake goes on to READY), so the authenticator is bound before the first CURVE socket and closed
 * after the last; if its thread dies, the daemon stops (it is a watched part), and requests left
 * unanswered stall their handshakes rather than pass.
 */
package ziggy.daemon.security;
