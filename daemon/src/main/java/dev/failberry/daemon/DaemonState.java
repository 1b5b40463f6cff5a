package dev.failberry.daemon;

import java.util.EnumSet;
import java.util.Set;

/**
 * The daemon's states, in the order a healthy start walks through them. Only {@link Supervisor}
 * changes state, through {@link Supervisor#transition}; the allowed moves are listed here so that an
 * impossible jump (say STARTING -> CONNECTED) is refused and logged instead of silently accepted.
 */
public enum DaemonState {
    /** Configuration loaded, listeners starting. */
    STARTING,
    /** Opening the modem's AT port and running its init sequence. */
    MODEM_INIT,
    /** Modem initialised; waiting for network registration (SIM, signal, operator). */
    REGISTERING,
    /** pppd is dialling or negotiating. */
    DIALING,
    /** The link is up and traffic is verified to flow. */
    CONNECTED,
    /** The link is up but probes fail or the modem misbehaves; the supervisor is deciding. */
    DEGRADED,
    /** A recovery action is under way (modem reset, USB power cycle, waiting for the modem to return). */
    RECOVERING,
    /** Shutting down; terminal. */
    STOPPING;

    private static final Set<DaemonState> ANY_RUNNING =
            EnumSet.of(MODEM_INIT, REGISTERING, DIALING, CONNECTED, DEGRADED, RECOVERING);

    /**
     * The states this one may move to: the moves that really happen, one event at a time. A move is
     * listed only when a single report can cause it, for example MODEM_INIT -> DIALING (the init
     * sequence ends and the modem is already registered) or MODEM_INIT -> CONNECTED (the monitor
     * re-initialised the modem while pppd kept the verified link). RECOVERING never goes straight to
     * CONNECTED or DEGRADED: every recovery action hangs up first, so the link must be dialled again.
     */
    public Set<DaemonState> next() {
        return switch (this) {
            case STARTING -> EnumSet.of(MODEM_INIT, STOPPING);
            case MODEM_INIT -> EnumSet.of(REGISTERING, DIALING, CONNECTED, DEGRADED, RECOVERING, STOPPING);
            case REGISTERING -> EnumSet.of(MODEM_INIT, DIALING, CONNECTED, DEGRADED, RECOVERING, STOPPING);
            case DIALING -> EnumSet.of(MODEM_INIT, REGISTERING, CONNECTED, DEGRADED, RECOVERING, STOPPING);
            case CONNECTED -> EnumSet.of(MODEM_INIT, REGISTERING, DIALING, DEGRADED, RECOVERING, STOPPING);
            case DEGRADED -> EnumSet.of(MODEM_INIT, REGISTERING, DIALING, CONNECTED, RECOVERING, STOPPING);
            case RECOVERING -> EnumSet.of(MODEM_INIT, REGISTERING, DIALING, STOPPING);
            case STOPPING -> EnumSet.noneOf(DaemonState.class);
        };
    }

    public boolean canMoveTo(DaemonState target) {
        return next().contains(target);
    }

    public boolean isRunning() {
        return ANY_RUNNING.contains(this);
    }
}
