/**
 * Pseudo-terminal pairs through the C library (JNA), for the modem simulator.
 */
package dev.failberry.sim.pty;
