package dev.failberry.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.failberry.config.NotifyConfig;
import dev.failberry.config.NotifyConfig.Header;
import dev.failberry.config.NotifyConfig.Preset;
import dev.failberry.config.Secret;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.notify.NotifyChannel.Delivery;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.ThreadScheduler;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook over real HTTP to receivers on loopback (ephemeral ports): shapes, failures, source address. */
class WebhookChannelTest {
    private static final Instant T = Instant.parse("2026-12-01T19:00:00Z");

    record Received(String method, String path, Map<String, List<String>> headers, String body, String remote) {}

    private HttpServer server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private String start(String responseBody) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", (HttpExchange ex) -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(),
                    Map.copyOf(ex.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8),
                    ex.getRemoteAddress().getAddress().getHostAddress()));
            Integer s = statuses.poll();
            int status = s == null ? 200 : s;
            if (status >= 300 && status < 400) {
                ex.getResponseHeaders().add("Location", ex.getRequestURI().toString());
            }
            byte[] out = responseBody.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private static NotifyConfig.Webhook webhook(String url, Preset preset, Duration timeout, Header... headers) {
        var u = java.net.URI.create(url);
        return new NotifyConfig.Webhook(
                Optional.of(new Secret(url)),
                u.getScheme() + "://" + u.getHost() + ":" + u.getPort(),
                List.of(headers),
                preset,
                Optional.of("-1001234567890"),
                timeout,
                30);
    }

    private static WebhookChannel channel(NotifyConfig.Webhook config, Optional<InetAddress> source) {
        return new WebhookChannel(config, "pi", new BoundHttpClient(config.timeout()), () -> source);
    }

    private static Notice notice() {
        NotifyEvent e = new NotifyEvent(
                EventName.WIRED_DOWN,
                T,
                0,
                "CONNECTED",
                "no answer from 1.1.1.1:443 via 192.168.1.1",
                Map.of("since", "2026-12-01T19:00:00Z", "drops", 1));
        return new Notice("abc-1", e, MessageText.line(e, "pi", 0), 0);
    }

    private static Map<String, Object> json(String body) {
        return ConfigFactory.parseString(body, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON))
                .root()
                .unwrapped();
    }

    @Test
    void postsTheDocumentedJsonWithTheConfiguredHeaders() throws Exception {
        String base = start("");
        var ch = channel(
                webhook(
                        base + "/hook/SECRETPATH",
                        Preset.JSON,
                        Duration.ofSeconds(5),
                        new Header("Authorization", new Secret("Bearer tk_123"))),
                Optional.empty());
        assertThat(ch.deliver(notice())).isEqualTo(new Delivery.Sent());
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hook/SECRETPATH");
        assertThat(r.headers().get("Authorization")).containsExactly("Bearer tk_123");
        assertThat(r.headers().get("Content-type")).containsExactly("application/json");
        assertThat(json(r.body()))
                .containsEntry("event", "wired-down")
                .containsEntry("time", "2026-12-01T19:00:00Z")
                .containsEntry("host", "pi")
                .containsEntry("state", "CONNECTED")
                .containsEntry("reason", "no answer from 1.1.1.1:443 via 192.168.1.1")
                .containsEntry("id", "abc-1")
                .containsEntry("detail", Map.of("since", "2026-12-01T19:00:00Z", "drops", 1));
        assertThat(ch.target())
                .isEqualTo("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void leavesFromTheChosenSourceAddress() throws Exception {
        String base = start("");
        var ch = channel(
                webhook(base + "/h", Preset.JSON, Duration.ofSeconds(5)),
                Optional.of(InetAddress.getByName("127.0.0.2")));
        assertThat(ch.deliver(notice())).isEqualTo(new Delivery.Sent());
        assertThat(received.get(0).remote()).isEqualTo("127.0.0.2");
    }

    @Test
    void chatPresetsCarryTheOneLineText() throws Exception {
        String base = start("");
        String line = notice().line();
        channel(webhook(base + "/services/T0/B0/XYZ", Preset.SLACK, Duration.ofSeconds(5)), Optional.empty())
                .deliver(notice());
        channel(webhook(base + "/api/webhooks/1/abc", Preset.DISCORD, Duration.ofSeconds(5)), Optional.empty())
                .deliver(notice());
        channel(webhook(base + "/bot123:abc/sendMessage", Preset.TELEGRAM, Duration.ofSeconds(5)), Optional.empty())
                .deliver(notice());
        channel(webhook(base + "/ntfy/my-topic", Preset.NTFY, Duration.ofSeconds(5)), Optional.empty())
                .deliver(notice());
        assertThat(json(received.get(0).body())).isEqualTo(Map.of("text", line));
        assertThat(json(received.get(1).body())).isEqualTo(Map.of("content", line));
        assertThat(json(received.get(2).body())).isEqualTo(Map.of("chat_id", "-1001234567890", "text", line));
        assertThat(received.get(3).path()).isEqualTo("/ntfy/");
        assertThat(json(received.get(3).body()))
                .containsEntry("topic", "my-topic")
                .containsEntry("message", line)
                .containsEntry("title", "FailberryPi pi: wired-down")
                .containsEntry("priority", 4)
                .containsEntry("tags", List.of("warning", "wired-down"));
        assertThat(line).startsWith("FailberryPi pi: wired internet down since 19:00Z: no answer from 1.1.1.1:443");
    }

    @Test
    void a500IsRetriedAndA404IsNot() throws Exception {
        String base = start("{\"error\":\"broken\"}");
        var ch = channel(webhook(base + "/h", Preset.JSON, Duration.ofSeconds(5)), Optional.empty());
        statuses.add(500);
        assertThat(ch.deliver(notice())).isEqualTo(new Delivery.Retry("answered HTTP 500: {\"error\":\"broken\"}"));
        statuses.add(429);
        assertThat(ch.deliver(notice())).isInstanceOf(Delivery.Retry.class);
        statuses.add(404);
        assertThat(ch.deliver(notice())).isEqualTo(new Delivery.Failed("answered HTTP 404: {\"error\":\"broken\"}"));
    }

    @Test
    void aRedirectIsNeverFollowed() throws Exception {
        String base = start("");
        var ch = channel(webhook(base + "/loop", Preset.JSON, Duration.ofSeconds(5)), Optional.empty());
        statuses.add(302);
        Delivery d = ch.deliver(notice());
        assertThat(d)
                .isEqualTo(new Delivery.Retry("answered HTTP 302 (a redirect within the same host; redirects are not "
                        + "followed: set notify.webhook.url to the final URL)"));
        assertThat(received).hasSize(1);
    }

    @Test
    void aHangingReceiverTimesOut() throws Exception {
        ServerSocket hang = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        closeables.add(hang);
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(hang.accept()); // read nothing, answer nothing
                }
            } catch (IOException e) {
                // closed
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        closeables.add(() -> held.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }));
        var ch = channel(
                webhook("http://127.0.0.1:" + hang.getLocalPort() + "/h", Preset.JSON, Duration.ofMillis(700)),
                Optional.empty());
        assertThat(ch.deliver(notice())).isEqualTo(new Delivery.Retry("no answer within 700 ms"));
    }

    @Test
    void secretsInAnErrorAnswerAreCutOut() throws Exception {
        String base = start("bad token Bearer tk_SECRET for /hook/SECRETPATH");
        var ch = channel(
                webhook(
                        base + "/hook/SECRETPATH",
                        Preset.JSON,
                        Duration.ofSeconds(5),
                        new Header("Authorization", new Secret("Bearer tk_SECRET"))),
                Optional.empty());
        statuses.add(401);
        Delivery d = ch.deliver(notice());
        assertThat(d).isInstanceOf(Delivery.Failed.class);
        assertThat(((Delivery.Failed) d).reason())
                .startsWith("answered HTTP 401: bad token ")
                .doesNotContain("SECRET");
    }

    @Test
    void refusedConnectionIsRetryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var ch = channel(
                webhook("http://127.0.0.1:" + port + "/h", Preset.JSON, Duration.ofSeconds(2)), Optional.empty());
        assertThat(ch.deliver(notice())).isEqualTo(new Delivery.Retry("connection refused or unreachable"));
    }

    @Test
    void throughTheNotifierA500IsLoggedOnceRetriedCountedAndDelivered() throws Exception {
        String base = start("oops");
        statuses.add(500);
        statuses.add(500);
        statuses.add(500);
        VirtualTime time = new VirtualTime(T);
        var cfg = NotifierTest.config(NotifyConfig.EVENT_NAMES, 30, 6);
        var ch = channel(
                webhook(
                        base + "/hook/SECRETPATH",
                        Preset.JSON,
                        Duration.ofSeconds(5),
                        new Header("X-Api-Key", new Secret("k3y-SECRET"))),
                Optional.empty());
        try (var logs = LogCapture.of(ChannelWorker.class)) {
            var notifier = new Notifier(cfg, time, "pi", List.of(ch));
            notifier.emit(NotifyEvent.of(EventName.STARTED, time, "STARTING", "version 0.1.0"));
            time.advance(Duration.ofMinutes(10));
            assertThat(received).hasSize(4);
            assertThat(received)
                    .extracting(r -> json(r.body()).get("id"))
                    .containsOnly(json(received.get(0).body()).get("id"));
            var st = notifier.status();
            assertThat(st.sent()).isEqualTo(1);
            assertThat(st.channels().get(0).retries()).isEqualTo(3);
            assertThat(st.channels().get(0).target()).doesNotContain("SECRET");
            assertThat(st.toJsonMap().toString()).doesNotContain("SECRET");
            assertThat(logs.messages())
                    .filteredOn(l -> l.startsWith("WARN"))
                    .singleElement()
                    .satisfies(l ->
                            assertThat(l).contains("answered HTTP 500: oops").doesNotContain("SECRET"));
        }
    }

    @Test
    void aHangingWebhookNeverBlocksTheCaller() throws Exception {
        ServerSocket hang = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        closeables.add(hang);
        CountDownLatch connected = new CountDownLatch(1);
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(hang.accept());
                    connected.countDown();
                }
            } catch (IOException e) {
                // closed
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        ThreadScheduler notifyThread = new ThreadScheduler("notify-test");
        closeables.add(notifyThread);
        var ch = channel(
                webhook("http://127.0.0.1:" + hang.getLocalPort() + "/h", Preset.JSON, Duration.ofSeconds(30)),
                Optional.empty());
        var notifier =
                new Notifier(NotifierTest.config(NotifyConfig.EVENT_NAMES, 600, 6), notifyThread, "pi", List.of(ch));
        notifier.emit(NotifyEvent.of(EventName.STARTED, notifyThread.time(), "STARTING", "x"));
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
        // the notifier's thread is now stuck in the POST for up to 30 s; the caller is not
        for (int i = 0; i < 200; i++) {
            notifier.emit(NotifyEvent.of(EventName.DATA_WARNING, notifyThread.time(), "S", "n" + i));
        }
        assertThat(notifier.status().droppedEvents()).isEqualTo(200 - Notifier.INBOX);
        await().atMost(Duration.ofSeconds(5)).until(() -> notifier.status().queueLength() >= Notifier.INBOX);
        notifier.stop();
        held.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        });
    }
}
