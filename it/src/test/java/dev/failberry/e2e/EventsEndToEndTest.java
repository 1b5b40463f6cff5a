package dev.failberry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.failberry.cli.Main;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.Wiring;
import dev.failberry.sim.Launchers;
import dev.failberry.sim.demo.DemoEnvironment;
import dev.failberry.sim.modem.SimTiming;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code failberry events} end to end: against {@code failberry demo} in its own JVM after faults injected
 * through its admin API, and from the journal a stopped daemon left behind.
 */
class EventsEndToEndTest {
    @TempDir
    Path dir;

    private Process demo;

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    private record Reply(int status, String body) {}

    private static Reply call(String method, int port, String path) throws IOException {
        var c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(2000);
        c.setReadTimeout(15000);
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new Reply(status, body);
    }

    private static String state(int admin) {
        try {
            return String.valueOf(dev.failberry.json.Json.parseObject(
                            call("GET", admin, "/status").body())
                    .get("state"));
        } catch (IOException e) {
            return "unreachable";
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static String events(int admin, String since) {
        return cli("events", "--admin", "127.0.0.1:" + admin, "--since", since).out();
    }

    @Test
    void theDemoTellsWhatHappenedAfterAHangAndAnInternetOutage() throws Exception {
        int health = freePort();
        int admin = freePort();
        demo = new ProcessBuilder(List.of(
                        Launchers.javaBinary(),
                        "-Xmx64m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.io.tmpdir=" + dir,
                        "-cp",
                        Launchers.absoluteClassPath(),
                        "dev.failberry.cli.Main",
                        "demo",
                        "--health-port",
                        String.valueOf(health),
                        "--admin-port",
                        String.valueOf(admin)))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("demo.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "CONNECTED".equals(state(admin)));

        // the stick hangs: three AT timeouts, a USB power cycle, connected again
        assertThat(call("POST", admin, "/demo/fault?what=hang").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> events(admin, "1h").contains("mobile link down ") && "CONNECTED".equals(state(admin)));
        // the probes' internet stops answering, then comes back
        assertThat(call("POST", admin, "/demo/fault?what=internet-down").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "DEGRADED".equals(state(admin)));
        assertThat(call("POST", admin, "/demo/fault?what=internet-up").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "CONNECTED".equals(state(admin)));

        Run text = cli("events", "--admin", "127.0.0.1:" + admin, "--since", "1h");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.err()).isEmpty();
        List<String> lines = text.out().lines().toList();
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  daemon started \\(version .*\\)");
        assertThat(lines.get(1)).contains("  mobile link up, ").contains(" after start");
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .containsPattern(
                        "mobile link down \\d\\d:\\d\\d:\\d\\d – \\d\\d:\\d\\d:\\d\\d \\(\\d+ (s|min)[^)]*\\): modem hung: 3 consecutive "
                                + "AT timeouts → USB power cycle"));
        assertThat(lines)
                .filteredOn(l -> l.contains("mobile link down "))
                .hasSize(2)
                .last()
                .asString()
                .doesNotContain("modem hung")
                .doesNotContain("still going");
        assertThat(lines)
                .as("transitions inside the outages are not repeated")
                .noneMatch(l -> l.contains("DIALING") || l.contains("MODEM_INIT"));

        Run json = cli("events", "--admin", "127.0.0.1:" + admin, "--since", "1h", "--json");
        assertThat(json.code()).isZero();
        Map<String, Object> doc = dev.failberry.json.Json.parseObject(json.out());
        assertThat(doc).containsEntry("source", "daemon");
        assertThat(doc.get("items").toString()).contains("kind=outage", "link=mobile", "actions=[USB power cycle ok]");

        Run bad = cli("events", "--admin", "127.0.0.1:" + admin, "--since", "yesterday");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();

        Run status = cli("status", "--admin", "127.0.0.1:" + admin);
        assertThat(status.out()).contains("  uptime    mobile ").contains(" % (24 h");
        assertThat(call("GET", admin, "/").body()).contains("<title>FailberryPi</title>");
        assertThat(call("GET", admin, "/metrics").body())
                .contains("failberry_availability_ratio{link=\"mobile\",window=\"24h\"}")
                .containsPattern("failberry_history_writes_total [1-9]");

        demo.destroy();
        assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withoutADaemonTheJournalItLeftIsRead() throws Exception {
        Path scratch = dir.resolve("scratch");
        Files.createDirectories(scratch);
        try (DemoEnvironment env = DemoEnvironment.start(scratch, SimTiming.fast())) {
            Config user = ConfigFactory.parseString("""
                    failberry {
                      modem { command-timeout = 1s, hung-threshold = 3, poll-interval = 2s }
                      ppp.probe { interval = 1s, timeout = 1s }
                      ppp.redial.initial-backoff = 500ms
                      usb-power { off-time = 500ms, wait-for-modem = 10s }
                      dns.provider = none
                      health { bind = "127.0.0.1", port = 0 }
                      admin.port = 0
                    }
                    """)
                    .withValue(
                            "failberry.state-dir",
                            ConfigValueFactory.fromAnyRef(
                                    scratch.resolve("state").toString()))
                    .withValue(
                            "failberry.runtime-dir",
                            ConfigValueFactory.fromAnyRef(scratch.resolve("run").toString()));
            for (var e : env.configOverrides().entrySet()) {
                if (!e.getKey().startsWith("dns.")) {
                    user = user.withValue("failberry." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
                }
            }
            FailberryConfig config = ConfigLoader.fromUserConfig(user, "e2e.conf");
            Daemon daemon = Wiring.assemble(config, env.environment(config.runtimeDir()));
            try {
                daemon.start();
                int admin = daemon.adminAddress().getPort();
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> "CONNECTED".equals(state(admin)));
                env.fault("hang", "");
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() ->
                                events(admin, "1h").contains("mobile link down ") && "CONNECTED".equals(state(admin)));
            } finally {
                daemon.close();
            }
        }
        try (var s = new ServerSocket(0)) {
            Files.writeString(
                    dir.resolve("cli.conf"),
                    "failberry { state-dir = \"" + scratch.resolve("state") + "\", admin.port = " + s.getLocalPort()
                            + " }\n");
        }
        Run r = cli("events", "--config", dir.resolve("cli.conf").toString(), "--since", "2h");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("the daemon is not running")
                .contains("read from the journal in " + scratch.resolve("state"));
        assertThat(r.out())
                .contains("  daemon started (version ")
                .containsPattern("mobile link down [^\\n]*: modem hung: 3 consecutive AT timeouts → USB power cycle")
                .endsWith("  daemon stopped\n");
    }
}
