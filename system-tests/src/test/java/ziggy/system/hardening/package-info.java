/**
 * A packaged master ({@code packaging/bin/ziggyd}, the shipped {@code -Xmx192m}) attacked the way a
 * local peer could, each attack followed by what an operator checks: STATUS answers, {@code /healthcheck}
 * says 200, good events still land in the day files, the process's memory stays bounded, and SIGTERM
 * still ends it with status 0. {@link ziggy.system.hardening.AttackedMaster} holds those checks.
 */
package ziggy.system.hardening;
