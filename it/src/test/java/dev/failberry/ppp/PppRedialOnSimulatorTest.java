package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimPort;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.sim.ppp.StandIns;
import dev.failberry.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pppd (the stand-in, a real process running the chat stand-in on the tty) against the modem simulator's
 * data port: after pppd is stopped, the modem is back in command mode and the redial connects. Before the
 * simulator dropped the call when pppd closed the port, the second chat met a modem still in data mode
 * and pppd exited 8 ("Connect script failed").
 */
class PppRedialOnSimulatorTest {
    @TempDir
    Path tmp;

    private final VirtualTime time = new VirtualTime();
    private final RecordingPppListener events = new RecordingPppListener();
    private ModemSimulator sim;
    private PppLink link;

    @AfterEach
    void tearDown() {
        if (link != null) {
            link.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void until(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    time.runDue();
                    return condition.getAsBoolean();
                });
    }

    @Test
    void redialAfterPppdStoppedConnectsAgain() throws Exception {
        sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), tmp.resolve("dev"));
        StandIns standIns = StandIns.install(tmp.resolve("bin"), tmp.resolve("ctl"));
        FailberryConfig c = TestConfigs.config("runtime-dir = \"" + tmp.resolve("rt") + "\"\n"
                + "ppp { pppd = \"" + standIns.pppd() + "\", chat = \"" + standIns.chat() + "\", connect-timeout = 20s,"
                + " stop-grace = 2s\n"
                + "  redial { initial-backoff = 1s, multiplier = 2.0, max-backoff = 4s, jitter = 0, stable-after = 5m }\n"
                + "  data-usage.statistics-dir = \"" + standIns.statisticsDir() + "\" }\n");
        link = new PppLink(
                c.modem(),
                c.ppp(),
                standIns.paths(c.runtimeDir()),
                time,
                events,
                new Random(1),
                () -> PppdVersion.BOOKWORM);
        link.start(sim.dataPath());
        until(() -> link.status().state() == PppState.CONNECTED);
        assertThat(sim.inDataMode(SimPort.DATA)).isTrue();

        for (int redial = 1; redial <= 2; redial++) {
            int dials = link.status().dials();
            link.redial(); // the ladder's first rung: pppd is stopped and started again
            until(() -> link.status().dials() > dials && link.status().state() == PppState.CONNECTED);
            assertThat(events.last(LinkDown.class).reason())
                    .as("redial %d", redial)
                    .isEqualTo(PppdExit.STOPPED);
        }
        assertThat(events.all(LinkDown.class)).noneMatch(d -> d.reason() == PppdExit.CONNECT_SCRIPT_FAILED);
    }
}
