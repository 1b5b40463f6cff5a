package dev.failberry.budget;

import java.time.Instant;

/**
 * What the budget remembers about the current period, saved on its own (at once, atomically) whenever it
 * changes: a restart, a power cut or a lost usage file never lifts a block.
 *
 * @param period      the start of the period this state belongs to; null until the wall clock was plausible
 * @param warned      the data-warning was given this period
 * @param capped      usage reached the cap this period (latched: a usage counter that restarts lower,
 *                    e.g. after a lost usage file, does not undo it)
 * @param cappedAtCap the cap in force when {@code capped} was set (a cap raised since re-opens the period)
 * @param override    an admin's decision for the rest of the period
 */
public record BudgetState(Instant period, boolean warned, boolean capped, long cappedAtCap, Override override) {

    /** An admin's decision, until the period ends. */
    public enum Override {
        /** none: the cap and cap-action decide */
        NONE,
        /** {@code failberry data lift}: no block this period, whatever the usage */
        LIFTED,
        /** {@code failberry data block}: blocked this period, whatever the usage */
        BLOCKED
    }

    public static BudgetState fresh(Instant period) {
        return new BudgetState(period, false, false, 0, Override.NONE);
    }

    BudgetState withPeriod(Instant p) {
        return new BudgetState(p, warned, capped, cappedAtCap, override);
    }

    BudgetState withWarned() {
        return new BudgetState(period, true, capped, cappedAtCap, override);
    }

    BudgetState withCapped(long cap) {
        return new BudgetState(period, true, true, cap, override);
    }

    BudgetState uncapped() {
        return new BudgetState(period, warned, false, 0, override);
    }

    BudgetState with(Override o) {
        return new BudgetState(period, warned, capped, cappedAtCap, o);
    }
}
