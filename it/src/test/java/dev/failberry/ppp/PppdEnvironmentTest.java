package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.ppp.StandIns;
import dev.failberry.sim.ppp.TestPty;
import dev.failberry.time.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pppd gets the minimal environment, and so does everything it runs (issue 21 item 9: the daemon's AWS
 * credentials reached pppd and chat). The "chat" here is a script that writes the environment it got
 * from the (fake) pppd, which runs it through /bin/sh as pppd does.
 */
class PppdEnvironmentTest {
    @TempDir
    Path tmp;

    @Test
    void pppdAndTheConnectScriptSeeOnlyPathLocaleAndTimeZone() throws Exception {
        StandIns standIns = StandIns.install(tmp.resolve("bin"), tmp.resolve("ctl"));
        standIns.scenario(Map.of());
        Path seen = tmp.resolve("env.txt");
        Path chat = tmp.resolve("chat");
        Files.writeString(chat, "#!/bin/sh\nenv > '" + seen + "'\nexit 3\n");
        Files.setPosixFilePermissions(chat, PosixFilePermissions.fromString("rwxr-xr-x"));
        FailberryConfig c = TestConfigs.config("runtime-dir = \"" + tmp.resolve("rt") + "\"\n" + "ppp { pppd = \""
                + standIns.pppd() + "\", chat = \"" + chat + "\", connect-timeout = 30s }\n");
        var time = new VirtualTime();
        try (TestPty pty = new TestPty()) {
            PppLink link = new PppLink(
                    c.modem(),
                    c.ppp(),
                    standIns.paths(c.runtimeDir()),
                    time,
                    new RecordingPppListener(),
                    new Random(1),
                    () -> PppdVersion.BOOKWORM);
            try {
                link.start(pty.slavePath());
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    time.runDue();
                    return Files.exists(seen) && Files.readString(seen).contains("PATH=");
                });
            } finally {
                link.close();
            }
        }
        // /bin/sh adds its own PWD (and dash's OLDPWD); everything else came from pppd
        assertThat(Files.readAllLines(seen))
                .map(l -> l.substring(0, l.indexOf('=')))
                .isSubsetOf("PATH", "LC_ALL", "TZ", "PWD", "OLDPWD", "SHLVL", "_")
                .contains("PATH", "LC_ALL");
        assertThat(Files.readAllLines(seen))
                .contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }
}
