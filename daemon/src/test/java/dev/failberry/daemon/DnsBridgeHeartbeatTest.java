package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.dns.DnsStatus;
import dev.failberry.dns.HeartbeatStatus;
import dev.failberry.status.StatusSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The publisher's heartbeat status as the snapshot's dns view holds it. */
class DnsBridgeHeartbeatTest {
    private static final DnsStatus DNS = DnsStatus.initial("route53", "lte.home.example.com");

    @Test
    void theHeartbeatGoesIntoTheDnsViewOnlyWhenThereIsOne() {
        assertThat(DnsBridge.view(DNS, null).heartbeat()).isNull();

        Instant at = Instant.parse("2026-12-01T10:05:00Z");
        var view = DnsBridge.view(
                DNS, new HeartbeatStatus(Duration.ofMinutes(5), 12, 2, Optional.of(at), Optional.of("Throttling")));
        assertThat(view.heartbeat()).isEqualTo(new StatusSnapshot.HeartbeatView(300, 12, 2, at, "Throttling"));
        assertThat(view.record()).isEqualTo("lte.home.example.com");
    }
}
