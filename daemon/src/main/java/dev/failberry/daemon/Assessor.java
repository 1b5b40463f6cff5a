package dev.failberry.daemon;

import dev.failberry.daemon.Facts.Link;
import dev.failberry.daemon.RecoveryLadder.Act;
import dev.failberry.daemon.RecoveryLadder.Decision;
import dev.failberry.daemon.RecoveryLadder.Exhausted;
import dev.failberry.daemon.RecoveryLadder.Fault;
import dev.failberry.daemon.RecoveryLadder.Step;
import dev.failberry.daemon.RecoveryLadder.Wait;
import dev.failberry.modem.ModemStatus.Condition;
import java.time.Duration;

/**
 * The supervisor's judgement as pure functions: facts -> fault -> action ({@link #assess}) and facts ->
 * daemon state ({@link #state}). No threads, no scheduler, no capabilities: the {@link Controller}
 * feeds it the facts and the ladder and carries out what it says, and the tests table it.
 */
final class Assessor {
    /** What the assessment says at one moment. */
    record Assessment(
            /* the facts after the assessment's own decision to dial */
            Facts facts,
            /* dial now: the modem is registered and the link is not wanted yet */
            boolean dial,
            /* the ladder as of now (a pause that ended, a reset after a stable link, a new pause) */
            RecoveryLadder ladder,
            boolean ladderReset,
            /* what is wrong (null: nothing) and how to say it */
            Fault fault,
            String faultText,
            /* what the ladder says now; null while there is no fault or its grace runs */
            Decision decision,
            /* why nothing is done now, for the state reason (null: nothing to explain) */
            String waiting,
            /* the ladder's next step for this fault and when it comes (null: no fault, or nothing can help) */
            Next next,
            /* when the assessment may change without a new event ({@link Long#MAX_VALUE}: never) */
            long lookAgainAt) {}

    /** The ladder's next step, when it comes (monotonic nanos) if nothing changes, and why not sooner. */
    record Next(Step step, long at, String why) {}

    /** The daemon state the facts call for, with its reason. */
    record Target(DaemonState state, String reason) {}

    private final Controller.Settings settings;
    private final RecoveryPolicy policy;

    Assessor(Controller.Settings settings, RecoveryPolicy policy) {
        this.settings = settings;
        this.policy = policy;
    }

    Assessment assess(Facts facts, RecoveryLadder ladderBefore, long now) {
        RecoveryLadder ladder = ladderBefore.at(now);
        long look = Long.MAX_VALUE;
        Condition c = facts.condition();
        boolean dial = c == Condition.REGISTERED && !facts.dialWanted() && !facts.powerCycleInFlight();
        Facts f = dial ? facts.dialling(now) : facts;

        boolean reset = false;
        if (f.link() == Link.UP_VERIFIED) {
            ladder = ladder.linkVerified();
        }
        if (f.link() == Link.UP_VERIFIED && !ladder.idle()) {
            long stableAt = f.linkSince() + policy.stableTime().toNanos();
            if (now >= stableAt) {
                ladder = ladder.reset();
                reset = true;
            } else {
                look = stableAt;
            }
        }

        Fault fault = null;
        long since = 0;
        Duration grace = Duration.ZERO;
        String waiting = null;
        if (f.powerCycleInFlight()) {
            waiting = "USB power cycle in progress";
        } else if (c.silent()) {
            if (c == Condition.ABSENT && now < f.expectAbsenceUntil()) {
                waiting = "waiting for the modem to appear";
                look = Math.min(look, f.expectAbsenceUntil());
            } else {
                fault = Fault.MODEM_SILENT;
                since = f.modemSince();
            }
        } else if (c == Condition.NO_SIM || c == Condition.SIM_BUSY) {
            fault = Fault.SIM_FAULT;
            since = f.modemSince();
            grace = c == Condition.NO_SIM ? policy.downGrace() : settings.simBusyTimeout();
        } else if ((c == Condition.SEARCHING || c == Condition.DENIED) && !carriesTraffic(f)) {
            fault = Fault.NOT_REGISTERED;
            since = f.modemSince();
            grace = c == Condition.DENIED ? policy.downGrace() : settings.registrationTimeout();
        } else if (c == Condition.REGISTERED && f.link() != Link.UP_VERIFIED) {
            fault = f.link() == Link.DEGRADED ? Fault.LINK_DEGRADED : Fault.LINK_DOWN;
            since = f.linkSince();
            grace = policy.downGrace();
        }

        Decision decision = null;
        Next next = null;
        if (fault != null) {
            long due = since + grace.toNanos();
            if (now < due) {
                look = Math.min(look, due);
                next = next(
                        ladder.at(due),
                        fault,
                        ladder.at(due).decide(fault, due),
                        due,
                        "if it lasts its grace of " + RecoveryPolicy.human(grace));
            } else if (f.powerCycleUnreported()) {
                // the stick answers again; the switch's report comes before any further action
                waiting = "waiting for the power switch to report";
            } else {
                decision = ladder.decide(fault, now);
                if (decision instanceof Wait w) {
                    waiting = w.why();
                    look = Math.min(look, w.until());
                } else if (decision instanceof Exhausted e) {
                    ladder = ladder.paused(e.until());
                    waiting = e.why();
                    look = Math.min(look, e.until());
                }
                next = next(ladder, fault, decision, now, "now");
            }
        }
        return new Assessment(
                f,
                dial,
                ladder,
                reset,
                fault,
                fault == null ? null : describe(fault, f, now),
                decision,
                waiting,
                next,
                look);
    }

    /** What {@code d} (the ladder's answer at {@code at}) means as the next step. */
    private static Next next(RecoveryLadder ladder, Fault fault, Decision d, long at, String why) {
        if (d instanceof Act a) {
            return new Next(a.step(), at, why);
        }
        if (d instanceof Wait w) {
            return w.next() == null ? null : new Next(w.next(), w.until(), w.why());
        }
        Exhausted e = (Exhausted) d;
        Decision after = ladder.paused(e.until()).at(e.until()).decide(fault, e.until());
        if (after instanceof Act a) {
            return new Next(a.step(), e.until(), e.why());
        }
        return after instanceof Wait w && w.next() != null
                ? new Next(w.next(), w.until(), e.why() + "; then " + w.why())
                : null;
    }

    /**
     * pppd is up and the probes pass: a registration report saying otherwise (some sticks report
     * "searching" for a moment while data flows) does not outweigh traffic that is verified to flow.
     */
    private static boolean carriesTraffic(Facts f) {
        return f.link() == Link.UP_VERIFIED;
    }

    static String describe(Fault fault, Facts f, long now) {
        String detail = f.modem().detail();
        String lastDown = f.lastLinkDown() == null ? "" : ": " + f.lastLinkDown();
        long seconds = (now - f.linkSince()) / 1_000_000_000L;
        return switch (fault) {
            case MODEM_SILENT -> "modem " + f.condition().name().toLowerCase() + ": " + detail;
            case SIM_FAULT -> "SIM problem: " + detail;
            case NOT_REGISTERED -> "not registered: " + detail;
            case LINK_DOWN -> "link down for " + seconds + " s" + lastDown;
            case LINK_DEGRADED -> "link degraded for " + seconds + " s" + lastDown;
        };
    }

    /** What starting {@code action} means for the facts (the capabilities report the rest). */
    Facts afterAction(Facts f, RecoveryAction action, long now) {
        Facts after = f.withLastAction(action.label());
        return switch (action) {
            case REDIAL, REBOOT -> after;
            case MODEM_RESET ->
                after.hungUp(now)
                        .expectingAbsenceUntil(now + settings.waitForModem().toNanos());
            case USB_POWER_CYCLE ->
                after.hungUp(now)
                        .cycleStarted()
                        .expectingAbsenceUntil(now
                                + settings.usbOffTime()
                                        .plus(settings.waitForModem())
                                        .toNanos());
        };
    }

    /** The state the facts call for; {@code waiting} (from {@link #assess}) explains a silent modem. */
    Target state(Facts f, long now, String waiting) {
        Condition c = f.condition();
        String detail = f.modem().detail();
        if (f.powerCycleInFlight()) {
            return new Target(DaemonState.RECOVERING, "USB power cycle in progress");
        }
        if (c == Condition.HUNG || c == Condition.GONE) {
            return new Target(
                    DaemonState.RECOVERING,
                    "modem " + c.name().toLowerCase() + ": " + detail + (waiting == null ? "" : "; " + waiting));
        }
        if (c == Condition.ABSENT) {
            boolean afterAction = f.lastAction() != null && now < f.expectAbsenceUntil();
            return afterAction
                    ? new Target(DaemonState.RECOVERING, "waiting for the modem to return after " + f.lastAction())
                    : new Target(DaemonState.MODEM_INIT, "waiting for the modem: " + detail);
        }
        if (c == Condition.INITIALIZING
                || c == Condition.PORT_BUSY
                || c == Condition.NO_SIM
                || c == Condition.SIM_LOCKED
                || c == Condition.SIM_BUSY) {
            return new Target(DaemonState.MODEM_INIT, detail);
        }
        if ((c == Condition.SEARCHING || c == Condition.DENIED) && !carriesTraffic(f)) {
            return new Target(DaemonState.REGISTERING, detail);
        }
        return switch (f.link()) {
            case UP_VERIFIED ->
                new Target(
                        DaemonState.CONNECTED,
                        settings.verificationEnabled() ? "link up, traffic verified" : "link up");
            case DEGRADED ->
                new Target(DaemonState.DEGRADED, f.lastLinkDown() == null ? "probes failing" : f.lastLinkDown());
            case UP_UNVERIFIED -> new Target(DaemonState.DIALING, "link up, verifying traffic");
            case IDLE, DIALING ->
                new Target(
                        DaemonState.DIALING,
                        f.lastLinkDown() == null ? "dialling" : "redialling after: " + f.lastLinkDown());
        };
    }
}
