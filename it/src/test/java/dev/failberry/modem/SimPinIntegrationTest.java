package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.Secret;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.ThreadScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIM PIN guard against the modem simulator's SIM (3 attempts, then PUK; the card keeps its count and
 * its lock through modem reboots), over a real pseudo-terminal, with daemon restarts and power cuts: each
 * "start" is a new monitor on the same state directory, as a new daemon process would be.
 */
class SimPinIntegrationTest {
    @TempDir
    Path dir;

    private ModemSimulator sim;
    private ModemMonitor monitor;
    private ThreadScheduler scheduler;
    private final List<ModemStatus> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        stopDaemon();
        if (sim != null) {
            sim.close();
        }
    }

    private void stopDaemon() {
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }

    private static FailberryConfig.Modem config(String pin) throws Exception {
        String text = "failberry.modem { command-timeout = 1s, hung-threshold = 3, poll-interval = 2s, pin = \"" + pin
                + "\" }";
        return ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "test.conf")
                .modem();
    }

    /** A daemon start: a fresh monitor (nothing in memory) on the same state directory. */
    private ModemStatus startDaemon(String pin, Condition until) throws Exception {
        stopDaemon();
        seen.clear();
        scheduler = new ThreadScheduler("modem-test");
        monitor = new ModemMonitor(
                config(pin),
                dir.resolve("state"),
                ModemPorts.fixed(sim.controlPath(), sim.dataPath()),
                path -> new AtPort(new JSerialCommLink(SerialSettings.of(path))),
                scheduler,
                seen::add,
                (c, s, l) -> {});
        monitor.start();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).condition() == until);
        return seen.get(seen.size() - 1);
    }

    private long pinsSent(String pin) {
        return sim.receivedCommands().stream()
                .filter(c -> c.line().equalsIgnoreCase("AT+CPIN=\"" + pin + "\""))
                .count();
    }

    static Stream<Personality> sticks() {
        // Huawei reports the count with ^CPIN?, the generic modem with +CPINR, the ZTE not at all
        return Stream.of(Personality.huaweiE1550(), Personality.generic(), Personality.zteMf627());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sticks")
    void threeStartsWithAWrongPinUseAtMostOneAttempt(Personality stick) throws Exception {
        sim = ModemSimulator.start(stick, SimTiming.fast(), dir.resolve("dev"));
        sim.setSimPin("4711");
        try (var log = LogCapture.of(SimSteps.class)) {
            for (int start = 1; start <= 3; start++) {
                ModemStatus s = startDaemon("1234", Condition.SIM_LOCKED);
                assertThat(s.detail())
                        .as("start %d", start)
                        .contains("PIN was refused")
                        .doesNotContain("1234");
                if (start == 2) {
                    sim.reboot(); // a power cut: the modem comes back wanting its PIN; the card keeps its count
                }
            }
            assertThat(sim.pinTriesLeft()).isEqualTo(2);
            assertThat(pinsSent("1234")).isEqualTo(1);
            assertThat(log.messages()).noneMatch(m -> m.contains("1234"));
        }
        // the right PIN, once put in the config, is sent and taken
        startDaemon("4711", Condition.REGISTERED);
        assertThat(sim.pinTriesLeft()).isEqualTo(3);
    }

    @Test
    void theLastAttemptIsNeverUsedEvenWithTheRightPin() throws Exception {
        sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir.resolve("dev"));
        sim.setSimPin("4711");
        sim.setPinTriesLeft(1);
        ModemStatus s = startDaemon("4711", Condition.SIM_LOCKED);
        assertThat(s.detail()).contains("only 1 PIN attempt is left");
        assertThat(pinsSent("4711")).isZero();
        assertThat(sim.pinTriesLeft()).isEqualTo(1);
    }

    @Test
    void anAttemptCutShortOnAModemThatDoesNotCountIsNotRepeated() throws Exception {
        sim = ModemSimulator.start(Personality.zteMf627(), SimTiming.fast(), dir.resolve("dev"));
        sim.setSimPin("4711");
        // the power went between writing "attempting" and the SIM's answer
        new PinGuard(dir.resolve("state"), Instant::now)
                .attempting(Personality.zteMf627().iccid(), new Secret("1234"), null);
        ModemStatus s = startDaemon("1234", Condition.SIM_LOCKED);
        assertThat(s.detail()).contains("cut short");
        assertThat(pinsSent("1234")).isZero();
    }

    @Test
    void anAttemptCutShortIsJudgedByTheCountTheModemReports() throws Exception {
        sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir.resolve("dev"));
        sim.setSimPin("4711");
        new PinGuard(dir.resolve("state"), Instant::now)
                .attempting(Personality.huaweiE1550().iccid(), new Secret("4711"), 3);
        startDaemon("4711", Condition.REGISTERED); // the count is still 3: that attempt never reached the SIM
        assertThat(pinsSent("4711")).isEqualTo(1);
    }
}
