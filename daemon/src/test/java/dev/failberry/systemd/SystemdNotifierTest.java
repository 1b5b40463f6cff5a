package dev.failberry.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sd_notify over a real AF_UNIX datagram socket that the test binds and hands over as {@code NOTIFY_SOCKET},
 * at a path and in the abstract namespace, as systemd does.
 */
class SystemdNotifierTest {
    private static final long PID = 4242;

    @TempDir
    Path dir;

    private String abstractName() {
        return "@failberry-test-" + UUID.randomUUID();
    }

    @Test
    void withoutNotifySocketNothingIsSentAndNothingNativeIsNeeded() {
        SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"), PID);
        assertThat(n).isSameAs(SystemdNotifier.NONE);
        assertThat(n.enabled()).isFalse();
        assertThat(n.watchdogInterval()).isEmpty();
        n.ready("STARTING: starting");
        n.status("x");
        n.stopping();
    }

    @ParameterizedTest(name = "WATCHDOG_USEC={0} WATCHDOG_PID={1}")
    @CsvSource(
            nullValues = "-",
            value = {
                "60000000, -, 30000", // WatchdogSec=60: ping every 30 s
                "60000000, 4242, 30000", // for us
                "60000000, 17, -", // for another process (the wrapper's, were it not exec'ing java)
                "5000, -, 2", // WatchdogSec=5ms: every 2.5 ms (2 whole ms)
                "0, -, -",
                "-1, -, -",
                "sixty, -, -",
                "-, -, -"
            })
    void theWatchdogIntervalIsHalfOfWatchdogUsecAndOnlyForUs(String usec, String pid, Long millis) {
        Duration d = SystemdNotifier.watchdogInterval(usec, pid, PID);
        assertThat(d == null ? null : d.toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"path", "abstract"})
    void readyStatusAndStoppingArriveAtAPathOrAnAbstractSocket(String kind) throws Exception {
        String name = kind.equals("path") ? dir.resolve("notify").toString() : abstractName();
        try (var systemd = new NotifySocket(name)) {
            SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", name), PID);
            assertThat(n.enabled()).isTrue();
            n.ready("STARTING: starting");
            n.status("DEGRADED: probes failed\nWATCHDOG=1\r");
            n.stopping();
            assertThat(systemd.received())
                    .containsExactly(
                            "READY=1\nSTATUS=STARTING: starting",
                            "STATUS=DEGRADED: probes failed WATCHDOG=1 ",
                            "STOPPING=1");
        }
    }

    @Test
    void readyIsNotLostWhileTheQueueIsFullButAStatusIs() throws Exception {
        // PID 1 busy: an AF_UNIX datagram queue holds net.unix.max_dgram_qlen (10) datagrams; the next
        // non-blocking send fails with EAGAIN. READY=1 lost that way made systemd kill the service.
        try (var systemd = new NotifySocket(abstractName());
                var other = new UnixDatagram(systemd.name())) { // another service filling PID 1's queue
            SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name()), PID);
            int queued = 0;
            try {
                while (queued < 1000) {
                    other.send(("STATUS=" + queued).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    queued++;
                }
            } catch (com.sun.jna.LastErrorException full) {
                assertThat(full.getErrorCode()).isEqualTo(11); // EAGAIN
            }
            assertThat(queued).isLessThan(1000);
            n.status("lost"); // tried once
            var drain = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                systemd.received();
            });
            drain.start();
            n.ready("CONNECTED: link up");
            drain.join();
            assertThat(systemd.received())
                    .contains("READY=1\nSTATUS=CONNECTED: link up")
                    .doesNotContain("STATUS=lost");
        }
    }

    @Test
    void aLongStateLineIsCutTo200Characters() throws Exception {
        try (var systemd = new NotifySocket(abstractName())) {
            SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name()), PID)
                    .status("x".repeat(500));
            assertThat(systemd.received()).containsExactly("STATUS=" + "x".repeat(200));
        }
    }

    @Test
    void pingsEveryHalfOfWatchdogUsecOnlyWhileTheHeartbeatIsFresh() throws Exception {
        var time = new VirtualTime();
        var heartbeatAge = new AtomicLong();
        try (var systemd = new NotifySocket(abstractName())) {
            SystemdNotifier n = SystemdNotifier.fromEnvironment(
                    Map.of("NOTIFY_SOCKET", systemd.name(), "WATCHDOG_USEC", "60000000"), PID);
            n.startWatchdog(time, heartbeatAge::get, Duration.ofSeconds(20).toNanos());
            time.advance(Duration.ofSeconds(90));
            assertThat(systemd.count("WATCHDOG=1")).isEqualTo(4); // at 0, 30, 60 and 90 s

            heartbeatAge.set(Duration.ofSeconds(21).toNanos());
            time.advance(Duration.ofSeconds(120));
            assertThat(systemd.count("WATCHDOG=1")).isEqualTo(4);

            heartbeatAge.set(0);
            time.advance(Duration.ofSeconds(30));
            assertThat(systemd.count("WATCHDOG=1")).isEqualTo(5);
        }
    }

    @Test
    void withoutWatchdogUsecNoPingIsScheduled() throws Exception {
        var time = new VirtualTime();
        try (var systemd = new NotifySocket(abstractName())) {
            SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name()), PID);
            n.startWatchdog(time, () -> 0, 1);
            time.advance(Duration.ofHours(1));
            assertThat(systemd.received()).isEmpty();
        }
    }

    @Test
    void aSocketNobodyListensOnIsLoggedOnceAndTheDaemonRunsOn() {
        String missing = dir.resolve("nobody-here").toString();
        try (var log = LogCapture.of(SystemdNotifier.class)) {
            SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", missing), PID);
            n.ready("STARTING: starting");
            n.status("MODEM_INIT: opening the modem");
            n.stopping();
            assertThat(log.messages()).hasSize(1);
            assertThat(log.messages().get(0))
                    .isEqualTo(
                            "WARN systemd: could not notify " + missing + " (READY=1): [2] No such file or directory");
        }
    }

    @Test
    void anAddressThatIsNotAUnixSocketTurnsNotifyingOff() {
        try (var log = LogCapture.of(SystemdNotifier.class)) {
            for (String bad : List.of("vsock:2:1234", "relative/path", "@", "/" + "x".repeat(120))) {
                assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", bad), PID))
                        .as(bad)
                        .isSameAs(SystemdNotifier.NONE);
            }
            assertThat(log.messages())
                    .hasSize(4)
                    .allMatch(m -> m.startsWith("ERROR systemd: cannot notify NOTIFY_SOCKET="));
        }
    }

    @Test
    void sockaddrForAPathEndsWithItsNulAndForAnAbstractNameStartsWithOne() {
        byte[] out = new byte[2 + UnixDatagram.SUN_PATH];
        assertThat(UnixDatagram.sockaddr("/run/systemd/notify", out)).isEqualTo(2 + 19 + 1);
        assertThat(out[2]).isEqualTo((byte) '/');
        assertThat(out[2 + 19]).isZero();
        out = new byte[2 + UnixDatagram.SUN_PATH];
        assertThat(UnixDatagram.sockaddr("@abc", out)).isEqualTo(2 + 1 + 3);
        assertThat(out[2]).isZero();
        assertThat(out[3]).isEqualTo((byte) 'a');
        assertThatThrownBy(() -> UnixDatagram.sockaddr("/" + "x".repeat(107), new byte[110]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(UnixDatagram.sockaddr("/" + "x".repeat(106), new byte[110])).isEqualTo(110);
    }
}
