package dev.failberry.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.json.Json;
import dev.failberry.status.StatusSnapshot.FirewallView;
import dev.failberry.status.StatusSnapshot.NetworkView;
import dev.failberry.status.StatusSnapshot.RoutingView;
import dev.failberry.status.StatusSnapshot.WiredView;
import dev.failberry.time.VirtualTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wired, firewall, routing and network_checks parts of /status and of `failberry status`. */
class NetworkStatusTest {
    private final VirtualTime time = new VirtualTime();

    private StatusSnapshot snapshot(NetworkView n) {
        return new StatusSnapshot("CONNECTED", "ok", Instant.EPOCH, true, null, null, null, null,
                StatusSnapshot.RecoveryView.none(), null, n, Instant.EPOCH, 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rendersTheContractsFieldsInSnakeCase() {
        var n = new NetworkView(new WiredView("eth0", "192.168.1.1", "unknown", null, null),
                new FirewallView(true, 1, List.of("192.168.1.10"), false, null, Instant.parse("2026-12-01T10:00:00.5Z"), 12L),
                new RoutingView(true, "ppp0", "198.51.100.7", null, Instant.parse("2026-12-01T10:00:01Z"), 7L),
                List.of("IP forwarding is off"));
        Map<String, Object> s = Json.parseObject(StatusJson.render(snapshot(n), time));
        assertThat((Map<String, Object>) s.get("wired")).containsEntry("interface", "eth0")
                .containsEntry("gateway", "192.168.1.1").containsEntry("path", "unknown").containsKeys("reason", "since");
        assertThat((Map<String, Object>) s.get("firewall")).containsEntry("managed", true).containsEntry("forwards", 1)
                .containsEntry("allowed", List.of("192.168.1.10")).containsEntry("blocked_by_cap", false)
                .containsEntry("last_error", null).containsEntry("loaded_at", "2026-12-01T10:00:00Z")
                .containsEntry("load_ms", 12);
        assertThat((Map<String, Object>) s.get("routing")).containsEntry("reply_routing", true)
                .containsEntry("link_interface", "ppp0").containsEntry("link_ip", "198.51.100.7")
                .containsEntry("apply_ms", 7);
        assertThat(s.get("network_checks")).isEqualTo(List.of("IP forwarding is off"));
        String text = StatusText.format(s);
        assertThat(text).contains("network   wired eth0 via 192.168.1.1 (path unknown) · reply routing on · "
                + "firewall managed, 1 forwards").contains("check     IP forwarding is off");
    }

    @Test
    void beforeTheNetworkStartsThePartsAreNull() {
        Map<String, Object> s = Json.parseObject(StatusJson.render(snapshot(null), time));
        assertThat(s).containsEntry("wired", null).containsEntry("firewall", null).containsEntry("routing", null)
                .containsEntry("network_checks", List.of());
        assertThat(StatusText.format(s)).doesNotContain("network ");
    }
}
