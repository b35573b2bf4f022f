/**
 * Attacks a local peer could make on a packaged {@code ziggyd} (the launcher, the shipped heap), each
 * followed by what an operator checks: STATUS answers, {@code /healthcheck} says 200, good events still
 * land once each, memory stays bounded, and SIGTERM still ends the daemon with status 0.
 */
package ziggy.system.hardening;
