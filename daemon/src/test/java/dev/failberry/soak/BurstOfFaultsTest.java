package dev.failberry.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.daemon.DaemonState;
import dev.failberry.daemon.RecoveryAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 3, in virtual time: the burst that left a hung stick alone for an hour. Reproduced with
 * the demo as hang at 0 s, drop-carrier at 240 s and 481 s, hang at 621 s and 701 s: the faults are less
 * than stable-time apart, so the ladder never resets; the two power cycles are used by the first and the
 * fourth fault, and the fifth used to get "every recovery action was tried; next round in 60 min".
 * A power cycle must come again as soon as its own spacing allows.
 */
class BurstOfFaultsTest {
    @TempDir
    Path state;

    @Test
    void aHungStickAfterABurstIsPowerCycledAsSoonAsTheSpacingAllows() throws Exception {
        var rig = new SoakRig("", 7, state);
        var world = rig.world;
        rig.start();
        while (rig.supervisor.state() != DaemonState.CONNECTED) {
            rig.time.advance(Duration.ofSeconds(1));
        }
        long t0 = rig.time.nanoTime();
        at(rig, t0, 0, world::hang);
        at(rig, t0, 240, world::pppdDies);
        at(rig, t0, 481, world::pppdDies);
        at(rig, t0, 621, world::hang);
        at(rig, t0, 701, world::hang);
        assertThat(world.hung)
                .as("the last hang took effect (the stick answered at 701 s)")
                .isTrue();

        long connectedAgain = -1;
        for (int s = 0; s < 3 * 3600 && connectedAgain < 0; s++) {
            rig.time.advance(Duration.ofSeconds(1));
            if (rig.supervisor.state() == DaemonState.CONNECTED && !world.hung) {
                connectedAgain = rig.time.nanoTime();
            }
        }
        List<Long> cycles = world.actions.stream()
                .filter(t -> t.action() == RecoveryAction.USB_POWER_CYCLE)
                .map(t -> t.nanos() - t0)
                .toList();
        assertThat(cycles).as("power cycles (ns after the first fault)").hasSizeGreaterThanOrEqualTo(3);
        long spacing = rig.config.recovery().minPowerCycleInterval().toNanos();
        long hangSeen = seconds(701) + SoakWorld.POLL.plus(SoakWorld.DETECTION).toNanos();
        assertThat(cycles.get(2))
                .as("the third power cycle comes when its spacing allows, not after an hour's pause")
                .isLessThanOrEqualTo(Math.max(cycles.get(1) + spacing, hangSeen) + seconds(1));
        assertThat(connectedAgain - t0)
                .as("connected again within minutes of the last hang")
                .isLessThan(seconds(701) + Duration.ofMinutes(15).toNanos());
    }

    private static void at(SoakRig rig, long t0, long second, Runnable fault) {
        rig.time.advance(Duration.ofNanos(t0 + seconds(second) - rig.time.nanoTime()));
        fault.run();
    }

    private static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }
}
