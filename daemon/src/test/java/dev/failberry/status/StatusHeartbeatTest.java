package dev.failberry.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.json.Json;
import dev.failberry.status.DnsView.HeartbeatView;
import dev.failberry.time.VirtualTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CloudWatch heartbeat in /status ({@code dns.heartbeat}, an addition) and in `failberry status`. */
class StatusHeartbeatTest {
    private final VirtualTime time = new VirtualTime();

    private static StatusSnapshot snapshot(HeartbeatView heartbeat) {
        return new StatusSnapshot(
                        "CONNECTED",
                        "ok",
                        Instant.EPOCH,
                        true,
                        null,
                        null,
                        null,
                        null,
                        RecoveryView.none(),
                        null,
                        null,
                        Instant.EPOCH,
                        0)
                .withDns(new DnsView(
                        "route53",
                        "lte.home.example.com",
                        "198.51.100.7",
                        Instant.parse("2026-12-01T10:00:00Z"),
                        null,
                        heartbeat));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailingHeartbeatShowsItsCountsLastSuccessAndReason() {
        var h = new HeartbeatView(
                300,
                12,
                2,
                Instant.parse("2026-12-01T10:05:00Z"),
                "CloudWatch PutMetricData failed: Throttling (Rate exceeded)");
        Map<String, Object> s = Json.parseObject(StatusJson.render(snapshot(h), time));
        Map<String, Object> dns = (Map<String, Object>) s.get("dns");
        assertThat(dns).containsKeys("provider", "record", "published_ip", "last_update", "last_error");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("interval_seconds", 300);
        expected.put("sent", 12);
        expected.put("failed", 2);
        expected.put("last_sent", "2026-12-01T10:05:00Z");
        expected.put("last_error", "CloudWatch PutMetricData failed: Throttling (Rate exceeded)");
        assertThat((Map<String, Object>) dns.get("heartbeat")).isEqualTo(expected);

        assertThat(StatusText.format(s))
                .contains("route53 lte.home.example.com -> 198.51.100.7 (updated 2026-12-01T10:00:00Z)"
                        + " · heartbeat every 300 s: 12 sent, 2 failed (last 2026-12-01T10:05:00Z)"
                        + " · heartbeat error: CloudWatch PutMetricData failed: Throttling (Rate exceeded)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void beforeTheFirstBeatNothingWasSentAndNothingFailed() {
        Map<String, Object> s =
                Json.parseObject(StatusJson.render(snapshot(new HeartbeatView(60, 0, 0, null, null)), time));
        assertThat((Map<String, Object>) ((Map<String, Object>) s.get("dns")).get("heartbeat"))
                .containsEntry("interval_seconds", 60)
                .containsEntry("sent", 0)
                .containsEntry("failed", 0)
                .containsEntry("last_sent", null)
                .containsEntry("last_error", null);
        assertThat(StatusText.format(s))
                .contains(" · heartbeat every 60 s: 0 sent, 0 failed")
                .doesNotContain("last 1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutTheCloudwatchCheckTheDnsObjectIsTheContractsAlone() {
        Map<String, Object> s = Json.parseObject(StatusJson.render(snapshot(null), time));
        assertThat(((Map<String, Object>) s.get("dns")).keySet())
                .containsExactlyInAnyOrder("provider", "record", "published_ip", "last_update", "last_error");
        assertThat(StatusText.format(s)).doesNotContain("heartbeat");
    }
}
