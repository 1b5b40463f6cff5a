package dev.failberry.soak;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Controller;
import dev.failberry.daemon.DaemonState;
import dev.failberry.daemon.RebootGuard;
import dev.failberry.daemon.RecoveryAction;
import dev.failberry.daemon.RecoveryPolicy;
import dev.failberry.daemon.Supervisor;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.persist.AtomicFile;
import dev.failberry.soak.SoakWorld.Registration;
import dev.failberry.soak.SoakWorld.Taken;
import dev.failberry.time.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Soak in virtual time: the real {@link Controller} (ladder, reboot guard, state machine) against the
 * in-memory hardware of {@link SoakWorld}, with seeded random faults for {@code failberry.soak.days}
 * simulated days (default 30) per seed, then a quiet period in which the hardware behaves. Asserts that
 * the link is up at the end, that each escalation started with the right action for what the
 * controller could see (a link problem with a registered modem: redial; a silent modem: power cycle;
 * no registration or SIM trouble: modem reset), that no action broke the policy's limits, that nothing
 * threw or logged an error with a stack trace, and that the persisted reboot guard agrees with what
 * happened.
 *
 * <p>And that no outage lasts longer than the policy allows ({@link OutageMeter}: the time from the last
 * disturbance, a fault injected or a moment in which the world blocked recovery, to CONNECTED again):
 * <ul>
 * <li>an outage in which nothing ever blocked recovery ends within {@code max(min-power-cycle-interval,
 *     cooldown of the last rung + top-pause) + 2 min}: the link was verified before it, so the pauses start
 *     from the shortest; a stick that needs a power cycle waits at most for the spacing after the previous
 *     one, or for the last rung's cooldown and the first pause; 2 min covers what follows the decisive
 *     action in this world (hang detection 39 s, power back 43 s, init and registration 6 s, dial 8 s,
 *     verification 3 s). Defaults: 12 min, or 17 min with reboots enabled (10 min cooldown);</li>
 * <li>any outage ends within {@code cooldown of the last rung + top-pause-max + 2 min} of its last
 *     disturbance: while recovery was blocked the pauses may have grown to their cap, so one may have just
 *     started. Defaults: 64 min, or 72 min with reboots enabled.</li>
 * </ul>
 *
 * <p>CI runs 4 seeds x 30 days in about 15 s (2 shared cores). More:
 * {@code mvn -B -q test -Dtest=ControllerSoakTest -Dfailberry.soak.days=365 -Dfailberry.soak.seeds=20}.
 */
class ControllerSoakTest {
    private static final int DAYS = Integer.getInteger("failberry.soak.days", 30);
    private static final int SEEDS = Integer.getInteger("failberry.soak.seeds", 4);
    /** What follows the decisive action in this world until the link is verified (see the class comment). */
    private static final Duration AFTER_ACTION = Duration.ofMinutes(2);

    private static final Duration QUIET = Duration.ofHours(3);
    /** How often the soak looks whether the world blocks recovery. */
    private static final Duration SAMPLE = Duration.ofSeconds(5);

    enum FaultKind {
        HANG(3),
        VANISH_RETURNS(2),
        VANISH_STAYS(1),
        PPPD_DIES(3),
        LINK_FAULT(2),
        DEGRADED(2),
        SEARCHING(2),
        DENIED(1),
        MODEM_REBOOTS_SIM_BUSY(1),
        SWITCH_BROKEN(1),
        NEVER_BACK_AFTER_CYCLE(1),
        WALL_CLOCK_JUMP(1);

        final int weight;

        FaultKind(int weight) {
            this.weight = weight;
        }
    }

    static Stream<Arguments> seeds() {
        // every third seed runs with reboots enabled (max 2 a day)
        return LongStream.rangeClosed(1, SEEDS).mapToObj(s -> Arguments.of(s, s % 3 == 0));
    }

    @ParameterizedTest(name = "seed {0}, reboot enabled {1}")
    @MethodSource("seeds")
    void randomFaultsForDaysNeverWedgeTheLinkOrBreakThePolicy(long seed, boolean rebootEnabled) throws Exception {
        Path state = Files.createTempDirectory("failberry-soak-");
        var rig = new SoakRig(
                rebootEnabled ? "failberry.recovery.reboot { enabled = true, max-per-day = 2 }" : "", seed, state);
        FailberryConfig config = rig.config;
        var recovery = config.recovery();
        VirtualTime time = rig.time;
        Random random = rig.random;
        Supervisor supervisor = rig.supervisor;
        SoakWorld world = rig.world;
        List<Instant> rebootCalls = rig.rebootCalls;
        RebootGuard guard = rig.guard;

        Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
        var meter = new OutageMeter();
        supervisor.onTransition(to -> meter.state(to, time.nanoTime()));
        time.scheduleEvery(SAMPLE, SAMPLE, () -> {
            if (world.blocked()) {
                meter.disturbed(time.nanoTime(), true);
            }
        });
        try (var logs = new Problems()) {
            rig.start();
            long end = Duration.ofDays(DAYS).toNanos();
            scheduleFaults(time, random, world, end, injected, meter);
            while (time.nanoTime() < end) {
                time.advance(Duration.ofMinutes(1));
            }
            world.healEverything();
            time.advance(QUIET);

            String summary = "seed " + seed + ": faults " + injected + ", actions " + count(world.actions)
                    + ", DNS publishes " + world.dnsPublished.size() + ", " + meter.outages.size()
                    + " outages, longest "
                    + "recovery after the last disturbance: " + meter.longestRecovery() + "; without any blocking: "
                    + meter.longestUnblockedRecovery();
            System.out.println("SOAK " + summary);

            // the link is up at the end
            assertThat(supervisor.state()).as(summary).isEqualTo(DaemonState.CONNECTED);
            assertThat(world.linkUp && !world.hung && world.present).as(summary).isTrue();
            assertThat(supervisor.snapshot().healthy()).isTrue();

            // nothing the world noticed as wrong (redial to a silent modem, reset to a hung one, overlapping
            // power cycles, DNS publishes while down)
            assertThat(world.violations).as(summary).isEmpty();
            assertRightFirstActions(world.actions, summary);
            assertPolicyLimits(world.actions, recovery, rebootEnabled, summary);

            // no unhandled exception, no refused transition
            assertThat(logs.problems).as(summary).isEmpty();
            assertThat(supervisor.refusedTransitions()).as(summary).isZero();

            // the status counters are the actions taken
            var view = supervisor.snapshot().recovery();
            Map<RecoveryAction, Long> counts = count(world.actions);
            assertThat(view.redials())
                    .isEqualTo(counts.getOrDefault(RecoveryAction.REDIAL, 0L).intValue());
            assertThat(view.modemResets())
                    .isEqualTo(
                            counts.getOrDefault(RecoveryAction.MODEM_RESET, 0L).intValue());
            assertThat(view.usbPowerCycles())
                    .isEqualTo(counts.getOrDefault(RecoveryAction.USB_POWER_CYCLE, 0L)
                            .intValue());
            assertThat(view.reboots()).isEqualTo(rebootCalls.size());
            // hangs happened and were cured by power cycles, never by anything softer
            assertThat(injected.getOrDefault(FaultKind.HANG, 0)).isPositive();
            assertThat(world.cyclesSwitched).isPositive();

            assertRebootGuardFile(state, recovery, rebootCalls, time, guard);
            assertOutagesWithinTheBounds(meter, RecoveryPolicy.from(config, true), summary);
        }
    }

    private static void scheduleFaults(
            VirtualTime time,
            Random random,
            SoakWorld w,
            long end,
            Map<FaultKind, Integer> injected,
            OutageMeter meter) {
        int total = 0;
        for (FaultKind k : FaultKind.values()) {
            total += k.weight;
        }
        long at = 0;
        while (true) {
            at += (long)
                    (-Math.log(1 - random.nextDouble()) * Duration.ofMinutes(25).toNanos());
            if (at >= end) {
                return;
            }
            int pick = random.nextInt(total);
            FaultKind kind = null;
            for (FaultKind k : FaultKind.values()) {
                pick -= k.weight;
                if (pick < 0) {
                    kind = k;
                    break;
                }
            }
            FaultKind f = kind;
            Duration d = Duration.ofSeconds(30 + random.nextInt(20 * 60));
            long seedForFault = random.nextLong();
            time.schedule(Duration.ofNanos(at - time.nanoTime()), () -> {
                injected.merge(f, 1, Integer::sum);
                meter.disturbed(time.nanoTime(), false);
                inject(f, d, new Random(seedForFault), time, w);
            });
        }
    }

    private static void inject(FaultKind f, Duration d, Random r, VirtualTime time, SoakWorld w) {
        switch (f) {
            case HANG -> w.hang();
            case VANISH_RETURNS -> w.vanish(true, Duration.ofSeconds(5 + r.nextInt(120)));
            case VANISH_STAYS -> w.vanish(false, Duration.ZERO);
            case PPPD_DIES -> w.pppdDies();
            case LINK_FAULT -> {
                w.linkFault = true;
                w.pppdDies();
                time.schedule(d, () -> w.linkFault = false);
            }
            case DEGRADED -> {
                w.setDegraded(true);
                time.schedule(d, () -> w.setDegraded(false));
            }
            case SEARCHING, DENIED -> {
                w.setRegistration(f == FaultKind.SEARCHING ? Registration.SEARCHING : Registration.DENIED);
                time.schedule(d, () -> w.setRegistration(Registration.HOME));
            }
            case MODEM_REBOOTS_SIM_BUSY -> {
                w.simBusyUntil = time.nanoTime()
                        + Duration.ofSeconds(10 + r.nextInt(140)).toNanos();
                w.vanish(true, Duration.ofSeconds(5 + r.nextInt(10)));
            }
            case SWITCH_BROKEN -> {
                w.switchBroken = true;
                time.schedule(d.multipliedBy(3), () -> w.switchBroken = false);
            }
            case NEVER_BACK_AFTER_CYCLE -> {
                w.returnsAfterPowerCycle = false;
                w.hang();
                time.schedule(d.multipliedBy(4), () -> w.returnsAfterPowerCycle = true);
            }
            case WALL_CLOCK_JUMP ->
                time.jumpWallClock(Duration.ofMinutes((r.nextBoolean() ? 1 : -1) * (60 + r.nextInt(11 * 60))));
        }
    }

    /** The first action of an escalation (ladder idle before it) must fit what the controller saw. */
    private static void assertRightFirstActions(List<Taken> actions, String summary) {
        for (Taken t : actions) {
            assertThat(t.powerCycleInFlight())
                    .as("%s: %s while a power cycle was in flight", summary, t)
                    .isFalse();
            if (!t.levelBefore().equals("idle")) {
                continue;
            }
            RecoveryAction expected;
            if (t.modemSeen() == Condition.REGISTERED) {
                expected = RecoveryAction.REDIAL;
            } else if (t.modemSeen().silent()) {
                expected = RecoveryAction.USB_POWER_CYCLE;
            } else {
                expected = RecoveryAction.MODEM_RESET;
            }
            assertThat(t.action())
                    .as("%s: first action with the modem %s at %ds", summary, t.modemSeen(), t.nanos() / 1_000_000_000L)
                    .isEqualTo(expected);
        }
    }

    private static void assertPolicyLimits(
            List<Taken> actions, FailberryConfig.Recovery recovery, boolean rebootEnabled, String summary) {
        List<Long> cycles = actions.stream()
                .filter(t -> t.action() == RecoveryAction.USB_POWER_CYCLE)
                .map(Taken::nanos)
                .toList();
        for (int i = 1; i < cycles.size(); i++) {
            assertThat(Duration.ofNanos(cycles.get(i) - cycles.get(i - 1)))
                    .as("%s: power cycles %d and %d", summary, i, i + 1)
                    .isGreaterThanOrEqualTo(recovery.minPowerCycleInterval());
        }
        List<Taken> reboots = actions.stream()
                .filter(t -> t.action() == RecoveryAction.REBOOT)
                .toList();
        if (!rebootEnabled) {
            assertThat(reboots).as(summary).isEmpty();
            return;
        }
        for (Taken t : reboots) {
            assertThat(t.hostUptime())
                    .as("%s: reboot at host uptime", summary)
                    .isGreaterThanOrEqualTo(recovery.reboot().minUptime());
        }
        // at most max-per-day in any 24 h of the guard's (wall) clock
        List<Instant> walls = new ArrayList<>(reboots.stream().map(Taken::wall).toList());
        Collections.sort(walls);
        for (int i = 0; i < walls.size(); i++) {
            Instant from = walls.get(i);
            long within = walls.stream()
                    .filter(w -> !w.isBefore(from) && w.isBefore(from.plus(Duration.ofHours(24))))
                    .count();
            assertThat(within)
                    .as("%s: reboots in the 24 h from %s", summary, from)
                    .isLessThanOrEqualTo(recovery.reboot().maxPerDay());
        }
    }

    private static void assertOutagesWithinTheBounds(OutageMeter meter, RecoveryPolicy policy, String summary) {
        Duration lastCooldown = policy.rungs().get(policy.rungs().size() - 1).cooldown();
        Duration unblocked = max(policy.minPowerCycleInterval(), lastCooldown.plus(policy.topPause()))
                .plus(AFTER_ACTION);
        Duration any = lastCooldown.plus(policy.topPauseMax()).plus(AFTER_ACTION);
        assertThat(meter.outages).as(summary).isNotEmpty();
        for (OutageMeter.Outage o : meter.outages) {
            assertThat(o.recovery()).as("%s: %s", summary, o).isLessThanOrEqualTo(o.blocked() ? any : unblocked);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) > 0 ? a : b;
    }

    private static void assertRebootGuardFile(
            Path state,
            FailberryConfig.Recovery recovery,
            List<Instant> rebootCalls,
            VirtualTime time,
            RebootGuard live)
            throws Exception {
        Optional<Properties> saved = AtomicFile.readProperties(state.resolve("reboot-guard.properties"));
        if (rebootCalls.isEmpty()) {
            assertThat(saved).isEmpty();
            return;
        }
        Properties p = saved.orElseThrow();
        List<Instant> recorded = Stream.of(p.getProperty("reboots").split(","))
                .map(String::trim)
                .map(Instant::parse)
                .toList();
        assertThat(rebootCalls).containsAll(recorded);
        assertThat(recorded).contains(rebootCalls.get(rebootCalls.size() - 1));
        assertThat(Instant.parse(p.getProperty("last-time"))).isEqualTo(rebootCalls.get(rebootCalls.size() - 1));
        // a restarted daemon reads the same guard
        var again = new RebootGuard(recovery.reboot(), state, time::now, () -> Optional.of(Duration.ofDays(1)));
        assertThat(again.lastReboot()).isEqualTo(live.lastReboot());
        assertThat(again.rebootsLast24h()).isEqualTo(live.rebootsLast24h());
    }

    private static Map<RecoveryAction, Long> count(List<Taken> actions) {
        Map<RecoveryAction, Long> m = new EnumMap<>(RecoveryAction.class);
        actions.forEach(t -> m.merge(t.action(), 1L, Long::sum));
        return m;
    }

    /**
     * Collects ERROR events and any event with a throwable from every logger, and quietens the daemon's
     * own INFO lines for the run (a simulated day is thousands of them).
     */
    private static final class Problems extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Logger daemon = (Logger) LoggerFactory.getLogger("dev.failberry");
        private final Level before = daemon.getLevel();

        Problems() {
            setContext(root.getLoggerContext());
            start();
            root.addAppender(this);
            daemon.setLevel(Level.WARN);
        }

        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR)
                    || e.getThrowableProxy() != null
                    || e.getFormattedMessage().contains("internal error")) {
                problems.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage());
            }
        }

        @Override
        public void close() {
            root.detachAppender(this);
            daemon.setLevel(before);
            stop();
        }
    }
}
