package dev.failberry.sim.modem;

import java.time.Instant;

/** One AT command line the simulator received (what tests assert the daemon sent). */
public record SimCommand(SimPort port, String line, Instant at) {}
