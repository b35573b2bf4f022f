/**
 * The live stream: ziggyview asks the daemon's control port for the stream port (SOCK_STREAM),
 * subscribes to it with the type prefix, and prints events as they come. When the stream goes
 * quiet it asks again, so a restarted daemon (whose stream port is new) is found again. Events
 * published while ziggyview was not connected are not seen: the stream is PUB/SUB, best effort,
 * and the day files are the record. Ctrl-C ends it cleanly, exit status 0 ({@link
 * ziggy.view.live.SignalStop}).
 */
package ziggy.view.live;
