package dev.failberry.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.budget.Budget.Decision;
import dev.failberry.budget.Budget.Kind;
import dev.failberry.budget.Budget.Rules;
import dev.failberry.config.FailberryConfig.CapAction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The budget's decisions, sample by sample, as the daemon feeds them. */
class BudgetTest {
    private static final long MB = 1024 * 1024;
    private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant JAN = Instant.parse("2027-01-01T00:00:00Z");
    private static final Rules BLOCK = new Rules(100 * MB, 80, CapAction.BLOCK);
    private static final Rules WARN = new Rules(100 * MB, 80, CapAction.WARN);

    private BudgetState state = BudgetState.fresh(null);

    private Decision sample(Rules rules, Instant period, long used) {
        Decision d = Budget.assess(state, rules, period, used);
        state = d.state();
        return d;
    }

    @Test
    void warnsOnceAtWarnPercentThenCapsOnceAndBlocks() {
        assertThat(sample(BLOCK, DEC, 79 * MB).events()).isEmpty();
        Decision warn = sample(BLOCK, DEC, 80 * MB);
        assertThat(warn.events()).extracting(Budget.Event::kind).containsExactly(Kind.WARNING);
        assertThat(warn.changed()).isTrue();
        assertThat(sample(BLOCK, DEC, 90 * MB).events()).isEmpty();
        assertThat(Budget.blocked(state, BLOCK)).isFalse();
        Decision cap = sample(BLOCK, DEC, 100 * MB);
        assertThat(cap.events()).extracting(Budget.Event::kind).containsExactly(Kind.CAP, Kind.BLOCK_ON);
        assertThat(cap.events().get(0).reason()).contains("104857600 of 104857600 bytes");
        assertThat(Budget.blocked(state, BLOCK)).isTrue();
        Decision again = sample(BLOCK, DEC, 120 * MB);
        assertThat(again.events()).isEmpty();
        assertThat(again.changed()).isFalse();
    }

    @Test
    void aJumpPastTheWarningStraightToTheCapGivesTheCapOnly() {
        assertThat(sample(BLOCK, DEC, 150 * MB).events())
                .extracting(Budget.Event::kind)
                .containsExactly(Kind.CAP, Kind.BLOCK_ON);
        assertThat(state.warned()).isTrue();
    }

    @Test
    void warnOnlyNeverBlocks() {
        assertThat(sample(WARN, DEC, 100 * MB).events())
                .extracting(Budget.Event::kind)
                .containsExactly(Kind.CAP);
        assertThat(Budget.blocked(state, WARN)).isFalse();
        assertThat(state.capped()).isTrue();
    }

    @Test
    void aNewPeriodLiftsTheBlockAndStartsOver() {
        sample(BLOCK, DEC, 100 * MB);
        Decision jan = sample(BLOCK, JAN, 2 * MB);
        assertThat(jan.events()).extracting(Budget.Event::kind).containsExactly(Kind.PERIOD, Kind.BLOCK_OFF);
        assertThat(jan.events().get(1).reason()).isEqualTo("a new billing period began");
        assertThat(state).isEqualTo(BudgetState.fresh(JAN));
        assertThat(Budget.blocked(state, BLOCK)).isFalse();
    }

    @Test
    void aCounterThatGoesBackwardsNeverLiftsTheBlock() {
        // e.g. the usage file was lost or set aside: counting starts again from the interface counters
        sample(BLOCK, DEC, 100 * MB);
        Decision lower = sample(BLOCK, DEC, 3 * MB);
        assertThat(lower.events()).isEmpty();
        assertThat(Budget.blocked(state, BLOCK)).isTrue();
    }

    @Test
    void aClockThatIsNotPlausibleYetOrJumpsBackChangesNothing() {
        sample(BLOCK, DEC, 100 * MB);
        // at boot without RTC the counter has no period yet (clock in 1970)
        Decision boot = sample(BLOCK, null, 0);
        assertThat(boot.events()).isEmpty();
        assertThat(boot.changed()).isFalse();
        // the clock lands in the previous period for a moment (a bad NTP answer)
        Decision back = sample(BLOCK, Instant.parse("2026-11-01T00:00:00Z"), 0);
        assertThat(back.events()).isEmpty();
        assertThat(Budget.blocked(state, BLOCK)).isTrue();
        assertThat(state.period()).isEqualTo(DEC);
    }

    @Test
    void theFirstPlausiblePeriodIsAdoptedWithoutStartingOver() {
        BudgetState blockedBeforeTheClock = new BudgetState(null, true, true, 100 * MB, BudgetState.Override.NONE);
        state = blockedBeforeTheClock;
        Decision d = sample(BLOCK, DEC, 0);
        assertThat(d.events()).isEmpty();
        assertThat(state.period()).isEqualTo(DEC);
        assertThat(Budget.blocked(state, BLOCK)).isTrue();
    }

    @Test
    void aRaisedCapReopensTheLinkALoweredOneDoesNot() {
        sample(BLOCK, DEC, 100 * MB);
        Rules raised = new Rules(200 * MB, 80, CapAction.BLOCK);
        Decision d = sample(raised, DEC, 120 * MB);
        assertThat(d.events()).extracting(Budget.Event::kind).containsExactly(Kind.BLOCK_OFF);
        assertThat(d.events().get(0).reason()).isEqualTo("the cap was raised to 209715200 bytes");
        Rules lowered = new Rules(50 * MB, 80, CapAction.BLOCK);
        assertThat(sample(lowered, DEC, 120 * MB).events())
                .extracting(Budget.Event::kind)
                .containsExactly(Kind.CAP, Kind.BLOCK_ON);
    }

    @Test
    void anAdminLiftHoldsForThePeriodAndABlockPutsItBack() {
        sample(BLOCK, DEC, 100 * MB);
        Decision lift = Budget.lift(state, BLOCK);
        state = lift.state();
        assertThat(lift.events()).extracting(Budget.Event::kind).containsExactly(Kind.BLOCK_OFF);
        assertThat(sample(BLOCK, DEC, 150 * MB).events()).isEmpty();
        assertThat(Budget.blocked(state, BLOCK)).isFalse();

        Decision block = Budget.block(state, BLOCK);
        state = block.state();
        assertThat(block.events()).extracting(Budget.Event::kind).containsExactly(Kind.BLOCK_ON);
        assertThat(Budget.blocked(state, BLOCK)).isTrue();
        // blocking twice: nothing new
        assertThat(Budget.block(state, BLOCK).events()).isEmpty();

        // an admin's block holds even under the cap and with cap-action = warn, until the period ends
        BudgetState fresh = BudgetState.fresh(DEC);
        assertThat(Budget.blocked(Budget.block(fresh, WARN).state(), WARN)).isTrue();
        state = Budget.block(fresh, WARN).state();
        assertThat(sample(WARN, JAN, 0).events())
                .extracting(Budget.Event::kind)
                .containsExactly(Kind.PERIOD, Kind.BLOCK_OFF);
    }

    @Test
    void noCapNoDecisions() {
        Rules none = new Rules(null, 80, CapAction.BLOCK);
        assertThat(sample(none, DEC, 900 * MB).events()).isEmpty();
        assertThat(Budget.blocked(state, none)).isFalse();
    }
}
