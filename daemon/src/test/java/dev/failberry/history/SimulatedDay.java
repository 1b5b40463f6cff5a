package dev.failberry.history;

import dev.failberry.config.HistoryConfig;
import dev.failberry.notify.EventName;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.status.DataUsageView;
import dev.failberry.status.ModemView;
import dev.failberry.status.ModemView.Signal;
import dev.failberry.status.PppView;
import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A day of a daemon's life in virtual time, through the real history: the published status changes every
 * minute (signal, probe latency, data used), the supervisor moves through two mobile outages and a short
 * drop, the wired path is down for an hour and a data warning comes. The dashboard test and the README's
 * screenshot show it.
 */
final class SimulatedDay {
    static final long CAP = 5L << 30;

    final VirtualTime time = new VirtualTime(Instant.parse("2026-03-14T00:00:00Z"));
    final AtomicReference<StatusSnapshot> snapshot = new AtomicReference<>();
    final AtomicReference<String> wired = new AtomicReference<>("up");
    final History history;
    private final Random random = new Random(14);
    private String state = "CONNECTED";
    private String reason = "link up, traffic verified";
    private boolean modemHung;
    private long used = 1_400L << 20;
    private int cycles;
    private RecoveryView.Action lastAction;

    private SimulatedDay(Path stateDir) throws IOException {
        publish();
        history = History.open(
                new HistoryConfig(
                        true, 2 << 20, 256 << 10, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(60)),
                stateDir,
                time,
                snapshot::get,
                new History.Sources(s -> wired.get(), s -> false));
        time.runDue();
    }

    /** Runs the day; afterwards {@link #history} and {@link #snapshot} show its end (00:00 the next day). */
    static SimulatedDay run(Path stateDir) throws IOException {
        SimulatedDay d = new SimulatedDay(stateDir);
        d.move("STARTING", "MODEM_INIT", "opening the modem");
        d.move("MODEM_INIT", "REGISTERING", "dialling");
        d.move("REGISTERING", "DIALING", "dialling");
        d.minutes(1);
        d.move("DIALING", "CONNECTED", "link up, traffic verified");
        d.until(3, 12);
        // a hung stick: three AT timeouts, a USB power cycle, back in under two minutes
        d.modemHung = true;
        d.history.actionTaken("usb_power_cycle", "CONNECTED", "modem hung: 3 consecutive AT timeouts");
        d.lastAction =
                new RecoveryView.Action(d.time.now(), "usb_power_cycle", "modem hung: 3 consecutive AT timeouts");
        d.cycles++;
        d.move("CONNECTED", "RECOVERING", "USB power cycle in progress");
        d.minutes(1);
        d.modemHung = false;
        d.move("RECOVERING", "MODEM_INIT", "running the init sequence");
        d.move("MODEM_INIT", "DIALING", "dialling");
        d.minutes(1);
        d.move("DIALING", "CONNECTED", "link up, traffic verified");
        d.until(9, 40);
        // the carrier stops passing traffic: probes fail, a redial does not help, the next one does
        d.move("CONNECTED", "DEGRADED", "no answer from 1.1.1.1:443 and 8.8.8.8:53 for 90 s");
        d.minutes(2);
        d.history.actionTaken("redial", "DEGRADED", "probes failing");
        d.move("DEGRADED", "DIALING", "redial");
        d.minutes(3);
        d.history.actionTaken("redial", "DIALING", "probes failing");
        d.minutes(1);
        d.move("DIALING", "CONNECTED", "link up, traffic verified");
        d.until(13, 5);
        d.wired.set("down");
        d.history
                .sink()
                .emit(NotifyEvent.of(
                        EventName.WIRED_DOWN,
                        d.time,
                        "CONNECTED",
                        "no answer through 192.168.1.1 from 1.1.1.1:443 and 9.9.9.9:53"));
        d.until(14, 20);
        d.wired.set("up");
        d.history.sink().emit(NotifyEvent.of(EventName.WIRED_UP, d.time, "CONNECTED", "wired path answers again"));
        d.until(21, 55);
        d.move("CONNECTED", "DIALING", "pppd exited: modem hangup (NO CARRIER)");
        d.minutes(1);
        d.move("DIALING", "CONNECTED", "link up, traffic verified");
        while (d.used * 100 / CAP < 80) {
            d.minutes(1);
        }
        d.history
                .sink()
                .emit(NotifyEvent.of(
                        EventName.DATA_WARNING, d.time, "CONNECTED", "80 % of the 5 GiB cap used (4.0 GiB)"));
        d.until(24, 0);
        return d;
    }

    private void move(String from, String to, String why) {
        state = to;
        reason = why;
        publish();
        history.stateChanged(from, to, why);
    }

    private void until(int hour, int minute) {
        long target = Duration.ofHours(hour).plusMinutes(minute).toNanos();
        while (time.nanoTime() < target) {
            minutes(1);
        }
    }

    private void minutes(int n) {
        for (int i = 0; i < n; i++) {
            double h = time.nanoTime() / 3.6e12;
            boolean up = state.equals("CONNECTED");
            // traffic is heavier in the evening, and it is the evening's data that reaches the warning
            used += up ? (long) ((h > 17 ? 2.5 : 0.9) * (1 << 20) * (1 + random.nextDouble())) : 0;
            publish();
            time.advance(Duration.ofMinutes(1));
        }
    }

    private void publish() {
        double h = time.nanoTime() / 3.6e12;
        int rssi = (int) Math.round(
                -79 + 6 * Math.sin(h / 24 * 2 * Math.PI * 3) - 3 * random.nextDouble() - (h > 9.5 && h < 9.8 ? 14 : 0));
        boolean up = state.equals("CONNECTED");
        long latency = Math.round(
                42 + 12 * random.nextDouble() + (h > 18 && h < 23 ? 35 : 0) + (random.nextInt(60) == 0 ? 180 : 0));
        Instant now = time.now();
        var modem = new ModemView(
                modemHung ? "hung" : "registered",
                "/dev/ttyUSB2",
                "huawei",
                "E3372",
                "22.328",
                "86xxxxxxxxxxxx3",
                "ready",
                "home",
                "Spark NZ",
                "LTE",
                modemHung ? new Signal(null, null) : new Signal((rssi + 113) / 2, rssi),
                modemHung ? 3 : 0,
                modemHung ? "3 consecutive AT timeouts" : null);
        var ppp = new PppView(
                up || state.equals("DEGRADED") ? "up" : "down",
                "ppp0",
                up ? "203.0.113.77" : null,
                null,
                "public",
                up ? "203.0.113.77" : null,
                now,
                cycles,
                null,
                up ? Boolean.TRUE : Boolean.FALSE,
                up ? latency : null);
        var recovery = new RecoveryView(0, 0, cycles, 0, lastAction, "idle", null, null);
        var usage = new DataUsageView(
                used * 4 / 5,
                used / 5,
                Instant.parse("2026-03-01T00:00:00Z"),
                CAP,
                (int) (used * 100 / CAP),
                used * 100 / CAP >= 80);
        snapshot.set(new StatusSnapshot(
                state,
                reason,
                now,
                up,
                up ? null : "link down: " + reason,
                modem,
                ppp,
                null,
                recovery,
                usage,
                Instant.parse("2026-03-13T23:59:30Z"),
                0));
    }
}
