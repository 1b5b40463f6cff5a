package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.dns.DnsStatus;
import dev.failberry.dns.HeartbeatStatus;
import dev.failberry.metrics.Metrics;
import dev.failberry.status.DnsView;
import dev.failberry.time.VirtualTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The publisher's heartbeat status as the snapshot's dns view holds it, and on /metrics. */
class DnsBridgeHeartbeatTest {
    private static final DnsStatus DNS = DnsStatus.initial("route53", "lte.home.example.com");

    @Test
    void theHeartbeatGoesIntoTheDnsViewOnlyWhenThereIsOne() {
        assertThat(DnsBridge.view(DNS, null).heartbeat()).isNull();

        Instant at = Instant.parse("2026-12-01T10:05:00Z");
        var view = DnsBridge.view(
                DNS, new HeartbeatStatus(Duration.ofMinutes(5), 12, 2, Optional.of(at), Optional.of("Throttling")));
        assertThat(view.heartbeat()).isEqualTo(new DnsView.HeartbeatView(300, 12, 2, at, "Throttling"));
        assertThat(view.record()).isEqualTo("lte.home.example.com");
    }

    @Test
    void aHeartbeatReachesTheSnapshotAndTheMetricAndALaterDnsStatusKeepsIt() throws Exception {
        VirtualTime time = new VirtualTime();
        Supervisor sup = new Supervisor(time);
        Metrics metrics = new Metrics(sup::snapshot, time);
        DnsBridge bridge = new DnsBridge(sup, metrics);

        bridge.dnsStatusChanged(DNS);
        bridge.heartbeatChanged(
                new HeartbeatStatus(Duration.ofMinutes(5), 3, 1, Optional.of(Instant.EPOCH), Optional.empty()));
        time.runDue();
        assertThat(sup.snapshot().dns().heartbeat())
                .isEqualTo(new DnsView.HeartbeatView(300, 3, 1, Instant.EPOCH, null));

        bridge.dnsStatusChanged(new DnsStatus(
                "route53",
                "lte.home.example.com",
                Optional.of("198.51.100.7"),
                Optional.empty(),
                Optional.of(Instant.EPOCH),
                Optional.empty(),
                Optional.empty(),
                false,
                false));
        time.runDue();
        assertThat(sup.snapshot().dns().publishedIp()).isEqualTo("198.51.100.7");
        assertThat(sup.snapshot().dns().heartbeat())
                .as("kept across a DNS status")
                .isNotNull();

        var out = new ByteArrayOutputStream();
        metrics.write(out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("failberry_heartbeat_total{result=\"sent\"} 3.0")
                .contains("failberry_heartbeat_total{result=\"failed\"} 1.0");
    }
}
