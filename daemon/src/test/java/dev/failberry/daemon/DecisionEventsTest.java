package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.NotifyConfig;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.notify.EventName;
import dev.failberry.notify.Notice;
import dev.failberry.notify.Notifier;
import dev.failberry.notify.NotifyChannel;
import dev.failberry.notify.NotifyEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's decisions as notifications, in virtual time: the controller with in-memory capabilities
 * ({@link ControllerHarness}), its state changes and the executor's actions through {@link DecisionEvents}
 * into a real {@link Notifier} (default hold-down 60 s) with recording channels.
 */
class DecisionEventsTest {
    @TempDir
    Path state;

    /** Delivers everything, recording what it was given and at which virtual second. */
    static final class Recording implements NotifyChannel {
        final String name;
        final ControllerHarness h;
        final List<Notice> delivered = new ArrayList<>();
        final List<Long> at = new ArrayList<>();

        Recording(String name, ControllerHarness h) {
            this.name = name;
            this.h = h;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String target() {
            return "memory";
        }

        @Override
        public Delivery deliver(Notice notice) {
            delivered.add(notice);
            at.add(h.seconds());
            return new Delivery.Sent();
        }

        List<EventName> names() {
            return delivered.stream().map(n -> n.event().name()).toList();
        }
    }

    private final List<NotifyEvent> emitted = new ArrayList<>();

    private static NotifyConfig defaults() {
        return new NotifyConfig(
                NotifyConfig.EVENT_NAMES,
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                new NotifyConfig.Webhook(
                        Optional.empty(),
                        "",
                        List.of(),
                        NotifyConfig.Preset.JSON,
                        Optional.empty(),
                        Duration.ofSeconds(10),
                        30),
                new NotifyConfig.Sms(List.of("+64211234567"), 6));
    }

    private record Rig(ControllerHarness h, Recording webhook, Recording sms, DecisionEvents decisions) {}

    /** The harness with the daemon's notification wiring: state listener, executor events, a notifier. */
    private Rig rig() throws Exception {
        var h = new ControllerHarness("", state);
        var webhook = new Recording("webhook", h);
        var sms = new Recording("sms", h);
        var notifier = new Notifier(defaults(), h.time, "pi", List.of(webhook, sms));
        var bridge = new NotifyBridge(h.supervisor);
        bridge.attach(e -> {
            emitted.add(e);
            notifier.emit(e);
        });
        var decisions = new DecisionEvents(bridge);
        h.supervisor.addStateListener(decisions);
        h.controller.recoveryEvents(decisions);
        return new Rig(h, webhook, sms, decisions);
    }

    @Test
    void aHangIsToldOnceDownThenTheRecoveryAndTheLinkBackWithTheOutagesDuration() throws Exception {
        Rig r = rig();
        var h = r.h();
        r.decisions().started("daemon started");
        h.connect(); // CONNECTED at 10 s: the start-up outage closes untold
        h.at(100, () -> h.modem(Condition.HUNG, "3 consecutive AT timeouts"));
        assertThat(h.callsFrom(100)).containsExactly("100s link.hangup", "100s power.cycle");
        h.advanceTo(150);
        h.finishCycle(true, true);
        h.at(165, () -> h.modem(Condition.INITIALIZING, "init"));
        h.at(175, () -> h.modem(Condition.REGISTERED, "registered home"));
        h.at(180, () -> h.controller.onLinkUp("203.0.113.9", "203.0.113.9"));
        h.at(182, () -> h.controller.onLinkVerification(true, "ok"));
        assertThat(h.supervisor.state()).isEqualTo(DaemonState.CONNECTED);
        h.advanceTo(3600);

        assertThat(emitted)
                .extracting(NotifyEvent::name)
                .containsExactly(
                        EventName.STARTED,
                        EventName.LINK_DOWN,
                        EventName.LINK_UP,
                        EventName.LINK_DOWN,
                        EventName.RECOVERY,
                        EventName.LINK_UP);
        NotifyEvent recovery = emitted.get(4);
        assertThat(recovery.detail())
                .containsEntry("action", "usb-power-cycle")
                .containsEntry("result", "ok")
                .containsEntry("detail", "device went away and came back");

        for (Recording c : List.of(r.webhook(), r.sms())) {
            assertThat(c.names()).containsExactly(EventName.STARTED, EventName.LINK_DOWN, EventName.LINK_UP);
            // started at once; the outage once it lasted the hold-down; its end once the link stayed back as long
            assertThat(c.at).containsExactly(0L, 160L, 242L);
            NotifyEvent down = c.delivered.get(1).event();
            assertThat(down.reason()).contains("3 consecutive AT timeouts").contains("USB power cycle in progress");
            System.out.println(c.delivered.get(1).line());
            assertThat(c.delivered.get(1).line()).startsWith("FailberryPi pi: mobile link down since 00:01Z: ");
            NotifyEvent up = c.delivered.get(2).event();
            assertThat(up.detail())
                    .containsEntry("duration_seconds", 82L)
                    .containsEntry("recovery", "usb-power-cycle ok");
            assertThat(c.delivered.get(2).line())
                    .startsWith("FailberryPi pi: mobile link back after 1m at 00:03Z")
                    .contains("usb-power-cycle ok");
        }
    }

    @Test
    void aLinkFlappingEvery10sForAnHourGivesTwoNotificationsPerChannel() throws Exception {
        Rig r = rig();
        var h = r.h();
        h.connect();
        for (long t = 100; t < 100 + 3600; t += 20) { // down 10 s, up 10 s, for an hour
            long down = t;
            h.at(down, () -> h.controller.onLinkDown("LCP terminated by peer"));
            h.advanceTo(down + 10);
            if (h.pendingCycle != null) {
                h.finishCycle(true, true);
                h.modem(Condition.REGISTERED, "registered home");
            }
            h.controller.onLinkUp("203.0.113.7", "203.0.113.7");
            h.controller.onLinkVerification(true, "ok");
        }
        h.advanceTo(100 + 3600 + 3600); // then it stays up
        long drops = emitted.stream()
                .filter(e -> e.name() == EventName.LINK_DOWN && e.nanos() >= 100_000_000_000L)
                .count();
        assertThat(drops)
                .as("the link really flapped (the ladder's actions keep some flaps down longer)")
                .isGreaterThan(100);
        for (Recording c : List.of(r.webhook(), r.sms())) {
            assertThat(c.names()).containsExactly(EventName.LINK_DOWN, EventName.LINK_UP);
            assertThat(c.at.get(0)).as("told once it had lasted the hold-down").isEqualTo(160L);
            assertThat(c.delivered.get(1).event().detail()).containsEntry("drops", (int) drops);
            System.out.println(c.delivered.get(1).line());
        }
    }

    @Test
    void aLadderThatClimbsTellsEachActionsResultInTheEndMessageAndARebootAtOnce() throws Exception {
        // reboot allowed: the outage is told when reboot-pending comes, the daemon is about to go away
        var h = new ControllerHarness("failberry.recovery.reboot { enabled = true, max-per-day = 1 }", state);
        var webhook = new Recording("webhook", h);
        var notifier = new Notifier(defaults(), h.time, "pi", List.of(webhook));
        var bridge = new NotifyBridge(h.supervisor);
        bridge.attach(e -> {
            emitted.add(e);
            notifier.emit(e);
        });
        var decisions = new DecisionEvents(bridge);
        h.supervisor.addStateListener(decisions);
        h.controller.recoveryEvents(decisions);
        h.connect();
        h.at(50, () -> h.controller.onLinkDown("pppd exit 16: modem hangup"));
        h.advanceTo(90); // redial at 70 and 80, modem reset at 90
        h.at(92, () -> h.modem(Condition.GONE, "port vanished")); // and it never comes back
        h.advanceTo(160);
        assertThat(h.pendingCycle).isNotNull();
        h.finishCycle(true, false);
        h.modem(Condition.ABSENT, "no modem on USB");
        h.advanceTo(760); // the second cycle, 10 min after the first: no better
        h.finishCycle(true, false);
        h.modem(Condition.ABSENT, "no modem on USB");
        h.advanceTo(1400);
        assertThat(h.calls.stream().filter(c -> c.endsWith("host.reboot"))).hasSize(1);

        List<String> recoveries = emitted.stream()
                .filter(e -> e.name() == EventName.RECOVERY)
                .map(e -> e.detail().get("action") + " " + e.detail().get("result"))
                .toList();
        assertThat(recoveries).startsWith("redial failed", "redial failed", "modem-reset failed");
        assertThat(recoveries).endsWith("usb-power-cycle modem-not-back", "usb-power-cycle modem-not-back");
        assertThat(emitted).extracting(NotifyEvent::name).contains(EventName.REBOOT_PENDING);
        // one message for the outage (at 110 s, its hold-down), one for the reboot; recoveries are folded
        assertThat(webhook.names()).containsExactly(EventName.LINK_DOWN, EventName.REBOOT_PENDING);
        assertThat(webhook.at.get(0)).isEqualTo(110L);
        assertThat(webhook.delivered.get(1).line()).startsWith("FailberryPi pi: rebooting the host at ");
    }

    @Test
    void aLinkThatIsNotUpWithinTheHoldDownAfterStartIsToldDownSinceTheStart() throws Exception {
        Rig r = rig();
        var h = r.h();
        r.decisions().started("daemon started");
        h.controller.start();
        h.at(2, () -> h.modem(Condition.INITIALIZING, "init"));
        h.at(4, () -> h.modem(Condition.SIM_LOCKED, "SIM PIN required, modem.pin not set"));
        h.advanceTo(600);
        assertThat(r.sms().names()).containsExactly(EventName.STARTED, EventName.LINK_DOWN);
        assertThat(r.sms().at).containsExactly(0L, 60L);
        assertThat(r.sms().delivered.get(1).line())
                .isEqualTo("FailberryPi pi: mobile link down since 00:00Z: not connected since the daemon started");
    }
}
