package dev.failberry.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.json.Json;
import dev.failberry.notify.NotifyStatus;
import dev.failberry.notify.NotifyStatus.ChannelStatus;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole {@code /status} document and the whole {@code failberry status} text, byte for byte, for a snapshot
 * with every part filled and for one with every part absent: pins the output while the code that renders it is
 * reshaped. The golden files were written by this test's renderers before the status records were split per
 * section. To regenerate after a deliberate change of the document, run with the environment variable {@code FAILBERRY_GOLDEN_WRITE=daemon/src/test/resources/status} (absolute).
 */
class StatusGoldenTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private final VirtualTime time = new VirtualTime();

    static StatusSnapshot full() {
        var modem = new ModemView(
                "READY",
                "/dev/ttyUSB2",
                "huawei",
                "E3372",
                "22.328.62.00.143",
                "861234567890123",
                "READY",
                "registered (home)",
                "Vodafone.de",
                "LTE",
                new ModemView.Signal(20, -73),
                1,
                "AT+COPS? timed out",
                new ModemView.StickView(
                        "hilink", "connected", "10.64.1.2", -95.0, -11.5, 7.5, "B20", 1000L, 2000L, 3600L, "on"));
        var ppp = new PppView(
                "UP",
                "ppp0",
                "10.64.1.2",
                "10.64.64.64",
                "cgnat",
                "198.51.100.7",
                T.plusSeconds(5),
                2,
                "exit 16",
                true,
                85L);
        var dns = new DnsView(
                "route53",
                "lte.home.example.com",
                "198.51.100.7",
                T.plusSeconds(9),
                "Throttling: rate exceeded",
                new DnsView.HeartbeatView(60, 12, 1, T.plusSeconds(30), "AccessDenied"));
        var recovery = new RecoveryView(
                3,
                1,
                1,
                0,
                new RecoveryView.Action(T.plusSeconds(40), "modem_reset", "3 AT timeouts"),
                "redial",
                "watchdog",
                new RecoveryView.Next(
                        "usb_power_cycle",
                        "1/2",
                        T.plusSeconds(100),
                        Duration.ofSeconds(100).toNanos(),
                        "backoff after a modem reset"));
        var usage = new DataUsageView(
                123_456_789L,
                23_456_789L,
                T.minusSeconds(86_400),
                1_000_000_000L,
                15,
                false,
                T.plusSeconds(86_400 * 29L),
                "block",
                false,
                true,
                "lifted",
                450_000_000L,
                new DataUsageView.OverheadView(
                        3600, 120, 96_000, 40_000, 800L, 2_304_000L, 960_000L, 3_264_000L, 97_920_000L));
        var network = new NetworkView(
                new NetworkView.WiredView(
                        "eth0",
                        "192.168.1.1",
                        "192.168.1.50",
                        "down",
                        "2 of 3 targets failed",
                        T.plusSeconds(50),
                        T.plusSeconds(60),
                        2,
                        3,
                        5,
                        List.of(
                                new NetworkView.WiredTarget("1.1.1.1", true, 12L, null),
                                new NetworkView.WiredTarget("9.9.9.9", false, null, "timeout"),
                                new NetworkView.WiredTarget("example.com", false, null, "no route"))),
                new NetworkView.FirewallView(
                        true, 2, List.of("192.168.1.10", "192.168.1.11"), true, "nft: busy", T.plusSeconds(2), 12L),
                new NetworkView.RoutingView(true, "ppp0", "10.64.1.2", null, T.plusSeconds(3), 7L),
                List.of("IP forwarding is off", "uhubctl is not installed"));
        var notify = new NotifyStatus(
                3,
                1,
                "sms: +CMS ERROR: 500",
                1,
                0,
                List.of(new ChannelStatus(
                        "sms",
                        "1 number",
                        1,
                        1,
                        2,
                        0,
                        1,
                        "+CMS ERROR: 500",
                        T.plusSeconds(70),
                        T.plusSeconds(60),
                        "the SMS waits until the port is free")));
        return new StatusSnapshot(
                "DEGRADED",
                "wired path down",
                T.plusSeconds(55),
                false,
                "wired down; mobile up",
                modem,
                ppp,
                dns,
                recovery,
                usage,
                network,
                notify,
                T,
                0);
    }

    static StatusSnapshot empty() {
        return new StatusSnapshot(
                "STARTING", "starting", T, false, "starting", null, null, null, null, null, null, null, T, 0);
    }

    @Test
    void theWholeDocumentWithEveryPartIsUnchanged() throws IOException {
        time.advance(Duration.ofSeconds(75));
        check("full", full());
    }

    @Test
    void theWholeDocumentWithEveryPartAbsentIsUnchanged() throws IOException {
        check("empty", empty());
    }

    private void check(String name, StatusSnapshot s) throws IOException {
        String json = StatusJson.render(s, time);
        String text = StatusText.format(Json.parseObject(json));
        String dir = System.getenv("FAILBERRY_GOLDEN_WRITE");
        if (dir != null) {
            Files.writeString(Path.of(dir, "golden-" + name + ".json"), json);
            Files.writeString(Path.of(dir, "golden-" + name + ".txt"), text);
        }
        assertThat(json).isEqualTo(golden(name + ".json"));
        assertThat(text).isEqualTo(golden(name + ".txt"));
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = StatusGoldenTest.class.getResourceAsStream("/status/golden-" + file)) {
            assertThat(in).as("golden file status/golden-" + file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
