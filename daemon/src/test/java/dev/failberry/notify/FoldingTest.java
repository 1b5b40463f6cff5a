package dev.failberry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.notify.Folding.Folded;
import dev.failberry.notify.Folding.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Folding in monotonic time: pure, every case by hand-made event times. */
class FoldingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T19:00:00Z");
    private final Folding folding = new Folding(Duration.ofSeconds(60));
    private final List<Folded> out = new ArrayList<>();

    private static NotifyEvent ev(EventName name, long seconds, String reason) {
        return new NotifyEvent(name, T0.plusSeconds(seconds), seconds * 1_000_000_000L, "STATE", reason, Map.of());
    }

    private void accept(EventName name, long seconds) {
        out.addAll(folding.accept(ev(name, seconds, name.wire() + "@" + seconds)));
    }

    /** Runs due() at every deadline up to {@code seconds}, as the notifier's timer would. */
    private void runUntil(long seconds) {
        long end = seconds * 1_000_000_000L;
        while (folding.nextDue().isPresent() && folding.nextDue().getAsLong() <= end) {
            out.addAll(folding.due(folding.nextDue().getAsLong()));
        }
        out.addAll(folding.due(end));
    }

    @Test
    void aBlipShorterThanTheHoldDownIsNeverTold() {
        accept(EventName.LINK_DOWN, 0);
        accept(EventName.LINK_UP, 30);
        runUntil(600);
        assertThat(out).isEmpty();
        assertThat(folding.nextDue()).isEmpty();
    }

    @Test
    void anOutageIsToldAfterTheHoldDownWithItsFirstTimeAndReasonAndItsEndWithTheDuration() {
        accept(EventName.LINK_DOWN, 0);
        runUntil(59);
        assertThat(out).isEmpty();
        runUntil(60);
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.role()).isEqualTo(Role.START);
            assertThat(f.event().name()).isEqualTo(EventName.LINK_DOWN);
            assertThat(f.event().time()).isEqualTo(T0);
            assertThat(f.event().reason()).isEqualTo("link-down@0");
            assertThat(f.event().detail())
                    .containsEntry("since", "2026-12-01T19:00:00Z")
                    .containsEntry("drops", 1);
        });
        accept(EventName.LINK_UP, 600);
        runUntil(659);
        assertThat(out).hasSize(1);
        runUntil(660);
        assertThat(out).hasSize(2);
        Folded end = out.get(1);
        assertThat(end.role()).isEqualTo(Role.END);
        assertThat(end.outage()).isEqualTo(out.get(0).outage());
        assertThat(end.event().name()).isEqualTo(EventName.LINK_UP);
        assertThat(end.event().time()).isEqualTo(T0.plusSeconds(600));
        assertThat(end.event().detail())
                .containsEntry("duration_seconds", 600L)
                .containsEntry("down_since", "2026-12-01T19:00:00Z");
        assertThat(folding.nextDue()).isEmpty();
    }

    @Test
    void flappingKeepsOneOutageOpen() {
        for (long t = 0; t < 3600; t += 20) {
            accept(EventName.LINK_DOWN, t);
            runUntil(t + 10);
            accept(EventName.LINK_UP, t + 10);
            runUntil(t + 19);
        }
        runUntil(7200);
        assertThat(out).extracting(Folded::role).containsExactly(Role.START, Role.END);
        assertThat(out.get(0).event().time()).isEqualTo(T0);
        assertThat(out.get(1).event().detail()).containsEntry("drops", 180).containsEntry("duration_seconds", 3590L);
    }

    @Test
    void aStartUpOutageEndsAtTheFirstUpSoADropSoonAfterIsAnOutageOfItsOwn() {
        out.addAll(folding.accept(new NotifyEvent(
                EventName.LINK_DOWN,
                T0,
                0,
                "MODEM_INIT",
                "not connected since the daemon started",
                Map.of(NotifyEvent.SINCE_START, true))));
        accept(EventName.LINK_UP, 10);
        assertThat(folding.nextDue()).as("nothing left open").isEmpty();
        accept(EventName.LINK_DOWN, 50);
        runUntil(200);
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.event().time()).isEqualTo(T0.plusSeconds(50));
            assertThat(f.event().reason()).isEqualTo("link-down@50");
            assertThat(f.event().detail()).containsEntry("drops", 1);
        });
    }

    @Test
    void aStartUpOutageLongerThanTheHoldDownIsToldAndEndsLikeAnyOther() {
        out.addAll(folding.accept(new NotifyEvent(
                EventName.LINK_DOWN,
                T0,
                0,
                "MODEM_INIT",
                "not connected since the daemon started",
                Map.of(NotifyEvent.SINCE_START, true))));
        runUntil(60);
        accept(EventName.LINK_UP, 300);
        runUntil(400);
        assertThat(out).extracting(Folded::role).containsExactly(Role.START, Role.END);
        assertThat(out.get(1).event().detail()).containsEntry("duration_seconds", 300L);
    }

    @Test
    void aDropThatComesBackIsToldAtTheFirstDownAfterTheHoldDown() {
        accept(EventName.LINK_DOWN, 0);
        accept(EventName.LINK_UP, 50);
        runUntil(69);
        accept(EventName.LINK_DOWN, 70);
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.role()).isEqualTo(Role.START);
            assertThat(f.event().time()).isEqualTo(T0);
            assertThat(f.event().detail()).containsEntry("drops", 2);
        });
    }

    @Test
    void recoveriesDuringAnOutageAreFoldedIntoItsEnd() {
        accept(EventName.LINK_DOWN, 0);
        out.addAll(folding.accept(
                ev(EventName.RECOVERY, 20, "redial").with("action", "redial").with("result", "failed")));
        out.addAll(folding.accept(
                ev(EventName.RECOVERY, 40, "redial").with("action", "redial").with("result", "failed")));
        out.addAll(folding.accept(ev(EventName.RECOVERY, 90, "usb")
                .with("action", "usb-power-cycle")
                .with("result", "ok")));
        accept(EventName.LINK_UP, 120);
        runUntil(300);
        assertThat(out).extracting(Folded::role).containsExactly(Role.START, Role.END);
        assertThat(out.get(1).event().detail()).containsEntry("recovery", "redial failed x2, usb-power-cycle ok");
    }

    @Test
    void recoveryOutsideAnOutageAndOtherEventsPassThrough() {
        out.addAll(folding.accept(ev(EventName.RECOVERY, 0, "modem reset after AT timeouts")));
        accept(EventName.STARTED, 1);
        accept(EventName.DATA_WARNING, 2);
        accept(EventName.LINK_UP, 3);
        assertThat(out)
                .extracting(f -> f.event().name())
                .containsExactly(EventName.RECOVERY, EventName.STARTED, EventName.DATA_WARNING);
        assertThat(out).extracting(Folded::role).containsOnly(Role.SINGLE);
    }

    @Test
    void rebootPendingTellsAnOutageStillInItsHoldDown() {
        accept(EventName.WIRED_DOWN, 0);
        accept(EventName.REBOOT_PENDING, 10);
        assertThat(out)
                .extracting(f -> f.event().name())
                .containsExactly(EventName.WIRED_DOWN, EventName.REBOOT_PENDING);
        runUntil(100);
        assertThat(out).hasSize(2);
    }

    @Test
    void wiredAndMobileOutagesAreIndependent() {
        accept(EventName.WIRED_DOWN, 0);
        accept(EventName.LINK_DOWN, 30);
        runUntil(200);
        accept(EventName.WIRED_UP, 200);
        runUntil(400);
        assertThat(out)
                .extracting(f -> f.event().name())
                .containsExactly(EventName.WIRED_DOWN, EventName.LINK_DOWN, EventName.WIRED_UP);
        assertThat(out.get(0).outage()).isNotEqualTo(out.get(1).outage());
    }

    @Test
    void zeroHoldDownTellsEveryChange() {
        Folding eager = new Folding(Duration.ZERO);
        List<Folded> got = new ArrayList<>(eager.accept(ev(EventName.LINK_DOWN, 0, "x")));
        got.addAll(eager.due(0));
        got.addAll(eager.accept(ev(EventName.LINK_UP, 5, "y")));
        got.addAll(eager.due(5_000_000_000L));
        assertThat(got).extracting(Folded::role).containsExactly(Role.START, Role.END);
    }
}
