package dev.failberry.daemon;

import dev.failberry.daemon.RecoveryPolicy.Rung;
import java.time.Duration;
import java.util.Set;

/**
 * The escalation, as a value: which recovery action comes next for a fault, or how long to wait. Each
 * rung is tried its number of attempts, each followed by its cooldown; then the next applicable rung.
 * Actions that cannot help are skipped (a modem whose AT port is silent cannot redial or obey a reset
 * command, so it goes straight to the power cycle). Power cycles are never closer than
 * {@link RecoveryPolicy#minPowerCycleInterval()}. When every rung is used up the ladder pauses for
 * {@link #EXHAUSTED_PAUSE} and then starts again from the bottom, so it can never loop fast.
 *
 * <p>Immutable: {@link #decide} only answers; {@link #taken}, {@link #paused}, {@link #skipRungOf} and
 * {@link #reset} return the ladder after the event. Times are monotonic nanoseconds.
 *
 * @param rung           index of the current rung in {@link RecoveryPolicy#rungs()}
 * @param attemptsOnRung attempts already made on it
 * @param cooldownUntil  the last action's cooldown ends here ({@link Long#MIN_VALUE}: none)
 * @param lastPowerCycle when the last power cycle started, the ladder's or an admin's ({@link Long#MIN_VALUE}: never)
 * @param pausedUntil    every rung was used: nothing happens before this ({@link Long#MIN_VALUE}: not paused)
 */
public record RecoveryLadder(RecoveryPolicy policy, int rung, int attemptsOnRung, long cooldownUntil,
                             long lastPowerCycle, long pausedUntil) {

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

    /** Do {@code action} now; it is attempt {@code attempt} of {@code of} on rung {@code rung}. */
    public record Act(RecoveryAction action, int attempt, int of, int rung) implements Decision {
    }

    /** Nothing to do before {@code until} (monotonic nanos): a cooldown or the power-cycle spacing. */
    public record Wait(long until, String why) implements Decision {
    }

    /** Every rung was used: pause until {@code until} ({@link #paused}), then start again from the bottom. */
    public record Exhausted(long until, String why) implements Decision {
    }

    /** Pause after every rung was used; after it the ladder starts again from the bottom. */
    public static final Duration EXHAUSTED_PAUSE = Duration.ofHours(1);

    /** A ladder at the bottom that has never acted. */
    public static RecoveryLadder start(RecoveryPolicy policy) {
        return new RecoveryLadder(policy, 0, 0, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    /** The ladder as of {@code now}: a pause that has ended starts a new round from the bottom. */
    public RecoveryLadder at(long now) {
        if (pausedUntil != Long.MIN_VALUE && now >= pausedUntil) {
            return new RecoveryLadder(policy, 0, 0, Long.MIN_VALUE, lastPowerCycle, Long.MIN_VALUE);
        }
        return this;
    }

    /** The next step for {@code fault} at {@code now} (call on {@link #at}{@code (now)}); changes nothing. */
    public Decision decide(Fault fault, long now) {
        if (pausedUntil != Long.MIN_VALUE && now < pausedUntil) {
            return new Wait(pausedUntil, "every recovery action was tried; next round in "
                    + Duration.ofNanos(pausedUntil - now).toMinutes() + " min");
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
                return new Act(candidate.action(), used + 1, candidate.attempts(), r);
            }
            r++;
            used = 0;
        }
        return new Exhausted(now + EXHAUSTED_PAUSE.toNanos(), "every recovery action was tried; next round in "
                + EXHAUSTED_PAUSE.toMinutes() + " min");
    }

    /** {@code act} was just taken: its rung advances and its cooldown starts. */
    public RecoveryLadder taken(Act act, long now) {
        Rung r = policy.rungs().get(act.rung());
        boolean rungUsed = act.attempt() >= r.attempts();
        return new RecoveryLadder(policy, rungUsed ? act.rung() + 1 : act.rung(), rungUsed ? 0 : act.attempt(),
                now + r.cooldown().toNanos(), act.action() == RecoveryAction.USB_POWER_CYCLE ? now : lastPowerCycle,
                pausedUntil);
    }

    /** Every rung was used ({@link Exhausted}): nothing before {@code until}. */
    public RecoveryLadder paused(long until) {
        return new RecoveryLadder(policy, rung, attemptsOnRung, cooldownUntil, lastPowerCycle, until);
    }

    /** A power cycle happened outside the ladder (an admin asked): it still counts for the spacing. */
    public RecoveryLadder powerCycled(long now) {
        return new RecoveryLadder(policy, rung, attemptsOnRung, cooldownUntil, now, pausedUntil);
    }

    /**
     * The rung of {@code action} cannot act (reboot refused by its guard, power switch failed): move past
     * it. Nothing changes when the ladder is already past that rung.
     */
    public RecoveryLadder skipRungOf(RecoveryAction action) {
        for (int i = rung; i < policy.rungs().size(); i++) {
            if (policy.rungs().get(i).action() == action) {
                return new RecoveryLadder(policy, i + 1, 0, cooldownUntil, lastPowerCycle, pausedUntil);
            }
        }
        return this;
    }

    /** The link has been up and verified long enough: start again from the bottom next time. */
    public RecoveryLadder reset() {
        return new RecoveryLadder(policy, 0, 0, Long.MIN_VALUE, lastPowerCycle, Long.MIN_VALUE);
    }

    /** A short description for status: "idle", "redial 1/2", "top", "exhausted". */
    public String level() {
        if (pausedUntil != Long.MIN_VALUE) {
            return "exhausted";
        }
        if (idle()) {
            return "idle";
        }
        if (rung >= policy.rungs().size()) {
            return "top";
        }
        Rung r = policy.rungs().get(rung);
        return r.action().label() + " " + attemptsOnRung + "/" + r.attempts();
    }

    public boolean idle() {
        return rung == 0 && attemptsOnRung == 0 && cooldownUntil == Long.MIN_VALUE && pausedUntil == Long.MIN_VALUE;
    }
}
