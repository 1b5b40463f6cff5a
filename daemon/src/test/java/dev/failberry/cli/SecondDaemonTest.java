package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.host.LockHolder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second daemon, and commands that would act on the modem or hub themselves, while a daemon (a real
 * child JVM holding the locks) runs but does not answer on the admin port (issue 21 item 5).
 */
class SecondDaemonTest {
    @TempDir
    Path dir;

    Path state;
    Path locks;
    Path tty;
    int deadAdminPort;

    @BeforeEach
    void setUp() throws IOException {
        state = Files.createDirectory(dir.resolve("state"));
        locks = Files.createDirectory(dir.resolve("lock"));
        tty = Files.createFile(dir.resolve("ttyUSB9"));
        try (var s = new ServerSocket(0)) {
            deadAdminPort = s.getLocalPort();
        }
    }

    Path config(Path stateDir) throws IOException {
        return Files.writeString(
                dir.resolve("failberry.conf"), """
                failberry {
                  state-dir = "%s"
                  runtime-dir = "%s"
                  modem.port = "%s"
                  health.port = 0
                  admin { bind = "127.0.0.1", port = %d }
                }
                """.formatted(stateDir, dir.resolve("run"), tty, deadAdminPort));
    }

    @Test
    void aSecondDaemonOnTheSameStateDirectoryExits2NamingTheFirst() throws Exception {
        Path conf = config(state);
        try (LockHolder first = LockHolder.start(state, locks, tty.toString())) {
            CliTest.Run r = assertTimeoutPreemptively(
                    Duration.ofSeconds(60), () -> CliTest.run("run", "--config", conf.toString()));
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().lines())
                    .singleElement()
                    .asString()
                    .startsWith("failberry: not starting: another failberry daemon (pid " + first.pid() + " (java ... ")
                    .endsWith(") is running with the state directory " + state
                            + "; stop it first (systemctl stop failberry)");
        }
    }

    @Test
    void aSecondDaemonOnTheSameModemIsRefusedNamingTheFirst() throws Exception {
        Path otherState = Files.createDirectory(dir.resolve("other-state"));
        FailberryConfig c = ConfigLoader.load(config(state));
        try (LockHolder first = LockHolder.start(otherState, locks, tty.toString())) {
            assertThat(StartChecks.refusal(c, locks)).hasValueSatisfying(m -> assertThat(m)
                    .startsWith("another failberry daemon (pid " + first.pid() + " (java ... ")
                    .endsWith(") is using the modem port " + tty + "; stop it first"));
        }
    }

    @Test
    void modemAtAndUsbCycleRefuseToActBehindARunningDaemon() throws Exception {
        Path conf = config(state);
        try (LockHolder daemon = LockHolder.start(state, locks, tty.toString())) {
            String admin = "http://127.0.0.1:" + deadAdminPort;
            CliTest.Run at = CliTest.run("modem", "at", "--config", conf.toString(), "ATI");
            assertThat(at.exit()).isEqualTo(3);
            assertThat(at.err().strip())
                    .isEqualTo("failberry modem at: the daemon (pid " + daemon.pid() + ") holds "
                            + state + " but does not answer at " + admin
                            + "; not acting behind its back (see systemctl status failberry).");
            CliTest.Run info = CliTest.run("modem", "info", "--config", conf.toString());
            assertThat(info.exit()).isEqualTo(3);
            assertThat(info.err()).contains("not acting behind its back");
            CliTest.Run usb = CliTest.run("usb", "cycle", "--config", conf.toString());
            assertThat(usb.exit()).isEqualTo(3);
            assertThat(usb.err().strip())
                    .isEqualTo("failberry usb cycle: the daemon (pid " + daemon.pid() + ") holds "
                            + state + " but does not answer at " + admin
                            + "; not acting behind its back (see systemctl status failberry).");
            assertThat(usb.out()).isEmpty();

            daemon.kill9();
            CliTest.Run after = CliTest.run("usb", "cycle", "--config", conf.toString());
            assertThat(after.err()).as("no daemon: acts directly").doesNotContain("behind its back");
        }
    }

    /** Issue 21 item 6: a state directory others can write, or another user's, is refused before anything. */
    @Test
    void runRefusesAStateOrRuntimeDirectoryOthersCouldWrite() throws Exception {
        Files.setAttribute(state, "unix:mode", 0777);
        Path conf = config(state);
        CliTest.Run r = assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> CliTest.run("run", "--config", conf.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("failberry: not starting: unsafe state directory: " + state
                        + " is writable by group and others (mode 0777); it must belong to the daemon's user and be writable by no"
                        + " one else (e.g. chmod 0750)");
        assertThat(state.resolve("failberry.lock")).as("nothing written there").doesNotExist();

        Files.setAttribute(state, "unix:mode", 0750);
        Path runtime = Files.createDirectory(dir.resolve("run"));
        Files.setAttribute(runtime, "unix:mode", 0757);
        CliTest.Run r2 = assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> CliTest.run("run", "--config", conf.toString()));
        assertThat(r2.exit()).isEqualTo(2);
        assertThat(r2.err()).contains("unsafe runtime directory: " + runtime + " is writable by others (mode 0757)");
    }

    @Test
    void missingDirectoriesAreCreatedPrivate() throws IOException {
        Path fresh = dir.resolve("new/state");
        assertThat(StartChecks.unsafeDirectory("state", fresh)).isEmpty();
        assertThat((Integer) Files.getAttribute(fresh, "unix:mode") & 0777).isEqualTo(0750);
    }
}
