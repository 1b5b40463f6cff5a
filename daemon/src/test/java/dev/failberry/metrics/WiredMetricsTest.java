package dev.failberry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.status.NetworkView;
import dev.failberry.status.NetworkView.WiredTarget;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The wired path on /metrics: per target from the last round, and the changes of the path. */
class WiredMetricsTest {
    private static StatusSnapshot withTargets(StatusSnapshot base, List<WiredTarget> targets) {
        var wired = new NetworkView.WiredView(
                "eth0", "192.168.1.1", "192.168.1.50", "down", "why", Instant.EPOCH, Instant.EPOCH, 2, 3, 5, targets);
        return base.withNetwork(new NetworkView(
                wired,
                new NetworkView.FirewallView(true, 0, List.of(), false, null, null, null),
                new NetworkView.RoutingView(true, null, null, null, null, null),
                List.of()));
    }

    private static String scrape(Metrics metrics) throws Exception {
        var out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachTargetsLastRoundAndEveryChangeOfThePath() throws Exception {
        var plain = new StatusSnapshot(
                "CONNECTED", "", Instant.EPOCH, true, null, null, null, null, null, null, Instant.EPOCH, 0);
        AtomicReference<StatusSnapshot> snapshot = new AtomicReference<>(plain);
        var metrics = new Metrics(snapshot::get, new VirtualTime());
        assertThat(scrape(metrics)).as("no network part yet: no series").doesNotContain("failberry_wired_probe_up{");

        snapshot.set(withTargets(
                plain,
                List.of(
                        new WiredTarget("1.1.1.1:443", true, 12L, null),
                        new WiredTarget("203.0.113.53:53", false, null, "no answer within 3000 ms"))));
        metrics.wiredPathChanges.labelValues("down").inc();
        String text = scrape(metrics);
        assertThat(text)
                .contains("failberry_wired_probe_up{target=\"1.1.1.1:443\"} 1.0")
                .contains("failberry_wired_probe_up{target=\"203.0.113.53:53\"} 0.0")
                .contains("failberry_wired_probe_latency_seconds{target=\"1.1.1.1:443\"} 0.012")
                .doesNotContain("failberry_wired_probe_latency_seconds{target=\"203.0.113.53:53\"}")
                .contains("failberry_wired_path_changes_total{to=\"down\"} 1.0");
    }
}
