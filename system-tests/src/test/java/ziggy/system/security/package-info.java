/**
 * The packaged daemons and tools with CURVE on every port: an agent forwarding to a master through kills,
 * the tools of an operator with an admin key and without one.
 */
package ziggy.system.security;
