/**
 * Attacks a local peer could make on a packaged ziggyd (the launcher, its shipped {@code -Xmx}, a lowered
 * descriptor limit where the attack is about descriptors), each followed by what an operator checks: STATUS
 * answers, {@code /healthcheck} is 200, good events land, and SIGTERM exits 0.
 */
package ziggy.system.hardening;
