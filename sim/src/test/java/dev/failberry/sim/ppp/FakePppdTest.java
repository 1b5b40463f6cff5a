package dev.failberry.sim.ppp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake pppd at its boundary: command line with an options file, log lines, signals, exit codes. */
class FakePppdTest {
    @TempDir
    Path tmp;

    @Test
    void versionLikePppd() throws Exception {
        StandIns s = StandIns.install(tmp.resolve("bin"), tmp.resolve("ctl"));
        Process p = new ProcessBuilder(s.pppd().toString(), "--version")
                .redirectErrorStream(true)
                .start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("pppd version 2.4.9");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void optionsFileDialHangupSignalAndUnknownOption() throws Exception {
        StandIns s = StandIns.install(tmp.resolve("bin"), tmp.resolve("ctl"));
        s.scenario(Map.of("local-ip", "10.1.2.3"));
        Path script = tmp.resolve("chat-script");
        Files.writeString(script, "ABORT 'NO CARRIER'\nTIMEOUT 5\n'' AT\nOK ATD*99#\nCONNECT ''\n");
        Path options = tmp.resolve("options");
        try (TestPty pty = new TestPty()) {
            var modem = ScriptedModem.dialing("CONNECT").serve(pty.masterIn(), pty.masterOut());
            Files.writeString(
                    options,
                    "# options file\nnodetach noauth lock usepeerdns\nlinkname failberry\nunit 3\n" + "connect \""
                            + s.chat() + " -v -f " + script + "\"\n");
            Process p = new ProcessBuilder(s.pppd().toString(), pty.slavePath(), "115200", "file", options.toString())
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(
                    () -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                            .lines()
                            .forEach(lines::add));
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("secondary DNS address 10.11.12.14"));
                assertThat(lines)
                        .containsSubsequence(
                                "Serial connection established.",
                                "Using interface ppp3",
                                "Connect: ppp3 <--> " + pty.slavePath(),
                                "local  IP address 10.1.2.3",
                                "remote IP address 10.64.64.64",
                                "primary   DNS address 10.11.12.13");
                assertThat(modem.commands()).containsExactly("AT", "ATD*99#");
                assertThat(Files.readString(s.pidDir().resolve("ppp-failberry.pid")))
                        .isEqualTo(p.pid() + "\nppp3\n");
                assertThat(s.lockDir()
                                .resolve("LCK.." + Path.of(pty.slavePath()).getFileName()))
                        .exists();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> Files.exists(s.statisticsDir().resolve("ppp3/statistics/rx_bytes")));

                new ProcessBuilder("kill", "-HUP", Long.toString(p.pid()))
                        .start()
                        .waitFor();
                assertThat(p.waitFor(30, TimeUnit.SECONDS))
                        .as("fake pppd exits after SIGHUP")
                        .isTrue();
                reader.join(5000);
                assertThat(p.exitValue()).isEqualTo(16);
                assertThat(lines).containsSubsequence("Hangup (SIGHUP)", "Connection terminated.", "Exit.");
                assertThat(lines).anyMatch(l -> l.matches("Sent \\d+ bytes, received \\d+ bytes\\."));
                assertThat(s.pidDir().resolve("ppp-failberry.pid")).doesNotExist();
                assertThat(s.statisticsDir().resolve("ppp3")).doesNotExist();
            } finally {
                p.destroyForcibly();
            }
        }
        Process bad = new ProcessBuilder(s.pppd().toString(), "/dev/null", "nodetach", "frobnicate")
                .redirectErrorStream(true)
                .start();
        assertThat(new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("unrecognized option 'frobnicate'");
        assertThat(bad.waitFor()).isEqualTo(2);
    }
}
