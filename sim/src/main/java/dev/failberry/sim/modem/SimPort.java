package dev.failberry.sim.modem;

/** The simulator's two ttys: control (PCUI / AT primary) and data (modem / PPP). */
public enum SimPort {
    CONTROL,
    DATA
}
