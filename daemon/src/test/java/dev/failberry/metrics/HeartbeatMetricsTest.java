package dev.failberry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.status.DnsView;
import dev.failberry.status.DnsView.HeartbeatView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code failberry_heartbeat_total{result}} on /metrics: the heartbeat's own counts, as /status shows them. */
class HeartbeatMetricsTest {
    private static String scrape(Metrics metrics) throws Exception {
        var out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static DnsView dns(HeartbeatView heartbeat) {
        return new DnsView("route53", "lte.home.example.com", null, null, null, heartbeat);
    }

    @Test
    void sentAndFailedBeatsFromTheStatusAndNoSeriesWithoutTheHeartbeat() throws Exception {
        var plain = new StatusSnapshot(
                "CONNECTED", "", Instant.EPOCH, true, null, null, null, null, null, null, Instant.EPOCH, 0);
        AtomicReference<StatusSnapshot> snapshot = new AtomicReference<>(plain.withDns(dns(null)));
        var metrics = new Metrics(snapshot::get, new VirtualTime());
        assertThat(scrape(metrics))
                .as("mobile-check other than cloudwatch: no series")
                .doesNotContain("failberry_heartbeat_total{");

        snapshot.set(plain.withDns(dns(new HeartbeatView(300, 12, 2, Instant.EPOCH, "Throttling"))));
        assertThat(scrape(metrics))
                .contains("# TYPE failberry_heartbeat_total counter")
                .contains("failberry_heartbeat_total{result=\"sent\"} 12.0")
                .contains("failberry_heartbeat_total{result=\"failed\"} 2.0")
                .doesNotContain("Throttling");
    }
}
