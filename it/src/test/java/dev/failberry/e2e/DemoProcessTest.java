package dev.failberry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.json.Json;
import dev.failberry.sim.Launchers;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code failberry demo} as a user runs it: its own JVM, the simulated world in a child JVM
 * ({@code DemoWorld}), faults forwarded over the admin API, SIGTERM stops both.
 */
class DemoProcessTest {
    @TempDir
    Path dir;

    private Process demo;

    private record Reply(int status, String body) {}

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

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
            return String.valueOf(
                    Json.parseObject(call("GET", admin, "/status").body()).get("state"));
        } catch (IOException e) {
            return "unreachable";
        }
    }

    /** The whole command line (ProcessHandle.Info cuts long ones short). */
    private static String cmdline(ProcessHandle p) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void demoRunsTheWorldInAChildAndStopsItOnSigterm() throws Exception {
        int health = freePort();
        int admin = freePort();
        Path log = dir.resolve("demo.log");
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
                .redirectOutput(log.toFile())
                .start();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "CONNECTED".equals(state(admin)));
        assertThat(call("GET", health, "/health")).isEqualTo(new Reply(200, "failberry ok"));
        List<ProcessHandle> world = demo.descendants()
                .filter(p -> cmdline(p).contains("dev.failberry.sim.demo.DemoWorld"))
                .toList();
        assertThat(world).as("the simulated world runs in its own JVM").hasSize(1);

        // faults reach the world through the daemon's admin API
        Reply bad = call("POST", admin, "/demo/fault?what=nonsense");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("hang", "vanish", "internet-down");
        assertThat(call("POST", admin, "/demo/fault?what=internet-down"))
                .isEqualTo(new Reply(200, "ok: internet-down\n"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "DEGRADED".equals(state(admin)));
        assertThat(call("GET", health, "/health").status()).isEqualTo(503);

        demo.destroy(); // SIGTERM, as systemd or Ctrl-C
        assertThat(demo.waitFor(30, TimeUnit.SECONDS))
                .as("demo stops on SIGTERM")
                .isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> world.stream().noneMatch(ProcessHandle::isAlive));
        String out = Files.readString(log);
        assertThat(out)
                .contains("FailberryPi demo (scratch directory")
                .contains("stopping the simulated world")
                .doesNotContain("Exception in thread")
                .doesNotContain("device vanished"); // the daemon closes the modem port before the world stops
    }
}
