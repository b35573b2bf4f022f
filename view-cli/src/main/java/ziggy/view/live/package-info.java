/**
 * The live stream: ziggyview asks the daemon's control port for the stream port (SOCK_STREAM),
 * subscribes to it with the type prefix, and prints events as they come. One subscription is kept
 * for as long as the daemon's stream port stays the same; when the stream goes quiet the control
 * port is asked again, and a restarted daemon (whose stream port is new) is followed there. Events
 * published while ziggyview was not subscribed are not seen: the stream is PUB/SUB, best effort,
 * and the day files are the record. Ctrl-C ends it cleanly, exit status 0 ({@link
 * ziggy.view.live.SignalStop}). Every socket here has a message size limit fitted to what it
 * carries, so a hostile peer cannot make JeroMQ allocate what it announces.
 */
package ziggy.view.live;
