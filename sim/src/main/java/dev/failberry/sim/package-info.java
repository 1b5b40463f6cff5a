/**
 * Simulators at the real boundaries, for the tests and {@code demo} only (production code never imports
 * them): the modem on pseudo-terminals, pppd and chat stand-ins, fake uhubctl and sysfs, a loopback AWS endpoint
 * and a HiLink API stand-in.
 */
package dev.failberry.sim;
