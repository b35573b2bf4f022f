/**
 * The collect endpoint: a ZeroMQ PULL socket of our own, so that events go from the socket buffer to
 * the daemon's file and queue buffers with no object and no copy per event (design.md, "The collect
 * path's speed"). {@link ziggy.zmtp.ZmtpPullServer} runs it on one thread; {@link ziggy.zmtp.MessageHandler}
 * is what it hands messages to.
 *
 * <h2>The subset of ZMTP served</h2>
 * <ul>
 *   <li>ZMTP 3.0 (RFC 23) and 3.1 (RFC 37) over TCP; we announce 3.1. ZMTP 1.0 and 2.x peers are
 *       refused as soon as their greeting shows the version ({@link ziggy.zmtp.RefusalReason#OLD_VERSION}).</li>
 *   <li>One security mechanism per endpoint: NULL by default, or CURVE (RFC 26, as libzmq and JeroMQ
 *       speak it over ZMTP 3) when {@link ziggy.zmtp.ZmtpOptions#withCurve} gives the server's keys.
 *       A peer asking for the other one, or for PLAIN or GSSAPI, is refused
 *       ({@link ziggy.zmtp.RefusalReason#MECHANISM}). CURVE is served without ZAP (RFC 27): the
 *       authorized client keys, if any, are a set in {@link ziggy.zmtp.CurveServerKeys}.</li>
 *   <li>We are PULL; only PUSH peers are served ({@link ziggy.zmtp.RefusalReason#SOCKET_TYPE}).</li>
 *   <li>Message frames, short and long, with MORE: a multipart message is handed on whole, in one call.</li>
 *   <li>Commands: READY (handshake), PING answered with PONG carrying its context, ERROR (the peer
 *       is closed); any other command is ignored. Nothing is ever sent to a peer but our greeting,
 *       READY and PONGs: a PULL socket sends no messages.</li>
 *   <li>Under CURVE: HELLO, WELCOME, INITIATE and READY, then every frame is a MESSAGE whose box holds
 *       a flags byte (MORE, COMMAND) and the payload; PING and PONG travel boxed with the COMMAND flag.
 *       The layouts are in {@code CurveServerSession}.</li>
 * </ul>
 *
 * <h2>Bytes we send</h2>
 * The 64-byte greeting, in two parts: the first 11 bytes on accepting a connection, the other 53
 * once the peer's major version has arrived (why: {@code Greeting}):
 * <pre>
 *   FF 00 00 00 00 00 00 00 00 7F   signature (the 8 padding bytes are ignored when received)
 *   03 01                           version 3.1
 *   4E 55 4C 4C 00 x 16             mechanism "NULL", zero-padded to 20 bytes
 *   00                              as-server: unused by NULL
 *   00 x 31                         filler
 * </pre>
 * and once the peer's READY has been accepted, our READY command (28 bytes):
 * <pre>
 *   04 1A                           flags COMMAND, short size 26
 *   05 52 45 41 44 59               "READY"
 *   0B "Socket-Type" 00 00 00 04 "PULL"
 * </pre>
 * The peer's READY must carry {@code Socket-Type: PUSH}; other properties (Identity, ...) are ignored.
 *
 * <h2>Bytes we send under CURVE</h2>
 * The same greeting but for its mechanism and as-server bytes:
 * <pre>
 *   43 55 52 56 45 00 x 15          mechanism "CURVE", zero-padded to 20 bytes
 *   01                              as-server: we are the CURVE server
 * </pre>
 * Once the peer's HELLO (200 bytes) has opened with our secret key, WELCOME (170 bytes on the wire):
 * <pre>
 *   04 A8                           flags COMMAND, short size 168
 *   07 "WELCOME"                    name
 *   16 random bytes                 long nonce, after "WELCOME-"
 *   144 bytes                       Box[S' + cookie nonce (16) + cookie (80)](S-&gt;C')
 * </pre>
 * the cookie a SecretBox of the client's transient key and our transient secret key, under a random
 * key of this connection. Once INITIATE has passed its cookie, its box, its vouch (which proves the
 * client's permanent key), the authorized set and Socket-Type PUSH, READY (52 bytes):
 * <pre>
 *   04 32                           flags COMMAND, short size 50
 *   05 "READY"                      name
 *   00 00 00 00 00 00 00 01         our short nonce, 1
 *   36 bytes                        Box[0B "Socket-Type" 00 00 00 04 "PULL"](S'-&gt;C')
 * </pre>
 * then only PONGs, each a message frame {@code 00 size} around {@code 07 "MESSAGE"}, our next short
 * nonce (2, 3, ...) and Box[02 + PONG command](S'-&gt;C'). Every refusal of the handshake closes the
 * connection without an ERROR command (as libzmq does when a box does not open); the reasons are
 * {@link ziggy.zmtp.RefusalReason#CURVE_HANDSHAKE}, {@link ziggy.zmtp.RefusalReason#UNAUTHORIZED_KEY}
 * and, after it, {@link ziggy.zmtp.RefusalReason#CURVE_BOX} and {@link ziggy.zmtp.RefusalReason#CURVE_NONCE}.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>One thread does everything: accept, read, parse, the handler's calls, {@code onLoopTurn}
 *       every turn and at least every tick. Counters are the only state other threads read.</li>
 *   <li>Messages of one connection reach the handler in the order they were sent.</li>
 *   <li>Positions handed to the handler are valid only during the call; the buffer moves and is reused.</li>
 *   <li>Receive buffers are pooled and lent for one read at a time; between reads a connection keeps
 *       at most a 4 KiB carry for the start of its next message, or, in the middle of a larger
 *       message, the buffer holding it. Memory follows large messages in flight, not connections.</li>
 *   <li>A message over {@link ziggy.zmtp.ZmtpOptions#maxMessageBytes()} is dropped as it arrives, never
 *       buffered; the connection carries on with the next one. Under CURVE its size counts each
 *       frame's 33 bytes of MESSAGE overhead, and its frames are told apart by deciphering, without
 *       authenticating, the flags byte of each one dropped.</li>
 *   <li>Under CURVE, a MESSAGE is opened where it landed in the receive buffer (copied into a box
 *       array shared by the endpoint's connections, opened, its payload copied back over it), so the
 *       handler sees positions in the same buffer as under NULL; a connection's nonces must rise.
 *       The NULL path pays one test per read for this, none per frame.</li>
 *   <li>A peer that breaks the protocol or goes away costs only its own connection: the loss is
 *       counted in {@link ziggy.zmtp.ZmtpCounters}, logged at most once a second per reason.</li>
 * </ul>
 */
package ziggy.zmtp;
