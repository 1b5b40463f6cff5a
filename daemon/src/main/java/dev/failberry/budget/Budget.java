package dev.failberry.budget;

import dev.failberry.budget.BudgetState.Override;
import dev.failberry.config.FailberryConfig.CapAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The data budget's decisions, as pure functions of the remembered {@link BudgetState}, the rules from
 * the configuration and what the counter reports: when the warning and the cap are reached, when the
 * link is blocked for LAN traffic, when a new period lifts it, and what an admin's lift or block does.
 * The caller persists the new state when it changed, carries out the block and emits the events.
 *
 * <p>The rules, in order:
 * <ol>
 * <li>A later period start than the state's (the calendar moved on; the wall clock is trusted only
 *     forwards, see {@code DataUsage}) starts over: no warning, no cap, no admin override.</li>
 * <li>A period start that is unknown (the clock is not plausible yet, e.g. at boot without RTC) or earlier
 *     than the state's (the clock jumped back) changes nothing: a block stays.</li>
 * <li>Crossing {@code warn-percent} gives a warning once; crossing the cap gives the cap event once and
 *     latches {@code capped}, so a counter that restarts lower never lifts the block by itself; only a
 *     raised cap re-opens it.</li>
 * <li>Blocked = an admin's block, or (no admin lift and) capped with {@code cap-action = block}.</li>
 * </ol>
 */
public final class Budget {
    private Budget() {}

    /** What the configuration says: the cap (null: none), the warning share and the action at the cap. */
    public record Rules(Long capBytes, int warnPercent, CapAction action) {}

    public enum Kind {
        /** usage reached warn-percent of the cap */
        WARNING,
        /** usage reached the cap */
        CAP,
        /** LAN forwarding over the link stops */
        BLOCK_ON,
        /** LAN forwarding over the link resumes */
        BLOCK_OFF,
        /** a new billing period began */
        PERIOD
    }

    /** Something to tell: a log line, an event, a firewall change. */
    public record Event(Kind kind, String reason) {}

    /** The new state and what happened; {@code changed} when the state must be saved. */
    public record Decision(BudgetState state, List<Event> events, boolean changed) {
        public Decision {
            events = List.copyOf(events);
        }

        public boolean has(Kind kind) {
            return events.stream().anyMatch(e -> e.kind() == kind);
        }
    }

    /** Whether LAN traffic may not use the link in {@code s}. */
    public static boolean blocked(BudgetState s, Rules rules) {
        return switch (s.override()) {
            case BLOCKED -> true;
            case LIFTED -> false;
            case NONE -> s.capped() && rules.action() == CapAction.BLOCK && rules.capBytes() != null;
        };
    }

    /**
     * A new sample: {@code periodStart} is the counter's period (null while the clock is not plausible),
     * {@code used} its bytes in that period.
     */
    public static Decision assess(BudgetState before, Rules rules, Instant periodStart, long used) {
        List<Event> events = new ArrayList<>();
        BudgetState s = before;
        boolean wasBlocked = blocked(before, rules);
        if (periodStart != null) {
            if (s.period() == null) {
                s = s.withPeriod(periodStart);
            } else if (periodStart.isAfter(s.period())) {
                s = BudgetState.fresh(periodStart);
                events.add(new Event(Kind.PERIOD, "a new billing period began on " + periodStart));
            }
        }
        Long cap = rules.capBytes();
        if (cap != null) {
            if (s.capped() && cap > s.cappedAtCap() && used < cap) {
                s = s.uncapped();
            }
            if (!s.capped() && used >= cap) {
                s = s.withCapped(cap);
                events.add(
                        new Event(Kind.CAP, "mobile data cap reached: " + used + " of " + cap + " bytes this period"));
            } else if (!s.warned() && !s.capped() && used * 100 >= cap * (long) rules.warnPercent()) {
                s = s.withWarned();
                events.add(new Event(
                        Kind.WARNING,
                        "mobile data at " + used * 100 / cap + " % of the cap: " + used + " of " + cap
                                + " bytes this period"));
            }
        }
        boolean nowBlocked = blocked(s, rules);
        if (nowBlocked && !wasBlocked) {
            events.add(new Event(Kind.BLOCK_ON, "the cap of " + cap + " bytes is reached (cap-action = block)"));
        } else if (!nowBlocked && wasBlocked) {
            events.add(new Event(
                    Kind.BLOCK_OFF,
                    events.stream().anyMatch(e -> e.kind() == Kind.PERIOD)
                            ? "a new billing period began"
                            : "the cap was raised to " + cap + " bytes"));
        }
        return new Decision(s, events, !s.equals(before));
    }

    /** {@code failberry data lift}: no block for the rest of the period. */
    public static Decision lift(BudgetState before, Rules rules) {
        return override(before, rules, Override.LIFTED, "lifted by an admin for the rest of the period");
    }

    /** {@code failberry data block}: blocked for the rest of the period (again), whatever the usage. */
    public static Decision block(BudgetState before, Rules rules) {
        return override(before, rules, Override.BLOCKED, "blocked by an admin for the rest of the period");
    }

    private static Decision override(BudgetState before, Rules rules, Override o, String reason) {
        BudgetState s = before.with(o);
        List<Event> events = new ArrayList<>();
        boolean was = blocked(before, rules);
        boolean now = blocked(s, rules);
        if (now != was) {
            events.add(new Event(now ? Kind.BLOCK_ON : Kind.BLOCK_OFF, reason));
        }
        return new Decision(s, events, !s.equals(before));
    }
}
