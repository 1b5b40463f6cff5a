package dev.failberry.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.DaemonState;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a {@code Type=notify} unit sees it, with the test in PID 1's place: a bound AF_UNIX
 * datagram socket handed over as {@code NOTIFY_SOCKET}, and {@code WATCHDOG_USEC} of 400 ms (a ping
 * every 200 ms). READY=1 comes once the health listener answers, STATUS= with every state change,
 * WATCHDOG=1 while the supervisor runs, none while it is wedged, STOPPING=1 at shutdown.
 */
class DaemonNotifyTest {
    @TempDir
    Path dir;

    @Test
    void readyStatusAndWatchdogFollowTheSupervisorAndAWedgedSupervisorSendsNoPing() throws Exception {
        var config = ConfigLoader.fromUserConfig(
                ConfigFactory.parseString("failberry { state-dir = \"" + dir
                        + "\", health { bind = \"127.0.0.1\", port = 0 }, admin.port = 0 }"),
                "test.conf");
        try (var systemd = new NotifySocket("@failberry-test-" + UUID.randomUUID())) {
            var notifier = SystemdNotifier.fromEnvironment(
                    Map.of(
                            "NOTIFY_SOCKET",
                            systemd.name(),
                            "WATCHDOG_USEC",
                            "400000",
                            "WATCHDOG_PID",
                            Long.toString(ProcessHandle.current().pid())),
                    ProcessHandle.current().pid());
            var daemon = new Daemon(config, notifier);
            try {
                daemon.start();
                // an await, not a timing claim: a start on two loaded cores took over 5 s
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> systemd.received().contains("READY=1\nSTATUS=STARTING: starting"));
                // ready means answering
                assertThat(get(daemon.healthAddress().getPort())).startsWith("HTTP/1.1 503 ");

                daemon.runOnSupervisor(
                        () -> daemon.supervisor().transition(DaemonState.MODEM_INIT, "opening the modem"));
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> systemd.received().contains("STATUS=MODEM_INIT: opening the modem"));
                await().atMost(Duration.ofSeconds(5)).until(() -> systemd.count("WATCHDOG=1") >= 3);

                // wedge the supervisor's thread: no ping for five intervals
                var wedged = new CountDownLatch(1);
                var release = new CountDownLatch(1);
                daemon.supervisor().scheduler().execute(() -> {
                    wedged.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertThat(wedged.await(5, TimeUnit.SECONDS)).isTrue();
                long before = systemd.count("WATCHDOG=1");
                await().pollDelay(Duration.ofMillis(1000)).until(() -> true);
                assertThat(systemd.count("WATCHDOG=1")).isEqualTo(before);

                release.countDown();
                await().atMost(Duration.ofSeconds(5)).until(() -> systemd.count("WATCHDOG=1") > before);
            } finally {
                daemon.close();
            }
            assertThat(systemd.received()).contains("STOPPING=1", "STATUS=STOPPING: shutdown requested");
        }
    }

    private static String get(int port) throws IOException {
        try (var s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            s.getOutputStream()
                    .write("GET /health HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
