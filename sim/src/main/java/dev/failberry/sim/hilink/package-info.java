/**
 * A HiLink web API stand-in that answers with XML captured from real sticks.
 */
package dev.failberry.sim.hilink;
