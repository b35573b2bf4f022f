/**
 * The client library against a real {@code ziggyd}: tests that need both on one class path, kept out of the
 * client modules so that building the client (what an application installs) never builds the daemon.
 */
package ziggy.system.client;
