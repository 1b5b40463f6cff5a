package dev.failberry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.metrics.Metrics;
import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A web page open in the admin's browser (reaching the listener through ssh -L) cannot operate the daemon. */
class AdminFromBrowserTest {
    @Test
    void aPostThatNamesAWebPageIsRefusedAndTheCommandLinesPostRuns() throws Exception {
        VirtualTime time = new VirtualTime();
        var snap = new StatusSnapshot(
                "CONNECTED", "", time.now(), true, null, null, null, null, RecoveryView.none(), null, time.now(), 0);
        var admin = new AdminHandler(() -> snap, time, new Metrics(() -> snap, time));
        AtomicInteger cycles = new AtomicInteger();
        admin.post("/usb/cycle", req -> {
            cycles.incrementAndGet();
            return dev.failberry.http.AdminRoute.Response.text(200, "cycled\n");
        });
        FailberryConfig config = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString("failberry { health { bind = \"127.0.0.1\", port = 0 }, admin.port = 0 }"),
                "test.conf");
        var http = new HttpListeners(config.health(), config.admin(), exchange -> exchange.setStatusCode(404), admin);
        http.start();
        try {
            int port = http.adminAddress().getPort();
            assertThat(post(port, Map.of("Origin", "https://evil.example"))).isEqualTo(403);
            assertThat(post(port, Map.of("Sec-Fetch-Site", "cross-site"))).isEqualTo(403);
            assertThat(post(port, Map.of("Origin", "http://127.0.0.1:" + port)))
                    .as("even from the dashboard's origin")
                    .isEqualTo(403);
            assertThat(cycles).hasValue(0);
            assertThat(post(port, Map.of())).as("failberry usb cycle").isEqualTo(200);
            assertThat(cycles).hasValue(1);
        } finally {
            http.close();
        }
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedSoADnsRebindingPageCannotReadTheStatus() throws Exception {
        VirtualTime time = new VirtualTime();
        var snap = new StatusSnapshot(
                "CONNECTED", "", time.now(), true, null, null, null, null, RecoveryView.none(), null, time.now(), 0);
        var admin = new AdminHandler(() -> snap, time, new Metrics(() -> snap, time));
        FailberryConfig config = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString("failberry { health { bind = \"127.0.0.1\", port = 0 }, admin.port = 0 }"),
                "test.conf");
        var http = new HttpListeners(config.health(), config.admin(), exchange -> exchange.setStatusCode(404), admin);
        http.start();
        try {
            int port = http.adminAddress().getPort();
            assertThat(get(port, "evil.example:" + port))
                    .startsWith("HTTP/1.1 403")
                    .contains("by address or as localhost")
                    .doesNotContain("CONNECTED");
            assertThat(get(port, "127.0.0.1.evil.example")).startsWith("HTTP/1.1 403");
            assertThat(get(port, "localhost:" + port))
                    .startsWith("HTTP/1.1 200")
                    .contains("CONNECTED");
            assertThat(get(port, "127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
            assertThat(get(port, "[::1]:" + port)).startsWith("HTTP/1.1 200");
        } finally {
            http.close();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "NULL|true",
                "127.0.0.1:9001|true",
                "127.0.0.1|true",
                "localhost:9001|true",
                "LOCALHOST.:9001|true",
                "dash.localhost:8080|true",
                "[::1]:9001|true",
                "[::1]|true",
                "192.168.1.20:9001|true",
                "evil.example:9001|false",
                "evil.example|false",
                "127.0.0.1.nip.io:9001|false",
                "localhost.evil.example|false",
                "999.1.1.1|false",
                "[::1|false",
                "[::1]x|false",
                "pi.local:9001|false"
            })
    void hostHeaders(String header, boolean answered) {
        assertThat(AdminHandler.loopbackName(header)).as(header).isEqualTo(answered);
    }

    /** A raw request: HttpURLConnection will not send a Host header of the caller's choosing. */
    private static String get(int port, String host) throws Exception {
        try (var s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream()
                    .write(("GET /status HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A raw request: HttpURLConnection drops an Origin header (a restricted header) without a word. */
    private static int post(int port, Map<String, String> headers) throws Exception {
        StringBuilder req = new StringBuilder("POST /usb/cycle HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\nConnection: close\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\nx");
        try (var s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        }
    }
}
