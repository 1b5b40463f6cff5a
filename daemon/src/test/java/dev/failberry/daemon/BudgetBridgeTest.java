package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.ConfigLoader;
import dev.failberry.net.Network;
import dev.failberry.notify.EventName;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.ppp.DataUsageSnapshot;
import dev.failberry.time.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget in the daemon: samples become the data-warning and data-cap events (once each), the status,
 * and the saved state. Without a managed firewall and reply routing, so the network runs no command.
 */
class BudgetBridgeTest {
    private static final long MB = 1024 * 1024;
    private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theWarningAndTheCapAreEventsOnceEachAndTheStatusFollows() throws Exception {
        Path conf = dir.resolve("failberry.conf");
        Files.writeString(conf, """
                failberry {
                  state-dir = "%s"
                  firewall.manage = false
                  routing.reply-routing = false
                  ppp.data-usage { cap = 10M, warn-percent = 80 }
                }
                """.formatted(dir.resolve("state")));
        var config = ConfigLoader.load(conf);
        Files.createDirectories(dir.resolve("state"));
        var time = new VirtualTime(Instant.parse("2026-12-10T12:00:00Z"));
        var supervisor = new Supervisor(time);
        var bridge = new BudgetBridge(supervisor, config, Network.create(config, "ppp0"), ZoneOffset.UTC);
        List<NotifyEvent> events = new ArrayList<>();
        bridge.events(events::add);
        bridge.load();

        bridge.sampled(new DataUsageSnapshot(7 * MB, 0, DEC));
        assertThat(events).isEmpty();
        bridge.sampled(new DataUsageSnapshot(8 * MB, 100, DEC));
        bridge.sampled(new DataUsageSnapshot(9 * MB, 100, DEC));
        assertThat(events).extracting(NotifyEvent::name).containsExactly(EventName.DATA_WARNING);
        assertThat(events.get(0).detail())
                .containsEntry("used_bytes", 8 * MB + 100)
                .containsEntry("cap_bytes", 10 * MB)
                .containsEntry("cap_action", "warn")
                .containsEntry("blocked", false);
        bridge.sampled(new DataUsageSnapshot(10 * MB, 0, DEC));
        bridge.sampled(new DataUsageSnapshot(11 * MB, 0, DEC));
        assertThat(events).extracting(NotifyEvent::name).containsExactly(EventName.DATA_WARNING, EventName.DATA_CAP);
        assertThat(events.get(1).reason()).isEqualTo("mobile data cap reached: 10485760 of 10485760 bytes this period");

        var usage = supervisor.snapshot().dataUsage();
        assertThat(usage.overCap()).isTrue();
        assertThat(usage.blocked()).isFalse();
        assertThat(usage.periodEnd()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        // 11 MB in 9.5 days of a 31-day period
        assertThat(usage.projectedBytes()).isEqualTo(Math.round(11.0 * MB * 31 / 9.5));
        assertThat(Files.readString(dir.resolve("state/budget.properties"))).contains("capped=true", "warned=true");

        // a restart: the state comes back, no event again
        var again = new BudgetBridge(supervisor, config, Network.create(config, "ppp0"), ZoneOffset.UTC);
        List<NotifyEvent> after = new ArrayList<>();
        again.events(after::add);
        again.load();
        again.sampled(new DataUsageSnapshot(11 * MB, 0, DEC));
        assertThat(after).isEmpty();
    }
}
