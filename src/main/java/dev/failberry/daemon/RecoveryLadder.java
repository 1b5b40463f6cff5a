package dev.failberry.daemon;

import dev.failberry.daemon.RecoveryPolicy.Rung;
import dev.failberry.time.TimeSource;
import java.time.Duration;
import java.util.Set;

/**
 * The escalation state machine: which recovery action comes next for a fault, or how long to wait.
 * Each rung is tried its number of attempts, each followed by its cooldown; then the next applicable
 * rung. Actions that cannot help are skipped (a modem whose AT port is silent cannot redial or obey a
 * reset command, so it goes straight to the power cycle). Power cycles are never closer than
 * {@link RecoveryPolicy#minPowerCycleInterval()}. When every rung is used up the ladder pauses for
 * {@link #EXHAUSTED_PAUSE} and then starts again from the bottom, so it can never loop fast.
 * All time is monotonic, from the injected {@link TimeSource}.
 */
public final class RecoveryLadder {
    /** What is wrong, as far as the ladder cares. */
    public enum Fault {
        /** pppd is not up (died, failed to dial) while the modem answers. */
        LINK_DOWN(Set.of()),
        /** pppd is up but probes fail. */
        LINK_DEGRADED(Set.of()),
        /** The modem's AT port is silent or gone. */
        MODEM_SILENT(Set.of(RecoveryAction.REDIAL, RecoveryAction.MODEM_RESET)),
        /** The modem answers but does not register (searching too long, denied). */
        NOT_REGISTERED(Set.of(RecoveryAction.REDIAL)),
        /** SIM missing or failed after being seen before (resets sometimes bring it back). */
        SIM_FAULT(Set.of(RecoveryAction.REDIAL));

        private final Set<RecoveryAction> useless;

        Fault(Set<RecoveryAction> useless) {
            this.useless = useless;
        }

        public boolean canBeHelpedBy(RecoveryAction a) {
            return !useless.contains(a);
        }
    }

    /** The ladder's answer. */
    public sealed interface Decision {
    }

    /** Do {@code action} now; it is attempt {@code attempt} of {@code of} on this rung. */
    public record Act(RecoveryAction action, int attempt, int of) implements Decision {
    }

    /** Nothing to do before {@code until} (monotonic nanos): a cooldown or the power-cycle spacing. */
    public record Wait(long until, String why) implements Decision {
    }

    /** Pause after every rung was used; after {@code until} the ladder starts again from the bottom. */
    public static final Duration EXHAUSTED_PAUSE = Duration.ofHours(1);

    private final RecoveryPolicy policy;
    private final TimeSource time;
    private int rung;
    private int attemptsOnRung;
    private long cooldownUntil = Long.MIN_VALUE;
    private long lastPowerCycle = Long.MIN_VALUE;
    private long exhaustedUntil = Long.MIN_VALUE;
    private boolean exhausted;

    public RecoveryLadder(RecoveryPolicy policy, TimeSource time) {
        this.policy = policy;
        this.time = time;
    }

    public RecoveryPolicy policy() {
        return policy;
    }

    /** The next step for {@code fault} now. Calling it does not record anything; {@link #record} does. */
    public Decision decide(Fault fault) {
        long now = time.nanoTime();
        if (exhausted) {
            if (now < exhaustedUntil) {
                return new Wait(exhaustedUntil, "every recovery action was tried; next round in "
                        + Duration.ofNanos(exhaustedUntil - now).toMinutes() + " min");
            }
            reset();
        }
        if (now < cooldownUntil) {
            return new Wait(cooldownUntil, "waiting for the last action to take effect");
        }
        int r = rung;
        int used = attemptsOnRung;
        while (r < policy.rungs().size()) {
            Rung candidate = policy.rungs().get(r);
            if (used < candidate.attempts() && fault.canBeHelpedBy(candidate.action())) {
                if (candidate.action() == RecoveryAction.USB_POWER_CYCLE && lastPowerCycle != Long.MIN_VALUE) {
                    long allowed = lastPowerCycle + policy.minPowerCycleInterval().toNanos();
                    if (now < allowed) {
                        return new Wait(allowed, "power cycles are at least "
                                + policy.minPowerCycleInterval().toMinutes() + " min apart");
                    }
                }
                rung = r;
                attemptsOnRung = used;
                return new Act(candidate.action(), used + 1, candidate.attempts());
            }
            r++;
            used = 0;
        }
        exhausted = true;
        exhaustedUntil = now + EXHAUSTED_PAUSE.toNanos();
        return new Wait(exhaustedUntil, "every recovery action was tried; next round in "
                + EXHAUSTED_PAUSE.toMinutes() + " min");
    }

    /** Records that {@code action} was just taken (starts its cooldown). */
    public void record(RecoveryAction action) {
        long now = time.nanoTime();
        Rung current = policy.rungs().get(Math.min(rung, policy.rungs().size() - 1));
        if (current.action() == action) {
            attemptsOnRung++;
            cooldownUntil = now + current.cooldown().toNanos();
            if (attemptsOnRung >= current.attempts()) {
                rung++;
                attemptsOnRung = 0;
            }
        } else {
            cooldownUntil = now;
        }
        if (action == RecoveryAction.USB_POWER_CYCLE) {
            lastPowerCycle = now;
        }
    }

    /** A power cycle happened outside the ladder (an admin asked): it still counts for the spacing. */
    public void notePowerCycle() {
        lastPowerCycle = time.nanoTime();
    }

    /** Skips the current rung (e.g. reboot refused by its guard, power switch failed to act). */
    public void skipCurrentRung() {
        rung++;
        attemptsOnRung = 0;
    }

    /** The link has been up and verified long enough: start again from the bottom next time. */
    public void reset() {
        rung = 0;
        attemptsOnRung = 0;
        cooldownUntil = Long.MIN_VALUE;
        exhausted = false;
    }

    /** A short description for status: "idle", "redial 1/2", "exhausted". */
    public String level() {
        if (exhausted) {
            return "exhausted";
        }
        if (rung == 0 && attemptsOnRung == 0 && cooldownUntil == Long.MIN_VALUE) {
            return "idle";
        }
        if (rung >= policy.rungs().size()) {
            return "top";
        }
        Rung r = policy.rungs().get(rung);
        return r.action().label() + " " + attemptsOnRung + "/" + r.attempts();
    }

    /** When the cooldown of the last action ends (monotonic nanos). */
    public long cooldownUntil() {
        return cooldownUntil;
    }

    public boolean idle() {
        return "idle".equals(level());
    }
}
