package dev.failberry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.DaemonState;
import dev.failberry.daemon.Supervisor;
import dev.failberry.json.Json;
import dev.failberry.metrics.Metrics;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpListenersTest {
    private final VirtualTime time = new VirtualTime();
    private final Supervisor supervisor = new Supervisor(time);
    private HttpListeners http;
    private AdminHandler admin;

    @BeforeEach
    void start() {
        var health = new FailberryConfig.Health(
                "127.0.0.1", 0, "/health", 512, 16, Duration.ofMillis(700), Duration.ofSeconds(5), 8192);
        var adminCfg = new FailberryConfig.Admin("127.0.0.1", 0);
        var metrics = new Metrics(supervisor::snapshot, time);
        admin = new AdminHandler(supervisor::snapshot, time, metrics);
        http = new HttpListeners(
                health,
                adminCfg,
                new HealthHandler(
                        "/health",
                        () -> HealthVerdict.of(supervisor.snapshot(), supervisor.heartbeatAge(), Duration.ofHours(1))),
                admin);
        http.start();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private record Reply(int status, String body, Map<String, List<String>> headers) {}

    private Reply call(InetSocketAddress addr, String method, String path) throws IOException {
        var c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + addr.getPort() + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(2000);
        c.setReadTimeout(2000);
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Reply r = new Reply(status, body, c.getHeaderFields());
        c.disconnect();
        return r;
    }

    private void connect() {
        supervisor.transition(DaemonState.MODEM_INIT, "a");
        supervisor.transition(DaemonState.REGISTERING, "b");
        supervisor.transition(DaemonState.DIALING, "c");
        supervisor.transition(DaemonState.CONNECTED, "link verified");
    }

    @Test
    void healthFollowsTheSupervisor() throws IOException {
        Reply r = call(http.publicAddress(), "GET", "/health");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("failberry unhealthy: starting");

        connect();
        r = call(http.publicAddress(), "GET", "/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("failberry ok");
        assertThat(r.headers().get("Content-Type")).containsExactly("text/plain; charset=utf-8");
        assertThat(r.headers()).doesNotContainKey("Server").doesNotContainKey("X-Powered-By");

        supervisor.transition(DaemonState.DEGRADED, "3 of 5 probes failed");
        r = call(http.publicAddress(), "GET", "/health");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("failberry unhealthy: link degraded: traffic checks failing");
    }

    /** Issue 20: the 503 named the probe targets and their errors; they stay on the admin port. */
    @Test
    void thePublicAnswerSaysWhyInWordsAndStatusKeepsTheDetails() throws IOException {
        connect();
        supervisor.transition(DaemonState.DEGRADED, "probes failed: 127.0.0.1:43287: Connection refused");
        try (var s = new Socket("127.0.0.1", http.publicAddress().getPort())) {
            s.setSoTimeout(3000);
            s.getOutputStream()
                    .write("GET /health HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all)
                    .startsWith("HTTP/1.1 503 ")
                    .endsWith("\r\n\r\nfailberry unhealthy: link degraded: traffic checks failing")
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("43287")
                    .doesNotContain("refused");
        }
        Map<String, Object> status =
                Json.parseObject(call(http.adminAddress(), "GET", "/status").body());
        assertThat(status.get("unhealthy_reason")).asString().contains("127.0.0.1:43287: Connection refused");
    }

    @Test
    void headAnswersWithoutBody() throws IOException {
        connect();
        Reply r = call(http.publicAddress(), "HEAD", "/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().get("Content-Length")).containsExactly("12");
    }

    @Test
    void everythingElseOnThePublicPortIs404Or405() throws IOException {
        assertThat(call(http.publicAddress(), "GET", "/").status()).isEqualTo(404);
        assertThat(call(http.publicAddress(), "GET", "/status").status()).isEqualTo(404);
        assertThat(call(http.publicAddress(), "GET", "/metrics").status()).isEqualTo(404);
        assertThat(call(http.publicAddress(), "GET", "/health/../status").status())
                .isEqualTo(404);
        Reply post = call(http.publicAddress(), "POST", "/health");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers().get("Allow")).containsExactly("GET, HEAD");
        assertThat(call(http.publicAddress(), "DELETE", "/health").status()).isEqualTo(405);
    }

    @Test
    void oversizedHeaderIsRefused() throws IOException {
        try (var s = new Socket("127.0.0.1", http.publicAddress().getPort())) {
            s.setSoTimeout(3000);
            String big = "x".repeat(10_000);
            s.getOutputStream()
                    .write(("GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + big + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String status = readStatusLine(s.getInputStream());
            assertThat(status).matches("HTTP/1\\.1 (400|431) .*");
        }
        // and the server still answers others
        assertThat(call(http.publicAddress(), "GET", "/health").status()).isEqualTo(503);
    }

    @Test
    void malformedRequestGets400() throws IOException {
        try (var s = new Socket("127.0.0.1", http.publicAddress().getPort())) {
            s.setSoTimeout(3000);
            s.getOutputStream()
                    .write("GARBAGE\u0001\u0002 /health HTTP/9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String status = readStatusLine(s.getInputStream());
            assertThat(status).startsWith("HTTP/1.1 400");
        }
    }

    /** Undertow's own Host header check (it wraps every root handler since 2.3.x; we do not add a second one). */
    @Test
    void http11WithoutOrWithTwoOrAMalformedHostIs400() throws IOException {
        for (String head : List.of(
                "GET /health HTTP/1.1\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: a:99999\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: [zz\r\n\r\n")) {
            try (var s = new Socket("127.0.0.1", http.publicAddress().getPort())) {
                s.setSoTimeout(3000);
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                assertThat(readStatusLine(s.getInputStream())).as(head).startsWith("HTTP/1.1 400");
            }
        }
        try (var s = new Socket("127.0.0.1", http.adminAddress().getPort())) {
            s.setSoTimeout(3000);
            s.getOutputStream().write("GET /status HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readStatusLine(s.getInputStream())).startsWith("HTTP/1.1 400");
        }
        // HTTP/1.0 needs no Host, and the server still answers
        try (var s = new Socket("127.0.0.1", http.publicAddress().getPort())) {
            s.setSoTimeout(3000);
            s.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readStatusLine(s.getInputStream())).startsWith("HTTP/1.0 503");
        }
    }

    @Test
    void slowClientIsCutOffByTheRequestParseTimeout() throws IOException {
        try (var s = new Socket("127.0.0.1", http.publicAddress().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            int read = s.getInputStream().read();
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(read).isEqualTo(-1);
            assertThat(ms).isLessThan(4000);
        } catch (java.net.SocketException closedByServer) {
            // a reset also proves the connection was cut
        }
    }

    @Test
    void threeHundredIdleConnectionsDoNotDelayARealCheck() throws IOException {
        connect();
        List<Socket> idle = new ArrayList<>();
        try {
            // from another address than the check's, as an abuser's are from a Route53 checker's: one
            // address holds at most max-connections-per-address and the rest are closed at once
            for (int i = 0; i < 300; i++) {
                var s = new Socket();
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(http.publicAddress());
                idle.add(s);
            }
            long start = System.nanoTime();
            Reply r = call(http.publicAddress(), "GET", "/health");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.status()).isEqualTo(200);
            assertThat(ms).isLessThan(1000);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void aPortInUseIsNamedInTheError() {
        var busy = new FailberryConfig.Health(
                "127.0.0.1",
                http.publicAddress().getPort(),
                "/health",
                512,
                16,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                8192);
        var second = new HttpListeners(
                busy,
                new FailberryConfig.Admin("127.0.0.1", 0),
                new HealthHandler("/health", () -> HealthVerdict.OK),
                admin);
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                .rootCause()
                .isInstanceOf(java.net.BindException.class)
                .hasMessageStartingWith(
                        "health listener 127.0.0.1:" + http.publicAddress().getPort() + ": ");
    }

    @Test
    void adminIsOnLoopbackAndServesStatusAndMetrics() throws IOException {
        assertThat(http.adminAddress().getAddress().isLoopbackAddress()).isTrue();
        connect();
        Reply status = call(http.adminAddress(), "GET", "/status");
        assertThat(status.status()).isEqualTo(200);
        Map<String, Object> json = Json.parseObject(status.body());
        assertThat(json)
                .containsEntry("state", "CONNECTED")
                .containsEntry("healthy", true)
                .containsKeys("modem", "ppp", "dns", "recovery", "data_usage", "uptime_seconds");
        Reply metrics = call(http.adminAddress(), "GET", "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("failberry_up 1.0").contains("failberry_state{state=\"CONNECTED\"} 1.0");
        assertThat(call(http.adminAddress(), "GET", "/health").status()).isEqualTo(404);
        assertThat(call(http.adminAddress(), "POST", "/status").status()).isEqualTo(405);
    }

    @Test
    void adminPostRoutesRunOnAWorkerAndAnswer() throws IOException {
        admin.post("/echo", req -> AdminRoute.Response.text(200, "got " + req.body()));
        var c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + http.adminAddress().getPort() + "/echo")
                        .toURL()
                        .openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write("AT+CSQ".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("got AT+CSQ");
        assertThat(call(http.adminAddress(), "GET", "/echo").status()).isEqualTo(405);
    }

    @Test
    void theWiredLinksOwnCheckSeesALivingDaemonWhateverThe3gLinkDoes() throws IOException {
        var health = new FailberryConfig.Health(
                "127.0.0.1", 0, "/health", 16, 16, Duration.ofSeconds(2), Duration.ofSeconds(5), 8192);
        var wired = new HttpListeners(
                health,
                new FailberryConfig.Admin("127.0.0.1", 0),
                new HealthHandler(
                        "/health",
                        () -> HealthVerdict.of(supervisor.snapshot(), supervisor.heartbeatAge(), Duration.ofHours(1)),
                        "wired.home.example.com",
                        () -> HealthVerdict.alive(supervisor.heartbeatAge(), Duration.ofHours(1))),
                admin);
        wired.start();
        try {
            int port = wired.publicAddress().getPort();
            assertThat(rawGet(port, "wired.home.example.com:9000"))
                    .startsWith("HTTP/1.1 200")
                    .endsWith("failberry ok");
            assertThat(rawGet(port, "WIRED.home.example.com.:9000")).startsWith("HTTP/1.1 200");
            assertThat(rawGet(port, "lte.home.example.com:9000"))
                    .startsWith("HTTP/1.1 503")
                    .endsWith("failberry unhealthy: starting");
            assertThat(rawGet(port, "203.0.113.7:9000")).startsWith("HTTP/1.1 503");
        } finally {
            wired.close();
        }
        assertThat(HealthHandler.hostIs("Wired.Home.Example.com.:9000", "wired.home.example.com"))
                .isTrue();
        assertThat(HealthHandler.hostIs("wired.home.example.com", "wired.home.example.com"))
                .isTrue();
        assertThat(HealthHandler.hostIs("wired.home.example.com.evil:9000", "wired.home.example.com"))
                .isFalse();
        assertThat(HealthHandler.hostIs("wired.home.example.co", "wired.home.example.com"))
                .isFalse();
        assertThat(HealthHandler.hostIs(null, "wired.home.example.com")).isFalse();
    }

    private static String rawGet(int port, String host) throws IOException {
        try (var s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            s.getOutputStream()
                    .write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return all.strip();
        }
    }

    private static String readStatusLine(InputStream in) throws IOException {
        var b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString().trim();
    }
}
