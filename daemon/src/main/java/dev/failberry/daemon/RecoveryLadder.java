package dev.failberry.daemon;

import dev.failberry.daemon.RecoveryPolicy.Rung;
import java.util.Set;

/**
 * The escalation, as a value: which recovery action comes next for a fault, or how long to wait and
 * what comes then. Each rung is tried its number of attempts, each followed by its cooldown; then the
 * next applicable rung. Actions that cannot help are skipped (a modem whose AT port is silent cannot
 * redial or obey a reset command, so it goes straight to the power cycle). Power cycles are never closer
 * than {@link RecoveryPolicy#minPowerCycleInterval()}. When every rung was tried the ladder pauses
 * ({@link RecoveryPolicy#pause}: minutes at first, growing while the link is never verified) and then
 * starts again from the bottom, so it never loops fast and never stops helping for long.
 *
 * <p>Immutable: {@link #decide} only answers; the other methods return the ladder after the event.
 * Times are monotonic nanoseconds; {@link Long#MIN_VALUE} means "never"/"none".
 *
 * @param rung           index of the current rung in {@link RecoveryPolicy#rungs()}
 * @param attemptsOnRung attempts already made on it
 * @param cooldownUntil  the last action's cooldown ends here
 * @param lastTaken      the last action the ladder took (null: none this round)
 * @param lastPowerCycle when the last power cycle started, the ladder's or an admin's
 * @param pausedUntil    every rung was tried: nothing happens before this
 * @param pauses         pauses since the link was last verified (the next pause is {@code pause(pauses)})
 */
public record RecoveryLadder(
        RecoveryPolicy policy,
        int rung,
        int attemptsOnRung,
        long cooldownUntil,
        RecoveryAction lastTaken,
        long lastPowerCycle,
        long pausedUntil,
        int pauses) {
    private static final long NONE = Long.MIN_VALUE;

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
    public sealed interface Decision {}

    /** Do {@code action} now; it is attempt {@code attempt} of {@code of} on rung {@code rung}. */
    public record Act(RecoveryAction action, int attempt, int of, int rung) implements Decision {
        Step step() {
            return new Step(action.label(), attempt + "/" + of);
        }
    }

    /**
     * A step the ladder will take: an action label and its attempt ("usb_power_cycle", "2/2"), or
     * {@link #PAUSE} when no rung is left this round.
     */
    public record Step(String action, String attempt) {
        public static final Step PAUSE = new Step("pause", null);

        @Override
        public String toString() {
            return attempt == null ? action : action + " " + attempt;
        }
    }

    /**
     * Nothing to do before {@code until}, because of {@code why} (a cooldown, the power-cycle spacing, a
     * pause); then {@code next}, or nothing when no action can help this fault at all (null).
     */
    public record Wait(long until, String why, Step next) implements Decision {}

    /** Every rung was tried: pause until {@code until} ({@link #paused}), then a new round from the bottom. */
    public record Exhausted(long until, String why) implements Decision {}

    /** A ladder at the bottom that has never acted. */
    public static RecoveryLadder start(RecoveryPolicy policy) {
        return new RecoveryLadder(policy, 0, 0, NONE, null, NONE, NONE, 0);
    }

    /** The ladder as of {@code now}: a pause that has ended starts a new round from the bottom. */
    public RecoveryLadder at(long now) {
        return pausedUntil != NONE && now >= pausedUntil ? newRound(pauses) : this;
    }

    private RecoveryLadder newRound(int pauseCount) {
        return new RecoveryLadder(policy, 0, 0, NONE, null, lastPowerCycle, NONE, pauseCount);
    }

    /** The next step for {@code fault} at {@code now} (call on {@link #at}{@code (now)}); changes nothing. */
    public Decision decide(Fault fault, long now) {
        boolean paused = pausedUntil != NONE && now < pausedUntil;
        int r = paused ? 0 : rung;
        int used = paused ? 0 : attemptsOnRung;
        long notBefore = now;
        String why = null;
        if (paused) {
            notBefore = pausedUntil;
            why = "every recovery action was tried; pausing before the next round";
        } else if (now < cooldownUntil) {
            notBefore = cooldownUntil;
            why = "giving the " + lastTaken.label() + " its cooldown of " + RecoveryPolicy.human(cooldownOf(lastTaken))
                    + " to work";
        }
        while (r < policy.rungs().size()
                && !(used < policy.rungs().get(r).attempts()
                        && fault.canBeHelpedBy(policy.rungs().get(r).action()))) {
            r++;
            used = 0;
        }
        if (r == policy.rungs().size()) {
            if (notBefore > now) {
                return new Wait(notBefore, why, paused ? null : Step.PAUSE);
            }
            long until = now + policy.pause(pauses).toNanos();
            return new Exhausted(
                    until,
                    "every recovery action was tried; next round after a pause of "
                            + RecoveryPolicy.human(policy.pause(pauses)));
        }
        Rung candidate = policy.rungs().get(r);
        if (candidate.action() == RecoveryAction.USB_POWER_CYCLE && lastPowerCycle != NONE) {
            long allowed = lastPowerCycle + policy.minPowerCycleInterval().toNanos();
            if (allowed > notBefore) {
                notBefore = allowed;
                why = "power cycles are at least " + RecoveryPolicy.human(policy.minPowerCycleInterval()) + " apart";
            }
        }
        Act act = new Act(candidate.action(), used + 1, candidate.attempts(), r);
        return notBefore > now ? new Wait(notBefore, why, act.step()) : act;
    }

    private java.time.Duration cooldownOf(RecoveryAction action) {
        return policy.rungs().stream()
                .filter(r -> r.action() == action)
                .findFirst()
                .map(Rung::cooldown)
                .orElse(java.time.Duration.ZERO);
    }

    /** {@code act} was just taken: its rung advances and its cooldown starts. */
    public RecoveryLadder taken(Act act, long now) {
        Rung r = policy.rungs().get(act.rung());
        boolean rungUsed = act.attempt() >= r.attempts();
        return new RecoveryLadder(
                policy,
                rungUsed ? act.rung() + 1 : act.rung(),
                rungUsed ? 0 : act.attempt(),
                now + r.cooldown().toNanos(),
                act.action(),
                act.action() == RecoveryAction.USB_POWER_CYCLE ? now : lastPowerCycle,
                pausedUntil,
                pauses);
    }

    /** Every rung was tried ({@link Exhausted}): nothing before {@code until}; the next pause is longer. */
    public RecoveryLadder paused(long until) {
        return new RecoveryLadder(
                policy, rung, attemptsOnRung, cooldownUntil, lastTaken, lastPowerCycle, until, pauses + 1);
    }

    /**
     * The link is up and verified: whatever was wrong is over. A pause ends (the next fault starts a round
     * from the bottom) and the pauses start again from the shortest. The rung position stays until the
     * link is stable ({@link #reset}), so a flapping link still climbs.
     */
    public RecoveryLadder linkVerified() {
        if (pausedUntil != NONE) {
            return newRound(0);
        }
        return pauses == 0
                ? this
                : new RecoveryLadder(policy, rung, attemptsOnRung, cooldownUntil, lastTaken, lastPowerCycle, NONE, 0);
    }

    /** A power cycle happened outside the ladder (an admin asked): it still counts for the spacing. */
    public RecoveryLadder powerCycled(long now) {
        return new RecoveryLadder(policy, rung, attemptsOnRung, cooldownUntil, lastTaken, now, pausedUntil, pauses);
    }

    /**
     * The rung of {@code action} cannot act (reboot refused by its guard, power switch failed): move past
     * it. Nothing changes when the ladder is already past that rung.
     */
    public RecoveryLadder skipRungOf(RecoveryAction action) {
        for (int i = rung; i < policy.rungs().size(); i++) {
            if (policy.rungs().get(i).action() == action) {
                return new RecoveryLadder(
                        policy, i + 1, 0, cooldownUntil, lastTaken, lastPowerCycle, pausedUntil, pauses);
            }
        }
        return this;
    }

    /** The link has been up and verified long enough: start again from the bottom next time. */
    public RecoveryLadder reset() {
        return newRound(0);
    }

    /** A short description for status: "idle", "redial 1/2", "top", "exhausted" (pausing). */
    public String level() {
        if (pausedUntil != NONE) {
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
        return rung == 0 && attemptsOnRung == 0 && cooldownUntil == NONE && pausedUntil == NONE;
    }
}
