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

    private static final Set<DaemonState> ANY_RUNNING = EnumSet.of(MODEM_INIT, REGISTERING, DIALING, CONNECTED,
            DEGRADED, RECOVERING);

    /** The states this one may move to. */
    public Set<DaemonState> next() {
        return switch (this) {
            case STARTING -> EnumSet.of(MODEM_INIT, RECOVERING, STOPPING);
            case MODEM_INIT -> EnumSet.of(REGISTERING, RECOVERING, STOPPING);
            case REGISTERING -> EnumSet.of(DIALING, MODEM_INIT, RECOVERING, STOPPING);
            case DIALING -> EnumSet.of(CONNECTED, DEGRADED, REGISTERING, MODEM_INIT, RECOVERING, STOPPING);
            case CONNECTED -> EnumSet.of(DEGRADED, DIALING, REGISTERING, MODEM_INIT, RECOVERING, STOPPING);
            case DEGRADED -> EnumSet.of(CONNECTED, DIALING, REGISTERING, MODEM_INIT, RECOVERING, STOPPING);
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
