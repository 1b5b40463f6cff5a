package dev.failberry.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.json.Json;
import dev.failberry.status.NetworkView.FirewallView;
import dev.failberry.status.NetworkView.RoutingView;
import dev.failberry.status.NetworkView.WiredTarget;
import dev.failberry.status.NetworkView.WiredView;
import dev.failberry.time.VirtualTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wired, firewall, routing and network_checks parts of /status and of `failberry status`. */
class NetworkStatusTest {
    private final VirtualTime time = new VirtualTime();

    private StatusSnapshot snapshot(NetworkView n) {
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
                n,
                Instant.EPOCH,
                0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rendersTheContractsFieldsInSnakeCase() {
        var n = new NetworkView(
                new WiredView("eth0", "192.168.1.1", "unknown", null, null),
                new FirewallView(
                        true, 1, List.of("192.168.1.10"), false, null, Instant.parse("2026-12-01T10:00:00.5Z"), 12L),
                new RoutingView(true, "ppp0", "198.51.100.7", null, Instant.parse("2026-12-01T10:00:01Z"), 7L),
                List.of("IP forwarding is off"));
        Map<String, Object> s = Json.parseObject(StatusJson.render(snapshot(n), time));
        assertThat((Map<String, Object>) s.get("wired"))
                .containsEntry("interface", "eth0")
                .containsEntry("gateway", "192.168.1.1")
                .containsEntry("path", "unknown")
                .containsKeys("reason", "since");
        assertThat((Map<String, Object>) s.get("firewall"))
                .containsEntry("managed", true)
                .containsEntry("forwards", 1)
                .containsEntry("allowed", List.of("192.168.1.10"))
                .containsEntry("blocked_by_cap", false)
                .containsEntry("last_error", null)
                .containsEntry("loaded_at", "2026-12-01T10:00:00Z")
                .containsEntry("load_ms", 12);
        assertThat((Map<String, Object>) s.get("routing"))
                .containsEntry("reply_routing", true)
                .containsEntry("link_interface", "ppp0")
                .containsEntry("link_ip", "198.51.100.7")
                .containsEntry("apply_ms", 7);
        assertThat(s.get("network_checks")).isEqualTo(List.of("IP forwarding is off"));
        String text = StatusText.format(s);
        assertThat(text)
                .contains("wired     path unknown · eth0 via 192.168.1.1")
                .contains("network   reply routing on · firewall managed, 1 forwards")
                .contains("check     IP forwarding is off");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWiredPathWithItsTargetsOnOneLineAndInTheJson() {
        var wired = new WiredView(
                "eth0",
                "192.168.1.1",
                "192.168.1.50",
                "down",
                "1 of 2 targets unreachable (2 must answer) in 3 of the last 5 rounds: 192.0.2.20:443: no answer within 3000 ms",
                Instant.parse("2026-12-01T14:02:10Z"),
                Instant.parse("2026-12-01T14:03:00Z"),
                2,
                3,
                5,
                List.of(
                        new WiredTarget("192.0.2.10:443", true, 4L, null),
                        new WiredTarget("192.0.2.20:443", false, null, "no answer within 3000 ms")));
        var n = new NetworkView(
                wired,
                new FirewallView(true, 0, List.of(), false, null, null, null),
                new RoutingView(true, null, null, null, null, null),
                List.of());
        Map<String, Object> s = Json.parseObject(StatusJson.render(snapshot(n), time));
        Map<String, Object> w = (Map<String, Object>) s.get("wired");
        assertThat(w)
                .containsEntry("path", "down")
                .containsEntry("address", "192.168.1.50")
                .containsEntry("since", "2026-12-01T14:02:10Z")
                .containsEntry("checked_at", "2026-12-01T14:03:00Z")
                .containsEntry("required", 2)
                .containsEntry("failed_rounds", 3)
                .containsEntry("window", 5);
        List<Map<String, Object>> targets = (List<Map<String, Object>>) w.get("targets");
        assertThat(targets).hasSize(2);
        assertThat(targets.get(0))
                .containsEntry("target", "192.0.2.10:443")
                .containsEntry("ok", true)
                .containsEntry("latency_ms", 4)
                .containsEntry("error", null);
        assertThat(targets.get(1))
                .containsEntry("target", "192.0.2.20:443")
                .containsEntry("ok", false)
                .containsEntry("latency_ms", null)
                .containsEntry("error", "no answer within 3000 ms");
        assertThat(StatusText.format(s))
                .contains(
                        "  wired     path down (since 2026-12-01T14:02:10Z) · 1 of 2 targets "
                                + "unreachable (2 must answer) in 3 of the last 5 rounds: 192.0.2.20:443: no answer within 3000 ms · "
                                + "last round: 192.0.2.10:443 4 ms, 192.0.2.20:443 unreachable · eth0 192.168.1.50 via 192.168.1.1\n");
    }

    @Test
    void beforeTheNetworkStartsThePartsAreNull() {
        Map<String, Object> s = Json.parseObject(StatusJson.render(snapshot(null), time));
        assertThat(s)
                .containsEntry("wired", null)
                .containsEntry("firewall", null)
                .containsEntry("routing", null)
                .containsEntry("network_checks", List.of());
        assertThat(StatusText.format(s)).doesNotContain("network ");
    }
}
