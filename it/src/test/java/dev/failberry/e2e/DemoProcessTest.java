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

    @Test
    void demoWithAnEthernetLinkRecoversAHungStickByAPowerCycleAndStopsEverythingOnSigterm() throws Exception {
        int health = freePort();
        int admin = freePort();
        Path log = dir.resolve("demo-ethernet.log");
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
                        "--link",
                        "ethernet",
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
        var status = Json.parseObject(call("GET", admin, "/status").body());
        assertThat(String.valueOf(status.get("ppp"))).contains("interface=eth1", "local_ip=127.8.0.100");
        List<ProcessHandle> children = demo.descendants()
                .filter(p -> cmdline(p).contains("dev.failberry.sim.demo.DemoWorld")
                        || cmdline(p).contains("dev.failberry.sim.hilink.FakeIp"))
                .toList();
        assertThat(children).as("the world and the ip stand-in's monitor").hasSize(2);

        Reply bad = call("POST", admin, "/demo/fault?what=sim-out");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("hang", "vanish", "reboot", "denied", "link.type = ethernet");
        // the radio as the stick's API reports it: a weaker signal reaches the status
        assertThat(call("POST", admin, "/demo/fault?what=signal&value=5")).isEqualTo(new Reply(200, "ok: signal\n"));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> String.valueOf(
                                Json.parseObject(call("GET", admin, "/status").body())
                                        .get("modem"))
                        .contains("signal={csq=5, rssi_dbm=-103}"));
        assertThat(call("POST", admin, "/demo/fault?what=hang")).isEqualTo(new Reply(200, "ok: hang\n"));
        // the API stops answering: hung after modem.hung-threshold polls, the power cycled, back on a new address
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    var s = Json.parseObject(call("GET", admin, "/status").body());
                    return "CONNECTED".equals(s.get("state"))
                            && String.valueOf(s.get("recovery")).contains("usb_power_cycles=1")
                            && !String.valueOf(s.get("ppp")).contains("local_ip=127.8.0.100");
                });

        demo.destroy();
        assertThat(demo.waitFor(30, TimeUnit.SECONDS))
                .as("demo stops on SIGTERM")
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> demo.descendants().noneMatch(ProcessHandle::isAlive)
                        && children.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(Files.readString(log))
                .contains("FailberryPi demo (scratch directory")
                .contains("usb power cycle")
                .doesNotContain("Exception in thread");
    }
}
