/**
 * Executables that behave like pppd and chat (exit codes, log lines, interfaces in the network lab).
 */
package dev.failberry.sim.ppp;
