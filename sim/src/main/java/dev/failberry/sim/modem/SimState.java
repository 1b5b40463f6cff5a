package dev.failberry.sim.modem;

/** SIM and network conditions a test or the demo can set. */
public final class SimState {
    private SimState() {}

    /** +CPIN? outcomes; CME codes from 27.007 (10 absent, 11 PIN, 12 PUK, 13 failure, 14 busy). */
    public enum Sim {
        READY(0),
        ABSENT(10),
        PIN(11),
        PUK(12),
        FAILURE(13),
        BUSY(14);

        final int cme;

        Sim(int cme) {
            this.cme = cme;
        }
    }

    /** Registration the network grants once the radio is on and the SIM ready; value = CREG stat. */
    public enum Registration {
        IDLE(0),
        HOME(1),
        SEARCHING(2),
        DENIED(3),
        UNKNOWN(4),
        ROAMING(5);

        final int stat;

        Registration(int stat) {
            this.stat = stat;
        }
    }

    /** What ATD*99# does. */
    public enum DialOutcome {
        CONNECT,
        NO_CARRIER,
        ERROR,
        SILENT
    }
}
