package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.json.Json;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.testutil.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery ladder driven through the controller, in virtual time, with the default settings. */
class ControllerScenarioTest {
    @TempDir
    Path state;

    @Test
    void healthyStartDialsOnceRegisteredPublishesTheIpAndTurnsHealthy() throws Exception {
        var h = new ControllerHarness("", state);
        try (var log = LogCapture.of(Supervisor.class)) {
            h.connect();
            assertThat(log.messages())
                    .containsExactly(
                            "INFO state STARTING -> MODEM_INIT (opening the modem)",
                            "INFO state MODEM_INIT -> DIALING (dialling)",
                            "INFO state DIALING -> CONNECTED (link up, traffic verified)");
        }
        assertThat(h.calls).containsExactly("0s modem.start", "4s link.dial", "8s dns 203.0.113.7");
        assertThat(h.supervisor.snapshot().healthy()).isTrue();
    }

    @Test
    void crashedStickGoesStraightToThePowerCycleAndRecovers() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        // The monitor reports the hang (3 consecutive AT timeouts) at second 100.
        h.at(100, () -> h.modem(Condition.HUNG, "3 consecutive AT timeouts"));
        assertThat(h.callsFrom(100)).containsExactly("100s link.hangup", "100s power.cycle");
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.RECOVERING);
        assertThat(h.supervisor.snapshot().recovery().usbPowerCycles()).isEqualTo(1);
        assertThat(h.supervisor.snapshot().recovery().redials()).isZero();
        assertThat(h.supervisor.snapshot().recovery().modemResets()).isZero();

        h.advanceTo(110);
        h.finishCycle(true, true);
        assertThat(h.callsFrom(110)).containsExactly("110s modem.start");
        h.at(115, () -> h.modem(Condition.INITIALIZING, "init"));
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.MODEM_INIT);
        h.at(125, () -> h.modem(Condition.REGISTERED, "registered home"));
        h.at(130, () -> h.controller.onLinkUp("203.0.113.9", "203.0.113.9"));
        h.at(132, () -> h.controller.onLinkVerification(true, "ok"));
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.CONNECTED);
        assertThat(h.callsFrom(111)).containsExactly("125s link.dial", "130s dns 203.0.113.9");
        assertThat(h.supervisor.snapshot().recovery().level()).isEqualTo("usb_power_cycle 1/2");
        h.advanceTo(132 + 300);
        assertThat(h.supervisor.snapshot().recovery().level()).isEqualTo("idle");
    }

    @Test
    void linkThatStaysDownClimbsTheLadderWithTheDefaultTimings() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        h.at(50, () -> h.controller.onLinkDown("pppd exit 16: modem hangup"));
        // pppd redials by itself during the 20 s grace; then the ladder: redial x2 (10 s apart),
        // modem reset, then (modem back and registered, link still down) the power cycle.
        h.advanceTo(69);
        assertThat(h.callsFrom(51)).isEmpty();
        h.advanceTo(70);
        assertThat(h.callsFrom(51)).containsExactly("70s link.restart");
        h.advanceTo(80);
        assertThat(h.callsFrom(71)).containsExactly("80s link.restart");
        h.advanceTo(90);
        assertThat(h.callsFrom(81)).containsExactly("90s link.hangup", "90s modem.softReset");
        h.at(92, () -> h.modem(Condition.ABSENT, "port vanished after reset"));
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.RECOVERING);
        h.at(100, () -> h.modem(Condition.INITIALIZING, "init"));
        h.at(105, () -> h.modem(Condition.REGISTERED, "registered home"));
        h.advanceTo(124);
        assertThat(h.callsFrom(91)).containsExactly("105s link.dial");
        h.advanceTo(125);
        assertThat(h.callsFrom(106)).containsExactly("125s link.hangup", "125s power.cycle");
        assertThat(h.supervisor.snapshot().recovery().redials()).isEqualTo(2);
        assertThat(h.supervisor.snapshot().recovery().modemResets()).isEqualTo(1);
        assertThat(h.supervisor.snapshot().recovery().usbPowerCycles()).isEqualTo(1);
    }

    @Test
    void modemThatNeverComesBackRebootsOnlyWhenEnabledAndAllowedAndNeverTwiceWithinTheGuard() throws Exception {
        var h = new ControllerHarness("failberry.recovery.reboot { enabled = true, max-per-day = 1 }", state);
        h.connect();
        h.at(100, () -> h.modem(Condition.GONE, "port vanished"));
        assertThat(h.callsFrom(100)).containsExactly("100s link.hangup", "100s power.cycle");
        h.advanceTo(160);
        h.finishCycle(true, false);
        h.modem(Condition.ABSENT, "no modem on USB");
        // second power cycle waits for the 10 min spacing
        h.advanceTo(699);
        assertThat(h.calls.stream().filter(c -> c.endsWith("power.cycle"))).hasSize(1);
        h.advanceTo(700);
        assertThat(h.calls.stream().filter(c -> c.endsWith("power.cycle"))).hasSize(2);
        h.advanceTo(760);
        h.finishCycle(true, false);
        h.modem(Condition.ABSENT, "no modem on USB");
        // after the second cycle's 2 min cooldown (from 700 s): reboot
        h.advanceTo(819);
        assertThat(h.callsFrom(761)).isEmpty();
        h.advanceTo(820);
        assertThat(h.callsFrom(761)).containsExactly("820s host.reboot");
        assertThat(h.supervisor.snapshot().recovery().reboots()).isEqualTo(1);
        assertThat(h.supervisor.snapshot().recovery().lastRebootReason()).startsWith("modem absent: no modem on USB");

        // The reboot did not happen (or the daemon was restarted): a day of absence never reboots again.
        h.advanceTo(820 + 6 * 3600);
        assertThat(h.calls.stream().filter(c -> c.endsWith("host.reboot"))).hasSize(1);

        // and the guard survives a daemon restart
        var again = new RebootGuard(
                h.config.recovery().reboot(), state, h.time::now, () -> java.util.Optional.of(Duration.ofDays(1)));
        assertThat(again.check().allowed()).isFalse();
        assertThat(again.check().reason()).isEqualTo("1 reboots in the last 24 h (maximum 1)");
    }

    @Test
    void rebootDisabledByDefaultNeverRebootsAndTheLadderPausesInsteadOfLooping() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        h.at(100, () -> h.modem(Condition.GONE, "port vanished"));
        for (int i = 0; i < 24 * 60; i++) {
            h.advanceTo(h.seconds() + 60);
            if (h.pendingCycle != null) {
                h.finishCycle(true, false);
                h.modem(Condition.ABSENT, "no modem on USB");
            }
        }
        assertThat(h.calls).noneMatch(c -> c.endsWith("host.reboot"));
        long cycles = h.calls.stream().filter(c -> c.endsWith("power.cycle")).count();
        // 2 cycles per round, one round per (10 min spacing + 1 h pause): bounded, not a loop
        assertThat(cycles).isBetween(2L, 2L * 24);
        List<String> times =
                h.calls.stream().filter(c -> c.endsWith("power.cycle")).toList();
        for (int i = 1; i < times.size(); i++) {
            long a = Long.parseLong(times.get(i - 1).split("s ")[0]);
            long b = Long.parseLong(times.get(i).split("s ")[0]);
            assertThat(b - a).isGreaterThanOrEqualTo(600);
        }
    }

    @Test
    void rebootIsRefusedRightAfterBoot() throws Exception {
        var h = new ControllerHarness("failberry.recovery { reboot.enabled = true, power-cycle-attempts = 0 }", state);
        h.hostUptime = Duration.ofMinutes(3);
        h.connect();
        try (var log = LogCapture.of(Controller.class)) {
            h.at(100, () -> h.modem(Condition.GONE, "port vanished"));
            h.advanceTo(4000);
            assertThat(h.calls).noneMatch(c -> c.endsWith("host.reboot"));
            assertThat(log.messages())
                    .contains("WARN recovery: reboot refused: host has been up only 3 min (minimum 30 min)");
            assertThat(log.messages().stream().filter(m -> m.contains("reboot refused")))
                    .hasSize(1);
        }
    }

    @Test
    void flappingLinkNeverPowerCyclesMoreOftenThanTheSpacingAllows() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        // every 35 s the link drops, every 30 s after it comes back: the grace is exceeded each time
        for (long t = 100; t < 100 + 2 * 3600; t += 60) {
            long down = t;
            h.at(down, () -> h.controller.onLinkDown("LCP terminated by peer"));
            h.advanceTo(down + 40);
            if (h.pendingCycle != null) {
                h.finishCycle(true, true);
                h.modem(Condition.REGISTERED, "registered home");
            }
            h.controller.onLinkUp("203.0.113.7", "203.0.113.7");
            h.controller.onLinkVerification(true, "ok");
        }
        List<Long> cycles = h.calls.stream()
                .filter(c -> c.endsWith("power.cycle"))
                .map(c -> Long.parseLong(c.split("s ")[0]))
                .toList();
        for (int i = 1; i < cycles.size(); i++) {
            assertThat(cycles.get(i) - cycles.get(i - 1)).isGreaterThanOrEqualTo(600);
        }
        assertThat(cycles.size()).isLessThanOrEqualTo(12);
    }

    @Test
    void failingPowerSwitchIsReportedAndTheLadderMovesOn() throws Exception {
        var h = new ControllerHarness("failberry.recovery.reboot.enabled = true", state);
        h.connect();
        try (var log = LogCapture.of(Controller.class)) {
            h.at(100, () -> h.modem(Condition.HUNG, "3 consecutive AT timeouts"));
            h.advanceTo(103);
            h.finishCycle(false, false);
            assertThat(log.messages())
                    .contains(
                            "WARN recovery: usb_power_cycle failed: uhubctl: No compatible devices detected; moving on");
        }
        h.modem(Condition.HUNG, "3 consecutive AT timeouts");
        h.advanceTo(103 + 600);
        assertThat(h.calls.stream().filter(c -> c.endsWith("power.cycle"))).hasSize(1);
        assertThat(h.calls).anyMatch(c -> c.endsWith("host.reboot"));
    }

    @Test
    void modemStillEnumeratingAtBootIsNotAFault() throws Exception {
        var h = new ControllerHarness("", state);
        h.controller.start();
        h.at(1, () -> h.modem(Condition.ABSENT, "no ttyUSB yet"));
        h.advanceTo(59);
        assertThat(h.calls).containsExactly("0s modem.start");
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.MODEM_INIT);
        h.advanceTo(60);
        assertThat(h.calls).containsExactly("0s modem.start", "60s power.cycle");
    }

    @Test
    void lockedSimIsLoggedOnceAndNeverEscalated() throws Exception {
        var h = new ControllerHarness("", state);
        h.controller.start();
        try (var log = LogCapture.of(Controller.class)) {
            h.at(3, () -> h.modem(Condition.SIM_LOCKED, "SIM PIN required and modem.pin is not set"));
            h.advanceTo(7200);
            h.modem(Condition.SIM_LOCKED, "SIM PIN required and modem.pin is not set");
            assertThat(log.messages().stream().filter(m -> m.contains("SIM PIN required")))
                    .hasSize(1);
        }
        assertThat(h.calls).containsExactly("0s modem.start");
        assertThat(h.supervisor.snapshot().unhealthyReason())
                .isEqualTo("modem not ready: SIM PIN required and modem.pin is not set");
    }

    @Test
    void aPortHeldByAnotherProgramIsLoggedOnceAndNeverPowerCycled() throws Exception {
        // minicom left open on the AT port for an hour: the stick is fine, power-cycling it would not help
        var h = new ControllerHarness("", state);
        h.controller.start();
        String why = "/dev/ttyUSB2 is locked by pid 4242 (minicom); the daemon opens it once that program lets go";
        try (var log = LogCapture.of(Controller.class)) {
            h.at(3, () -> h.modem(Condition.PORT_BUSY, why));
            h.advanceTo(3600);
            h.modem(Condition.PORT_BUSY, why);
            assertThat(log.messages().stream().filter(m -> m.contains("locked by pid 4242")))
                    .hasSize(1);
        }
        assertThat(h.calls).containsExactly("0s modem.start");
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.MODEM_INIT);
        assertThat(h.supervisor.snapshot().unhealthyReason()).contains("locked by pid 4242 (minicom)");
    }

    @Test
    void aRegistrationGlitchWhileTrafficIsVerifiedDoesNotBreakTheLink() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        h.at(100, () -> h.modem(Condition.SEARCHING, "not registered, searching"));
        h.advanceTo(100 + 3600);
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.CONNECTED);
        assertThat(h.callsFrom(100)).isEmpty();
        // but a link that is down while the modem searches is a registration problem
        h.at(4000, () -> h.controller.onLinkDown("pppd exited 16: modem hangup"));
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.REGISTERING);
    }

    @Test
    void whileTheLadderWaitsStatusAndLogSayTheNextStepAndWhen() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        try (var log = LogCapture.of(Controller.class)) {
            h.at(100, () -> h.modem(Condition.HUNG, "3 consecutive AT timeouts"));
            h.advanceTo(110);
            h.finishCycle(true, false);
            h.at(115, () -> h.modem(Condition.HUNG, "3 consecutive AT timeouts"));
            assertThat(log.messages())
                    .containsOnlyOnce(
                            "INFO recovery: next usb_power_cycle 2/2 at 2026-11-21T00:11:40Z "
                                    + "(in 590 s): power cycles are at least 10 min apart (modem hung: 3 consecutive AT timeouts)");
        }
        var next = h.supervisor.snapshot().recovery().next();
        assertThat(next.action()).isEqualTo("usb_power_cycle");
        assertThat(next.attempt()).isEqualTo("2/2");
        assertThat(next.at()).isEqualTo(java.time.Instant.parse("2026-11-21T00:11:40Z"));
        assertThat(next.why()).isEqualTo("power cycles are at least 10 min apart");
        String text = dev.failberry.status.StatusText.format(
                Json.parseObject(dev.failberry.status.StatusJson.render(h.supervisor.snapshot(), h.time)));
        assertThat(text)
                .contains("  next      usb_power_cycle 2/2 in 9m 45s (at 2026-11-21T00:11:40Z): power cycles "
                        + "are at least 10 min apart\n");
        assertThat(h.supervisor.snapshot().stateReason()).doesNotContain("waiting for the last action");

        // the second cycle, still hung: every rung was tried; the pause is minutes, and status says so
        h.advanceTo(700);
        h.finishCycle(true, false);
        h.at(705, () -> h.modem(Condition.HUNG, "3 consecutive AT timeouts"));
        h.advanceTo(820); // the second cycle's cooldown (2 min) ends: the ladder pauses
        next = h.supervisor.snapshot().recovery().next();
        assertThat(h.supervisor.snapshot().recovery().level()).isEqualTo("exhausted");
        assertThat(next.action() + " " + next.attempt()).isEqualTo("usb_power_cycle 1/2");
        // the pause (820 s + 5 min) ends before the spacing (700 s + 10 min): the cycle comes with the spacing
        assertThat(next.at()).isEqualTo(java.time.Instant.parse("2026-11-21T00:21:40Z"));
        assertThat(next.why())
                .isEqualTo("every recovery action was tried; next round after a pause of 5 min; then "
                        + "power cycles are at least 10 min apart");
        h.advanceTo(1299);
        assertThat(h.calls.stream().filter(c -> c.endsWith("power.cycle"))).hasSize(2);
        h.advanceTo(1300);
        assertThat(h.calls.stream().filter(c -> c.endsWith("power.cycle"))).hasSize(3);
    }

    @Test
    void theDaemonsOwnHangupIsNotTheReasonForTheRedialAfterAPowerCycle() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        h.at(100, () -> h.modem(Condition.HUNG, "3 consecutive AT timeouts"));
        h.at(
                101,
                () -> h.controller.onLinkDown(
                        "pppd exited 5: stopped by the daemon: USB power cycle (Terminating on signal 15)"));
        h.advanceTo(110);
        h.finishCycle(true, true);
        h.at(115, () -> h.modem(Condition.INITIALIZING, "init"));
        h.at(125, () -> h.modem(Condition.REGISTERED, "registered home"));
        assertThat(h.supervisor.snapshot().stateReason()).isEqualTo("dialling");
        // the new dial does not come up within the grace: the fault is told in its own words, not with the
        // daemon's own hangup from before the power cycle
        try (var log = LogCapture.of(Controller.class)) {
            h.advanceTo(146);
            assertThat(log.messages())
                    .anyMatch(m -> m.endsWith("(link down for 20 s)"))
                    .noneMatch(m -> m.contains("stopped by the daemon"));
        }
        assertThat(h.supervisor.snapshot().stateReason()).isEqualTo("dialling");
        h.at(150, () -> h.controller.onLinkDown("pppd exited 8: connect script (dial) failed (Connect script failed)"));
        assertThat(h.supervisor.snapshot().stateReason())
                .isEqualTo("redialling after: pppd exited 8: connect script (dial) failed (Connect script failed)");
    }

    @Test
    void aStickThatAnswersAfterThePowerCycleIsBackWithoutWaitingForTheSwitchsVerification() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        h.at(100, () -> h.modem(Condition.HUNG, "3 consecutive AT timeouts"));
        h.at(101, () -> h.modem(Condition.GONE, "port vanished"));
        h.at(103, () -> h.modem(Condition.INITIALIZING, "running the init sequence"));
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.RECOVERING);
        // the AT port answers 4 s after the cut; the switch still watches sysfs for a device it never saw
        h.at(104, () -> h.modem(Condition.REGISTERED, "registered home"));
        assertThat(h.callsFrom(101)).containsExactly("104s link.dial");
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.DIALING);
        h.at(106, () -> h.controller.onLinkUp("203.0.113.9", "203.0.113.9"));
        h.at(107, () -> h.controller.onLinkVerification(true, "ok"));
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.CONNECTED);

        // the switch's report comes a minute later: nothing is redone, and only then may the ladder act again
        h.advanceTo(160);
        h.finishCycle(true, false);
        assertThat(h.callsFrom(108)).containsExactly("160s modem.start");
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.CONNECTED);
        assertThat(h.supervisor.snapshot().recovery().usbPowerCycles()).isEqualTo(1);
    }

    @Test
    void aRegisteredReportFromBeforeTheCutIsNotTakenForTheStickComingBack() throws Exception {
        var h = new ControllerHarness("", state);
        h.connect();
        var result = new java.util.concurrent.atomic.AtomicReference<Capabilities.PowerResult>();
        h.at(100, () -> h.controller.requestPowerCycle("requested by an admin", result::set));
        assertThat(h.callsFrom(100)).containsExactly("100s link.hangup", "100s power.cycle");
        h.at(100, () -> h.modem(Condition.REGISTERED, "registered home (signal changed)"));
        assertThat(h.callsFrom(100)).doesNotContain("100s link.dial");
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.RECOVERING);
        h.at(101, () -> h.modem(Condition.GONE, "port vanished"));
        h.at(105, () -> h.modem(Condition.REGISTERED, "registered home"));
        assertThat(h.callsFrom(101)).containsExactly("105s link.dial");
        h.advanceTo(170);
        h.finishCycle(true, true);
        assertThat(result.get().switched()).isTrue();
    }
}
