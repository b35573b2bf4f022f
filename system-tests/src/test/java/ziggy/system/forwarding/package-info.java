/** Packaged daemons forwarding to each other, killed with -9: what each ends up holding. */
package ziggy.system.forwarding;
