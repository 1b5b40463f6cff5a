package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.ppp.ScriptedModem;
import dev.failberry.sim.ppp.StandIns;
import dev.failberry.sim.ppp.TestPty;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PppLink with real processes: the fake pppd (a real executable) runs the generated chat script through
 * /bin/sh on a real PTY whose other end is a scripted modem. Timers (connect timeout, stop grace,
 * backoff) run in virtual time; process I/O is real and awaited.
 */
class PppLinkIntegrationTest {
    @TempDir
    Path tmp;

    private final VirtualTime time = new VirtualTime();
    private final RecordingPppListener events = new RecordingPppListener();
    private StandIns standIns;
    private TestPty pty;
    private PppLink link;
    private ScriptedModem modem;

    @BeforeEach
    void setUp() throws IOException {
        standIns = StandIns.install(tmp.resolve("bin"), tmp.resolve("ctl"));
        pty = new TestPty();
    }

    @AfterEach
    void tearDown() {
        if (link != null) {
            link.close();
        }
        pty.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }

    private FailberryConfig config(Path pppd, Path chat, String extra) {
        return TestConfigs.config("runtime-dir = \"" + tmp.resolve("rt") + "\"\n"
                + "ppp { pppd = \"" + pppd + "\", chat = \"" + chat + "\", connect-timeout = 30s, stop-grace = 2s\n"
                + "  redial { initial-backoff = 5s, multiplier = 2.0, max-backoff = 40s, jitter = 0, stable-after = 5m }\n"
                + "  data-usage.statistics-dir = \"" + standIns.statisticsDir() + "\" }\n" + extra);
    }

    private PppLink link(FailberryConfig c) {
        link = new PppLink(
                c.modem(),
                c.ppp(),
                standIns.paths(c.runtimeDir()),
                time,
                events,
                new Random(1),
                () -> PppdVersion.BOOKWORM);
        return link;
    }

    private PppLink fakeLink(String extra) {
        return link(config(standIns.pppd(), standIns.chat(), extra));
    }

    private void serveModem(String dialReply) {
        modem = ScriptedModem.dialing(dialReply).serve(pty.masterIn(), pty.masterOut());
    }

    /** Runs due scheduler tasks until the condition holds (process output arrives in real time). */
    private void until(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    time.runDue();
                    return condition.getAsBoolean();
                });
    }

    private LinkDown awaitDown() {
        until(() -> events.last(LinkDown.class) != null);
        return events.last(LinkDown.class);
    }

    @Test
    void dialSucceedsWithIpAndStopLeavesNoChildProcess() throws Exception {
        standIns.scenario(Map.of("local-ip", "100.72.13.5"));
        serveModem("CONNECT 7200000");
        var dataUsage = new DataUsage(
                config(standIns.pppd(), standIns.chat(), "").ppp().dataUsage(),
                tmp.resolve("state/data-usage.properties"),
                time,
                ZoneOffset.UTC,
                events);
        fakeLink("modem.apn = \"web.vodafone.de\"").start(pty.slavePath());
        until(() -> link.status().state() == PppState.CONNECTED);

        LinkInfo up = events.last(LinkInfo.class);
        assertThat(up.localIp()).isEqualTo("100.72.13.5");
        assertThat(up.remoteIp()).isEqualTo("10.64.64.64");
        assertThat(up.interfaceName()).isEqualTo("ppp0");
        assertThat(up.device()).isEqualTo(pty.slavePath());
        assertThat(up.ipClass()).isEqualTo(IpClassifier.IpClass.CGNAT);
        assertThat(link.status().link()).isEqualTo(up);
        assertThat(modem.commands())
                .containsExactly("AT", "ATE0", "AT+CGDCONT=1,\"IP\",\"web.vodafone.de\"", "ATD*99#");
        Optional<Long> pid = StalePppd.readPid(standIns.pidDir().resolve("ppp-failberry.pid"));
        assertThat(pid).isPresent();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).contains(pid.get());

        // the fake pppd writes interface statistics: data usage counts them end to end
        dataUsage.linkUp(up.interfaceName());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            dataUsage.sample();
            return dataUsage.snapshot().rxBytes() > 0;
        });

        link.stop();
        until(() -> link.status().state() == PppState.IDLE);
        LinkDown down = events.last(LinkDown.class);
        assertThat(down.reason()).isEqualTo(PppdExit.STOPPED);
        assertThat(down.exitStatus()).isEqualTo(5);
        assertThat(down.cause())
                .isEqualTo("Terminating on signal 15"); // pppd's last lines are still read after SIGTERM
        assertThat(down.wasUp()).isTrue();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                .isEmpty();
        assertThat(standIns.pidDir().resolve("ppp-failberry.pid")).doesNotExist();
        assertThat(events.all(RecordingPppListener.Redial.class)).isEmpty();
    }

    @Test
    void noCarrierIsConnectScriptFailedExit8ThenBackoff() throws Exception {
        serveModem("NO CARRIER");
        fakeLink("").start(pty.slavePath());
        LinkDown down = awaitDown();
        assertThat(down.reason()).isEqualTo(PppdExit.CONNECT_SCRIPT_FAILED);
        assertThat(down.exitStatus()).isEqualTo(8);
        assertThat(down.cause()).isEqualTo("Connect script failed");
        assertThat(down.wasUp()).isFalse();
        until(() -> link.status().state() == PppState.BACKOFF);
        assertThat(events.last(RecordingPppListener.Redial.class))
                .isEqualTo(new RecordingPppListener.Redial(0, Duration.ofSeconds(5)));
    }

    @Test
    void negotiationFailureIsExit10() throws Exception {
        standIns.scenario(Map.of("outcome", "negotiation-failed"));
        serveModem("CONNECT");
        fakeLink("").start(pty.slavePath());
        LinkDown down = awaitDown();
        assertThat(down.reason()).isEqualTo(PppdExit.NEGOTIATION_FAILED);
        assertThat(down.exitStatus()).isEqualTo(10);
        assertThat(down.cause()).isEqualTo("LCP: timeout sending Config-Requests");
    }

    @Test
    void deadPeerIsExit15AfterTheLinkWasUp() throws Exception {
        standIns.scenario(Map.of("peer-dead-after-ms", "300"));
        serveModem("CONNECT");
        fakeLink("").start(pty.slavePath());
        LinkDown down = awaitDown();
        assertThat(events.all(LinkInfo.class)).hasSize(1);
        assertThat(down.reason()).isEqualTo(PppdExit.PEER_DEAD);
        assertThat(down.exitStatus()).isEqualTo(15);
        assertThat(down.cause()).isEqualTo("No response to 3 echo-requests");
        assertThat(down.wasUp()).isTrue();
    }

    @Test
    void vanishingModemIsModemHangupExit16() throws Exception {
        serveModem("CONNECT");
        fakeLink("").start(pty.slavePath());
        until(() -> link.status().state() == PppState.CONNECTED);
        pty.vanish();
        LinkDown down = awaitDown();
        assertThat(down.reason()).isEqualTo(PppdExit.MODEM_HANGUP);
        assertThat(down.exitStatus()).isEqualTo(16);
        assertThat(down.cause()).isEqualTo("Modem hangup");
        assertThat(down.describe()).isEqualTo("pppd exited 16: modem hung up (Modem hangup)");
    }

    @Test
    void stalePppdFromAPreviousRunIsTerminated() throws Exception {
        standIns.scenario(Map.of("outcome", "silent"));
        Process old = new ProcessBuilder(
                        standIns.pppd().toString(),
                        pty.slavePath(),
                        "115200",
                        "nodetach",
                        "lock",
                        "linkname",
                        "failberry")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("old.log").toFile())
                .start();
        try {
            Path pidFile = standIns.pidDir().resolve("ppp-failberry.pid");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.exists(pidFile)
                            && Files.exists(standIns.lockDir()
                                    .resolve("LCK.." + Path.of(pty.slavePath()).getFileName())));
            assertThat(StalePppd.readPid(pidFile)).contains(old.pid());

            fakeLink("").start(pty.slavePath());
            time.runDue();
            assertThat(old.isAlive()).isFalse();
            assertThat(Files.readString(tmp.resolve("old.log"))).contains("Terminating on signal 15", "Exit.");
            assertThat(old.exitValue()).isEqualTo(5);
            assertThat(link.status().state()).isEqualTo(PppState.DIALING);
            // the new pppd got the lock and its own pid file
            await().atMost(Duration.ofSeconds(20)).until(() -> StalePppd.readPid(pidFile)
                    .filter(p -> p != old.pid())
                    .isPresent());
        } finally {
            old.destroyForcibly();
        }
    }

    @Test
    void processesThatAreNotOurPppdAreLeftAlone() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(standIns.pidDir().resolve("ppp-failberry.pid"), other.pid() + "\n");
            List<Long> killed = StalePppd.clean(standIns.paths(tmp), pty.slavePath(), Duration.ofSeconds(1));
            assertThat(killed).isEmpty();
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void hungPppdWithoutOutputIsKilledAfterConnectTimeoutIncludingDescendants() throws Exception {
        Path pppd = script("hung-pppd", "trap '' TERM\nsleep 300 &\nwait\nwait\n");
        link(config(pppd, standIns.chat(), "")).start(pty.slavePath());
        until(() -> link.status().state() == PppState.DIALING
                && ProcessHandle.current()
                        .descendants()
                        .anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
        time.advance(Duration.ofSeconds(29));
        assertThat(link.status().state()).isEqualTo(PppState.DIALING);
        time.advance(Duration.ofSeconds(1));
        assertThat(link.status().state()).isEqualTo(PppState.DISCONNECTING);
        Thread.sleep(200); // SIGTERM is ignored: still alive after the real grace would have started
        assertThat(ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive))
                .isTrue();
        time.advance(Duration.ofSeconds(2));
        LinkDown down = awaitDown();
        assertThat(down.reason()).isEqualTo(PppdExit.CONNECT_TIMEOUT);
        until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
        assertThat(link.status().state()).isEqualTo(PppState.BACKOFF);
    }

    @Test
    void redialBackoffGrowsIsBoundedAndResetsAfterAStableLink() throws Exception {
        Path ctl = tmp.resolve("shell");
        Files.createDirectories(ctl);
        Files.writeString(ctl.resolve("mode"), "fail");
        Path pppd = script(
                "shell-pppd",
                "mode=$(cat '" + ctl + "/mode')\n"
                        + "if [ \"$mode\" = up ]; then\n"
                        + "  echo 'Using interface ppp0'\n  echo 'local  IP address 10.64.1.1'\n  echo 'remote IP address 10.64.64.64'\n"
                        + "  while [ -f '" + ctl
                        + "/upflag' ]; do sleep 0.05; done\n  echo 'Modem hangup'\n  exit 16\nfi\n"
                        + "echo 'Connect script failed'\nexit 8\n");
        link(config(pppd, standIns.chat(), "")).start(pty.slavePath());
        List<Duration> expected =
                List.of(5, 10, 20, 40, 40).stream().map(Duration::ofSeconds).toList();
        for (int i = 0; i < expected.size(); i++) {
            int n = i + 1;
            until(() -> events.all(RecordingPppListener.Redial.class).size() == n);
            var redial = events.last(RecordingPppListener.Redial.class);
            assertThat(redial).isEqualTo(new RecordingPppListener.Redial(i, expected.get(i)));
            assertThat(events.last(LinkDown.class).reason()).isEqualTo(PppdExit.CONNECT_SCRIPT_FAILED);
            if (i < expected.size() - 1) {
                time.advance(expected.get(i).minusMillis(1));
                assertThat(link.status().state()).isEqualTo(PppState.BACKOFF);
                time.advance(Duration.ofMillis(1));
            }
        }
        // the next dial comes up and stays up past stable-after: the backoff starts from the beginning again
        Files.writeString(ctl.resolve("mode"), "up");
        Files.writeString(ctl.resolve("upflag"), "");
        time.advance(Duration.ofSeconds(40));
        until(() -> link.status().state() == PppState.CONNECTED);
        time.advance(Duration.ofMinutes(5));
        Files.delete(ctl.resolve("upflag"));
        until(() -> events.all(RecordingPppListener.Redial.class).size() == 6);
        assertThat(events.last(RecordingPppListener.Redial.class))
                .isEqualTo(new RecordingPppListener.Redial(0, Duration.ofSeconds(5)));
        assertThat(events.last(LinkDown.class).reason()).isEqualTo(PppdExit.MODEM_HANGUP);

        // redial() skips a pending backoff
        Files.writeString(ctl.resolve("mode"), "fail");
        int dials = link.status().dials();
        link.redial();
        until(() -> link.status().dials() == dials + 1);
    }

    @Test
    void theLaddersRedialStartsTheLinksOwnBackoffOver() throws Exception {
        Path pppd = script("failing-pppd", "echo 'Connect script failed'\nexit 8\n");
        link(config(pppd, standIns.chat(), "")).start(pty.slavePath());
        for (int i = 0; i < 3; i++) {
            int n = i + 1;
            until(() -> events.all(RecordingPppListener.Redial.class).size() == n);
            if (i < 2) {
                time.advance(events.last(RecordingPppListener.Redial.class).delay());
            }
        }
        assertThat(events.last(RecordingPppListener.Redial.class))
                .isEqualTo(new RecordingPppListener.Redial(2, Duration.ofSeconds(20)));

        // the supervisor's redial rung: dial at once, and a failure after it is retried after 5 s, not 40 s
        link.redial();
        until(() -> events.all(RecordingPppListener.Redial.class).size() == 4);
        assertThat(events.last(RecordingPppListener.Redial.class))
                .isEqualTo(new RecordingPppListener.Redial(0, Duration.ofSeconds(5)));
    }

    @Test
    void aStickThatHungUpByItselfIsNotBlamedOnTheDaemonThatStoppedPppdAfterwards() throws Exception {
        Path ctl = tmp.resolve("hangup");
        Files.createDirectories(ctl);
        Files.writeString(ctl.resolve("upflag"), "");
        // like pppd when the stick hangs up: "Modem hangup", then the teardown, exit 16, whatever signal arrives
        Path pppd = script(
                "hangup-pppd",
                "echo 'Using interface ppp0'\necho 'local  IP address 10.64.1.1'\n"
                        + "echo 'remote IP address 10.64.64.64'\nwhile [ -f '" + ctl
                        + "/upflag' ]; do sleep 0.05; done\n"
                        + "trap '' TERM\necho 'Modem hangup'\nwhile [ ! -f '" + ctl
                        + "/stopped' ]; do sleep 0.05; done\n"
                        + "echo 'Connection terminated.'\nexit 16\n");
        link(config(pppd, standIns.chat(), "")).start(pty.slavePath());
        until(() -> link.status().state() == PppState.CONNECTED);
        Files.delete(ctl.resolve("upflag"));
        until(() -> link.status().state() == PppState.DISCONNECTING);
        // the supervisor learns that the modem is gone and hangs up while pppd is still going down
        link.stop("modem gone: port vanished");
        until(() -> link.status().reason().equals("stopped by the daemon"));
        Files.writeString(ctl.resolve("stopped"), "");
        LinkDown down = awaitDown();
        assertThat(down.reason()).isEqualTo(PppdExit.MODEM_HANGUP);
        assertThat(down.describe()).isEqualTo("pppd exited 16: modem hung up (Modem hangup)");
    }

    @Test
    void whenTheDaemonStopsPppdTheLinkDownSaysWhy() throws Exception {
        serveModem("CONNECT");
        fakeLink("").start(pty.slavePath());
        until(() -> link.status().state() == PppState.CONNECTED);
        link.stop("USB power cycle");
        LinkDown down = awaitDown();
        assertThat(down.reason()).isEqualTo(PppdExit.STOPPED);
        assertThat(down.describe())
                .isEqualTo("pppd exited 5: stopped by the daemon: USB power cycle (Terminating on signal 15)");
    }

    @Test
    void fatalExitGoesFailedWithoutRedial() throws Exception {
        Path pppd = script(
                "nokernel",
                "echo 'Couldn''t open the /dev/ppp device: No such file or directory'\n"
                        + "echo 'Sorry - this system lacks PPP kernel support'\nexit 4\n");
        link(config(pppd, standIns.chat(), "")).start(pty.slavePath());
        LinkDown down = awaitDown();
        assertThat(down.reason()).isEqualTo(PppdExit.NO_KERNEL_PPP);
        assertThat(down.cause()).isEqualTo("Sorry - this system lacks PPP kernel support");
        until(() -> link.status().state() == PppState.FAILED);
        assertThat(events.all(RecordingPppListener.Redial.class)).isEmpty();
    }

    @Test
    void closeIsSynchronousAndLeavesNoOrphan() throws Exception {
        serveModem("CONNECT");
        fakeLink("").start(pty.slavePath());
        until(() -> link.status().state() == PppState.CONNECTED);
        link.close();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                .isEmpty();
    }

    @Test
    void realChatDialsTheModem() throws Exception {
        Path chat = Path.of("/usr/sbin/chat");
        Assumptions.assumeTrue(
                Files.isExecutable(chat),
                "the real chat(8) program is not installed (/usr/sbin/chat missing); FakeChat covers the dial elsewhere");
        serveModem("CONNECT 7200000");
        link(config(standIns.pppd(), chat, "")).start(pty.slavePath());
        until(() -> link.status().state() == PppState.CONNECTED);
        assertThat(modem.commands()).contains("ATD*99#");
    }

    private Path script(String name, String body) throws IOException {
        Path file = tmp.resolve("bin").resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
