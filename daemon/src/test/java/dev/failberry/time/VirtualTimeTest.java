package dev.failberry.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
    @Test
    void runsTasksInDueOrderAndMovesTheClockToEach() {
        var t = new VirtualTime();
        List<String> log = new ArrayList<>();
        t.schedule(Duration.ofSeconds(10), () -> log.add("b@" + t.nanoTime() / 1_000_000_000));
        t.schedule(Duration.ofSeconds(5), () -> log.add("a@" + t.nanoTime() / 1_000_000_000));
        t.schedule(Duration.ofSeconds(5), () -> log.add("a2@" + t.nanoTime() / 1_000_000_000));
        t.advance(Duration.ofSeconds(7));
        assertThat(log).containsExactly("a@5", "a2@5");
        t.advance(Duration.ofHours(1));
        assertThat(log).containsExactly("a@5", "a2@5", "b@10");
        assertThat(t.nanoTime()).isEqualTo(Duration.ofSeconds(3607).toNanos());
    }

    @Test
    void cancelledTasksDoNotRunAndRepeatingTasksKeepTheirPeriod() {
        var t = new VirtualTime();
        List<Long> ticks = new ArrayList<>();
        var c = t.schedule(Duration.ofSeconds(1), () -> ticks.add(-1L));
        c.cancel();
        var rep = t.scheduleEvery(
                Duration.ofSeconds(30), Duration.ofSeconds(30), () -> ticks.add(t.nanoTime() / 1_000_000_000));
        t.advance(Duration.ofSeconds(100));
        assertThat(ticks).containsExactly(30L, 60L, 90L);
        rep.cancel();
        t.advance(Duration.ofHours(1));
        assertThat(ticks).hasSize(3);
        assertThat(t.pending()).isZero();
    }

    @Test
    void wallClockCanJumpWithoutMovingMonotonicTime() {
        var t = new VirtualTime();
        long before = t.nanoTime();
        var wall = t.now();
        t.jumpWallClock(Duration.ofDays(-400));
        assertThat(t.nanoTime()).isEqualTo(before);
        assertThat(t.now()).isEqualTo(wall.minus(Duration.ofDays(400)));
    }

    @Test
    void backoffGrowsIsCappedAndJitterStaysInBounds() {
        var b = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0, 0.2);
        assertThat(b.nominal(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.nominal(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(b.nominal(20)).isEqualTo(Duration.ofMinutes(5));
        var rnd = new Random(42);
        for (int i = 0; i < 1000; i++) {
            Duration d = b.delay(2, rnd);
            assertThat(d).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(24));
            assertThat(b.delay(50, rnd)).isLessThanOrEqualTo(Duration.ofMinutes(5));
        }
    }
}
