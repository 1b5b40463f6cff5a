package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.HistoryConfig;
import dev.failberry.http.AdminRoute;
import dev.failberry.notify.EventName;
import dev.failberry.notify.EventSinks;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history as the daemon uses it, in virtual time: inputs through its seams, items out, restarts. */
class HistoryTest {
    static final HistoryConfig CONFIG = new HistoryConfig(
            true, 2 << 20, 256 << 10, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(60));

    @TempDir
    Path stateDir;

    final VirtualTime time = new VirtualTime(Instant.parse("2026-01-05T14:00:00Z"));
    final AtomicReference<StatusSnapshot> snapshot = new AtomicReference<>(new StatusSnapshot(
            "STARTING",
            "starting",
            time.now(),
            false,
            "starting",
            null,
            null,
            null,
            RecoveryView.none(),
            null,
            time.now(),
            time.nanoTime()));

    History open(History.Sources sources) throws IOException {
        History h = History.open(CONFIG, stateDir, time, snapshot::get, sources);
        time.runDue();
        return h;
    }

    static List<String> text(List<Item> items) {
        return items.stream().map(i -> ItemText.line(i, ZoneOffset.UTC)).toList();
    }

    @Test
    void transitionsActionsAndEventsBecomeItemsBeforeAndAfterTheyAreWritten() throws IOException {
        History h = open(History.Sources.NONE);
        List<String> emitted = new ArrayList<>();
        var sink = EventSinks.tee(e -> emitted.add(e.name().wire()), h.sink());
        time.advance(Duration.ofSeconds(2));
        h.stateChanged("STARTING", "MODEM_INIT", "modem port opened");
        h.stateChanged("MODEM_INIT", "REGISTERING", "initialised");
        h.stateChanged("REGISTERING", "DIALING", "registered");
        time.advance(Duration.ofSeconds(24));
        h.stateChanged("DIALING", "CONNECTED", "link verified");
        time.advance(Duration.ofSeconds(104));
        // one task of the supervisor, as the controller runs it: the action is counted, its reason published
        // as the last action, and the state moves
        h.actionTaken("usb_power_cycle", "CONNECTED", "");
        snapshot.set(snapshot.get()
                .withRecovery(new RecoveryView(
                        0,
                        0,
                        1,
                        0,
                        new RecoveryView.Action(time.now(), "usb_power_cycle", "modem hung: 3 consecutive AT timeouts"),
                        "usb_power_cycle",
                        null,
                        null)));
        h.stateChanged("CONNECTED", "RECOVERING", "USB power cycle in progress");
        time.advance(Duration.ofSeconds(30));
        sink.emit(NotifyEvent.of(EventName.RECOVERY, time, "RECOVERING", "modem back")
                .with("action", "usb-power-cycle")
                .with("result", "ok"));
        h.stateChanged("RECOVERING", "MODEM_INIT", "modem back");
        time.advance(Duration.ofSeconds(75));
        h.stateChanged("MODEM_INIT", "CONNECTED", "link verified");
        assertThat(emitted).containsExactly("recovery");
        assertThat(h.stats().buffered())
                .as("not written yet: within the flush delay")
                .isPositive();

        List<String> expected = List.of(
                "2026-01-05 14:00:00  daemon started (version " + History.version() + ")",
                "2026-01-05 14:00:26  mobile link up, 26 s after start (link verified)",
                "2026-01-05 14:02:10  mobile link down 14:02:10 – 14:03:55 (1 min 45 s): modem hung: 3 consecutive AT "
                        + "timeouts → USB power cycle ok");
        assertThat(text(h.items(0))).containsExactlyElementsOf(expected);
        time.advance(Duration.ofMinutes(2));
        assertThat(h.stats().buffered()).isZero();
        assertThat(text(h.items(0))).as("the same once written").containsExactlyElementsOf(expected);
        h.close();

        History.Offline offline = History.readOffline(stateDir, 0);
        assertThat(offline.damage()).isEmpty();
        assertThat(text(offline.items()))
                .startsWith(expected.toArray(String[]::new))
                .last()
                .asString()
                .endsWith("daemon stopped");
    }

    @Test
    void theEventsRouteAnswersJsonForTheWindowAndRefusesABadSince() throws Exception {
        History h = open(History.Sources.NONE);
        time.advance(Duration.ofHours(30));
        h.stateChanged("STARTING", "MODEM_INIT", "modem port opened");
        AdminRoute route = EventsRoute.of(h, ZoneOffset.UTC);
        AdminRoute.Response r = route.handle(new AdminRoute.Request("", Map.of("since", "3600")));
        assertThat(r.status()).isEqualTo(200);
        Map<String, Object> doc = dev.failberry.json.Json.parseObject(r.body());
        assertThat(doc).containsEntry("since", "2026-01-06T19:00:00Z").containsEntry("now", "2026-01-06T20:00:00Z");
        assertThat((List<?>) doc.get("items"))
                .singleElement()
                .asString()
                .contains("kind=never-up")
                .contains("text=2026-01-05 14:00:00  mobile link not up since the start");
        assertThat(route.handle(new AdminRoute.Request("", Map.of())).status()).isEqualTo(200);
        for (String bad : List.of("-1", "soon", "99999999999999")) {
            assertThat(route.handle(new AdminRoute.Request("", Map.of("since", bad)))
                            .status())
                    .as(bad)
                    .isEqualTo(400);
        }
        h.close();
    }

    @Test
    void theWiredPathAndTheBudgetBlockAreSampledFromTheStatusAndRecordedWhenTheyChange() throws IOException {
        // sampled once a minute: a change is seen at the next sample
        AtomicReference<String> wired = new AtomicReference<>(null);
        AtomicReference<Boolean> blocked = new AtomicReference<>(false);
        History h = open(new History.Sources(s -> wired.get(), s -> blocked.get()));
        time.advance(Duration.ofMinutes(5));
        assertThat(h.wiredUp()).isNull();
        wired.set("up");
        time.advance(Duration.ofMinutes(1));
        assertThat(h.wiredUp()).isTrue();
        wired.set("down");
        time.advance(Duration.ofMinutes(10));
        wired.set("up");
        blocked.set(true);
        time.advance(Duration.ofMinutes(30));
        blocked.set(false);
        time.advance(Duration.ofMinutes(1));
        assertThat(text(h.items(0)))
                .contains(
                        "2026-01-05 14:07:00  wired path down 14:07:00 – 14:17:00 (10 min): wired path down",
                        "2026-01-05 14:17:00  mobile link blocked by the data budget 14:17:00 – 14:47:00 (30 min): data cap "
                                + "reached: LAN traffic over the mobile link blocked");
        h.close();
    }

    @Test
    void anEventFromAnotherClockIsRecordedAtItsArrival() throws IOException {
        History h = open(History.Sources.NONE);
        time.advance(Duration.ofMinutes(1));
        h.sink()
                .emit(new NotifyEvent(
                        EventName.DATA_WARNING,
                        time.now(),
                        time.nanoTime() + 3_600_000_000_000L,
                        "CONNECTED",
                        "80 % used",
                        Map.of()));
        assertThat(text(h.items(0))).contains("2026-01-05 14:01:00  data use warning: 80 % used");
        h.close();
    }
}
