package dev.failberry.daemon;

import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.status.ModemView;
import dev.failberry.status.RecoveryView;
import dev.failberry.time.TimeSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The supervisor's parts of the status snapshot, built from what it knows. */
final class StatusViews {
    private StatusViews() {}

    static ModemView modem(ModemStatus m) {
        return new ModemView(
                m.condition().name().toLowerCase(),
                m.port(),
                m.manufacturer(),
                m.model(),
                m.revision(),
                m.imei(),
                m.sim(),
                m.registration(),
                m.operator(),
                m.accessTechnology(),
                new ModemView.Signal(m.csq(), m.rssiDbm()),
                m.consecutiveTimeouts(),
                m.condition().silent()
                                || m.condition() == Condition.NO_SIM
                                || m.condition() == Condition.SIM_LOCKED
                                || m.condition() == Condition.PORT_BUSY
                        ? m.detail()
                        : null,
                stick(m.stick()));
    }

    private static ModemView.StickView stick(ModemStatus.Stick s) {
        return s == null
                ? null
                : new ModemView.StickView(
                        s.control(),
                        s.connection(),
                        s.wanIp(),
                        s.rsrpDbm(),
                        s.rsrqDb(),
                        s.sinrDb(),
                        s.band(),
                        s.trafficRx(),
                        s.trafficTx(),
                        s.connectedSeconds(),
                        s.dmz());
    }

    /** Counts and last action (from the executor), the ladder's level, and its next step when one is due. */
    static RecoveryView recovery(Executor executor, RecoveryLadder ladder, Assessor.Next next, TimeSource time) {
        var n = next == null
                ? null
                : new RecoveryView.Next(
                        next.step().action(), next.step().attempt(), wall(next.at(), time), next.at(), next.why());
        return new RecoveryView(
                executor.count(RecoveryAction.REDIAL),
                executor.count(RecoveryAction.MODEM_RESET),
                executor.count(RecoveryAction.USB_POWER_CYCLE),
                executor.count(RecoveryAction.REBOOT),
                executor.lastAction(),
                ladder.level(),
                executor.lastReboot().orElse(null),
                n);
    }

    /** The wall-clock time of monotonic {@code nanos}, to the second (for people). */
    static Instant wall(long nanos, TimeSource time) {
        return time.now().plusNanos(nanos - time.nanoTime()).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Whole seconds, rounded up ("in 1 s" rather than "in 0 s" for anything still to come). */
    static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
