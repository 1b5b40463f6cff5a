/**
 * Simulators at the real boundaries, for the tests and {@code demo} only (the module {@code sim}: the
 * daemon's module cannot import them, and the shipped jar does not hold them): the modem on pseudo-terminals, pppd and chat stand-ins, fake uhubctl and sysfs, a loopback AWS endpoint
 * and a HiLink API stand-in.
 */
package dev.failberry.sim;
