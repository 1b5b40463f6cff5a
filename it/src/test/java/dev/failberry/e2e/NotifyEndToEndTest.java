package dev.failberry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.Wiring;
import dev.failberry.json.Json;
import dev.failberry.sim.demo.DemoEnvironment;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.status.StatusText;
import dev.failberry.testutil.LogCapture;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Notifications in the whole daemon as {@code run} builds it, against the simulators (the modem on
 * pseudo-terminals, pppd as a real process) and a webhook receiver on loopback: status, metrics, the
 * events the supervisor emits, and {@code failberry notify test}. Real time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifyEndToEndTest {
    static final String NUMBER = "+64211234567";

    private Path scratch;
    private DemoEnvironment env;
    private Daemon daemon;
    private HttpServer receiver;
    private final List<String> posts = new CopyOnWriteArrayList<>();
    /** What the notifier's outboxes log from the daemon's start on. */
    private LogCapture outboxLog;

    @BeforeAll
    void start() throws Exception {
        scratch = Files.createTempDirectory("failberry-notify-e2e-");
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            posts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        env = DemoEnvironment.start(scratch, SimTiming.fast());
        Config user = ConfigFactory.parseString(
                        """
                failberry {
                  modem { command-timeout = 1s, hung-threshold = 3, poll-interval = 2s }
                  ppp.probe { interval = 1s, timeout = 1s }
                  dns.provider = none
                  health { bind = "127.0.0.1", port = 0 }
                  admin.port = 0
                  notify {
                    sms.to = ["%s"]
                    webhook.url = "http://127.0.0.1:%d/hook"
                  }
                }
                """.formatted(NUMBER, receiver.getAddress().getPort()))
                .withValue(
                        "failberry.state-dir",
                        ConfigValueFactory.fromAnyRef(scratch.resolve("state").toString()))
                .withValue(
                        "failberry.runtime-dir",
                        ConfigValueFactory.fromAnyRef(scratch.resolve("run").toString()));
        for (var e : env.configOverrides().entrySet()) {
            if (!e.getKey().startsWith("dns.")) {
                user = user.withValue("failberry." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
            }
        }
        FailberryConfig config = ConfigLoader.fromUserConfig(user, "notify-e2e.conf");
        daemon = Wiring.assemble(config, env.environment(config.runtimeDir()));
        outboxLog = LogCapture.named("dev.failberry.notify.ChannelWorker");
        daemon.start();
    }

    @AfterAll
    void stop() {
        if (outboxLog != null) {
            outboxLog.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (env != null) {
            env.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    String get(String path) throws IOException {
        var c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + daemon.adminAddress().getPort() + path)
                        .toURL()
                        .openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return body;
    }

    Map<String, Object> status() throws IOException {
        return Json.parseObject(get("/status"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(Map<String, Object> s, String key) {
        return (Map<String, Object>) s.get(key);
    }

    @Test
    @Order(1)
    void statusAndMetricsShowBothChannels() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "CONNECTED".equals(status().get("state")));
        Map<String, Object> notify = part(status(), "notify");
        assertThat(notify).containsKeys("sent", "failed", "last_error", "queue_length");
        assertThat(part(notify, "channels")).containsOnlyKeys("webhook", "sms");
        assertThat(part(part(notify, "channels"), "webhook").get("target"))
                .isEqualTo("http://127.0.0.1:" + receiver.getAddress().getPort())
                .as("no path: it may carry a token");
        assertThat(part(part(notify, "channels"), "sms").get("target")).isEqualTo("1 number");
        assertThat(get("/status")).doesNotContain(NUMBER).doesNotContain("/hook");
        // one line with both channels (in the order the parsed status map gives them)
        assertThat(StatusText.format(status()).lines().filter(l -> l.strip().startsWith("notify ")))
                .singleElement()
                .satisfies(
                        l -> assertThat(l).containsPattern("webhook \\d+ sent").containsPattern("sms \\d+ sent"));
        // the supervisor's "started" goes out at once on both channels (the link's start-up is no outage)
        await().atMost(Duration.ofSeconds(20))
                .until(() -> posts.stream().anyMatch(p -> p.contains("\"event\":\"started\"")));
        await().atMost(Duration.ofSeconds(20)).until(() -> env.modem().sentSms().stream()
                .anyMatch(m -> dev.failberry.modem.sms.SmsPduDecoder.decodeSubmit(m.payload())
                        .text()
                        .contains(": daemon started at ")));
        // the "started" SMS waited for the modem's port to open and went then: no failure, no warning
        assertThat(outboxLog.messages()).noneMatch(m -> m.startsWith("WARN"));
        assertThat(posts).noneMatch(p -> p.contains("link-down"));
        assertThat(get("/metrics"))
                .contains("failberry_notify_sent_total{channel=\"sms\"}")
                .contains("failberry_notify_sent_total{channel=\"webhook\"}")
                .contains("failberry_notify_queue_length");
    }

    private int cli(java.io.StringWriter out, java.io.StringWriter err, String... args) {
        return dev.failberry.cli.Main.execute(
                args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
    }

    private Path cliConfig() throws IOException {
        Path p = scratch.resolve("cli.conf");
        Files.writeString(
                p,
                "failberry.admin.port = " + daemon.adminAddress().getPort() + "\n"
                        + "failberry.modem.port = \"" + env.modem().controlPath() + "\"\n"
                        + "failberry.notify.sms.to = [\"" + NUMBER + "\"]\n");
        return p;
    }

    @Test
    @Order(2)
    void notifyTestSendsOnEveryChannelThroughTheDaemon() throws Exception {
        int smsBefore = env.modem().sentSms().size();
        int postsBefore = posts.size();
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        int code = cli(out, err, "notify", "test", "--config", cliConfig().toString());
        assertThat(code).as("stdout %s stderr %s", out, err).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().lines())
                .containsExactly(
                        "webhook (http://127.0.0.1:" + receiver.getAddress().getPort() + "): sent",
                        "sms (1 number): sent");
        assertThat(posts.subList(postsBefore, posts.size()))
                .singleElement()
                .asString()
                .contains("\"event\":\"test\"")
                .contains("failberry notify test");
        assertThat(env.modem().sentSms()).hasSize(smsBefore + 1);
        var decoded = dev.failberry.modem.sms.SmsPduDecoder.decodeSubmit(
                env.modem().sentSms().get(smsBefore).payload());
        assertThat(decoded.number()).isEqualTo(NUMBER);
        assertThat(decoded.text())
                .startsWith("FailberryPi ")
                .contains(": test message at ")
                .endsWith("requested by an admin (failberry notify test)");
    }

    @Test
    @Order(3)
    void aRefusedTestSmsIsReportedAndTheExitCodeSaysSo() throws Exception {
        env.modem().refuseSms(21); // short message transfer rejected: final
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        int code = cli(out, err, "notify", "test", "--config", cliConfig().toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString())
                .contains("webhook (http://127.0.0.1:" + receiver.getAddress().getPort() + "): sent")
                .contains("sms (1 number): failed: ")
                .contains("21");
        assertThat(err.toString().strip())
                .isEqualTo("failberry notify test: 1 of 2 channels did not send the test message.");
        await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> // published through the supervisor's thread
                        String.valueOf(part(status(), "notify").get("last_error"))
                                .startsWith("sms: "));
    }
}
