package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.json.Json;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimState;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.ThreadScheduler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor against the modem simulator over real pseudo-terminals, through jSerialComm. */
class ModemMonitorIntegrationTest {
    @TempDir
    Path dir;

    private ModemSimulator sim;
    private ModemMonitor monitor;
    private ThreadScheduler scheduler;
    private final List<ModemStatus> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private FailberryConfig.Modem config(String extra) throws Exception {
        String text =
                "failberry.modem { command-timeout = 1s, hung-threshold = 3, poll-interval = 2s, apn = \"internet.test\"\n"
                        + extra + "\n}";
        return ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "test.conf")
                .modem();
    }

    private void start(Personality p, String extra) throws Exception {
        start(p, extra, path -> new AtPort(new JSerialCommLink(SerialSettings.of(path))));
    }

    private void start(Personality p, String extra, Function<String, AtPort> ports) throws Exception {
        sim = ModemSimulator.start(p, SimTiming.fast(), dir);
        startMonitor(extra, ports);
    }

    private void startMonitor(String extra, Function<String, AtPort> ports) throws Exception {
        FailberryConfig.Modem cfg = config(extra);
        scheduler = new ThreadScheduler("modem-test");
        monitor = new ModemMonitor(
                cfg,
                dir.resolve("state"),
                ModemPorts.fixed(sim.controlPath(), sim.dataPath()),
                ports,
                scheduler,
                seen::add,
                (c, s, l) -> {});
        monitor.start();
    }

    private ModemStatus last() {
        return seen.isEmpty() ? null : seen.get(seen.size() - 1);
    }

    private void awaitCondition(Condition c, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> last() != null && last().condition() == c);
    }

    @Test
    void huaweiInitAndPollFillEveryField() throws Exception {
        start(Personality.huaweiE1550(), "");
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
        ModemStatus s = last();
        assertThat(s.manufacturer()).containsIgnoringCase("huawei");
        assertThat(s.model()).isEqualTo("E1550");
        assertThat(s.imei()).matches("\\d{15}");
        assertThat(s.sim()).isEqualTo("ready");
        assertThat(s.registration()).isEqualTo("home");
        assertThat(s.csq()).isNotNull();
        assertThat(s.rssiDbm()).isEqualTo(-113 + 2 * s.csq());
        assertThat(s.operator()).isNotBlank();
        assertThat(s.port()).isEqualTo(sim.controlPath());
        List<String> sent =
                sim.receivedCommands().stream().map(c -> c.line().toUpperCase()).toList();
        assertThat(sent)
                .contains(
                        "ATE0",
                        "AT+CMEE=1",
                        "ATI",
                        "AT+CPIN?",
                        "AT^CURC=0",
                        "AT+CGDCONT=1,\"IP\",\"INTERNET.TEST\"",
                        "AT+CSQ",
                        "AT+CREG?",
                        "AT+COPS?");
    }

    @Test
    void zteInitRegistersAndUsesItsOwnQuirks() throws Exception {
        start(Personality.zteMf627(), "");
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
        assertThat(last().manufacturer()).containsIgnoringCase("zte");
        List<String> sent =
                sim.receivedCommands().stream().map(c -> c.line().toUpperCase()).toList();
        assertThat(sent).contains("AT+CPMS?").doesNotContain("AT^CURC=0");
    }

    @Test
    void hungModemIsReportedWithinThresholdTimesTimeoutPlusOneSecond() throws Exception {
        start(Personality.huaweiE1550(), "");
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
        sim.setHung(true, false);
        long t0 = System.nanoTime();
        monitor.checkNow();
        awaitCondition(Condition.HUNG, Duration.ofSeconds(3 * 1 + 1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isLessThanOrEqualTo(4000);
        assertThat(last().consecutiveTimeouts()).isEqualTo(3);
        assertThat(last().detail()).isEqualTo("3 consecutive AT timeouts");

        sim.setHung(false, true);
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(6));
        assertThat(last().consecutiveTimeouts()).isZero();
    }

    @Test
    void aPortLockedByAnotherLiveProgramIsBusyNotAbsentAndIsOpenedOnceItLetsGo() throws Exception {
        // another program (minicom, a second pppd) holds the port's UUCP lock: the stick is not missing
        Path locks = Files.createDirectory(dir.resolve("lock"));
        Process holder = new ProcessBuilder("sleep", "60").start();
        try {
            sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir);
            Files.writeString(
                    locks.resolve(
                            "LCK.." + Path.of(sim.controlPath()).toRealPath().getFileName()),
                    String.format("%10d%n", holder.pid()));
            startMonitor(
                    "", path -> new AtPort(new UucpLockedLink(new JSerialCommLink(SerialSettings.of(path)), locks)));
            awaitCondition(Condition.PORT_BUSY, Duration.ofSeconds(10));
            assertThat(last().detail()).contains("locked by pid " + holder.pid());
            assertThat(seen)
                    .noneMatch(st ->
                            st.condition() == Condition.ABSENT && st.detail().contains("locked"));
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(20));
    }

    @Test
    void vanishedPortIsReportedGoneWithinTwoSecondsAndCostsNoCpuWhileGone() throws Exception {
        start(Personality.huaweiE1550(), "");
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        sim.vanish();
        awaitCondition(Condition.GONE, Duration.ofSeconds(2));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);

        var threads = ManagementFactory.getThreadMXBean();
        long before = cpuOf(threads);
        long wall = System.nanoTime();
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        long cpuMs = (cpuOf(threads) - before) / 1_000_000;
        long wallMs = (System.nanoTime() - wall) / 1_000_000;
        // reopen attempts run at 1 s, 2 s, 4 s ... : a few milliseconds, never a spin
        assertThat(cpuMs)
                .as("CPU of the monitor and reader threads over %d ms", wallMs)
                .isLessThan(100);
        assertThat(last().condition()).isEqualTo(Condition.GONE);

        sim.reappear(true);
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(15));
    }

    private static long cpuOf(java.lang.management.ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            if (info != null
                    && (info.getThreadName().startsWith("at-reader")
                            || info.getThreadName().startsWith("modem-test"))) {
                long t = threads.getThreadCpuTime(id);
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }

    @Test
    void softResetRebootsTheModemAndItIsReinitialised() throws Exception {
        start(Personality.huaweiE1550(), "");
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
        seen.clear();
        monitor.softReset("test");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> seen.stream().anyMatch(s -> s.condition() == Condition.ABSENT)
                        && last() != null
                        && last().condition() == Condition.REGISTERED);
        assertThat(sim.receivedCommands().stream().map(c -> c.line().toUpperCase()))
                .contains("AT^RESET");
    }

    @Test
    void configuredPinIsEnteredOnceAndNeverLogged() throws Exception {
        try (var log = LogCapture.of(AtPort.class);
                var mlog = LogCapture.of(ModemMonitor.class)) {
            sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir);
            sim.setSimPin("4711");
            scheduler = new ThreadScheduler("modem-test");
            monitor = new ModemMonitor(
                    config("pin = \"4711\""),
                    dir.resolve("state"),
                    ModemPorts.fixed(sim.controlPath(), sim.dataPath()),
                    path -> new AtPort(new JSerialCommLink(SerialSettings.of(path))),
                    scheduler,
                    seen::add,
                    (c, s, l) -> {});
            monitor.start();
            awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
            assertThat(String.join("\n", log.messages()) + String.join("\n", mlog.messages()))
                    .doesNotContain("4711");
        }
    }

    @Test
    void wrongPinIsNotRetriedAndLocksNothing() throws Exception {
        sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir);
        sim.setSimPin("4711");
        scheduler = new ThreadScheduler("modem-test");
        monitor = new ModemMonitor(
                config("pin = \"1234\""),
                dir.resolve("state"),
                ModemPorts.fixed(sim.controlPath(), sim.dataPath()),
                path -> new AtPort(new JSerialCommLink(SerialSettings.of(path))),
                scheduler,
                seen::add,
                (c, s, l) -> {});
        monitor.start();
        awaitCondition(Condition.SIM_LOCKED, Duration.ofSeconds(10));
        assertThat(sim.pinTriesLeft()).isEqualTo(2);
        assertThat(last().detail()).contains("PIN was refused");
    }

    @Test
    void absentSimAndSearchingNetworkAreReportedWithTheirReason() throws Exception {
        sim = ModemSimulator.start(Personality.zteMf627(), SimTiming.fast(), dir);
        sim.setSim(SimState.Sim.ABSENT);
        scheduler = new ThreadScheduler("modem-test");
        monitor = new ModemMonitor(
                config(""),
                dir.resolve("state"),
                ModemPorts.fixed(sim.controlPath(), sim.dataPath()),
                path -> new AtPort(new JSerialCommLink(SerialSettings.of(path))),
                scheduler,
                seen::add,
                (c, s, l) -> {});
        monitor.start();
        awaitCondition(Condition.NO_SIM, Duration.ofSeconds(10));
        assertThat(last().sim()).isEqualTo("absent");
        sim.setSim(SimState.Sim.READY);
        sim.setRegistration(SimState.Registration.SEARCHING);
        awaitCondition(Condition.SEARCHING, Duration.ofSeconds(10));
        sim.setRegistration(SimState.Registration.DENIED);
        awaitCondition(Condition.DENIED, Duration.ofSeconds(10));
        sim.setRegistration(SimState.Registration.ROAMING);
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
        assertThat(last().registration()).isEqualTo("roaming");
    }

    @Test
    void aWeakSignalIsLoggedOnceAndItsRecoveryOnce() throws Exception {
        try (var log = LogCapture.of(ModemDialogue.class)) {
            start(Personality.zteMf627(), ""); // polled: no ^RSSI URCs
            awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
            sim.setSignal(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> last().csq() == 5);
            monitor.checkNow();
            monitor.checkNow();
            sim.setSignal(8); // better, but not good yet
            await().atMost(Duration.ofSeconds(10)).until(() -> last().csq() == 8);
            sim.setSignal(12);
            await().atMost(Duration.ofSeconds(10)).until(() -> last().csq() == 12);
            List<String> signal =
                    log.messages().stream().filter(m -> m.contains("signal")).toList();
            assertThat(signal)
                    .containsExactly(
                            "WARN modem: weak signal: -103 dBm (csq 5), at or below -101 dBm: expect a"
                                    + " slow link and drops",
                            "INFO modem: signal good again: -89 dBm (csq 12)");
        }
    }

    @Test
    void pinsAndPasswordsInAdminCommandsReachNeitherTheReplyNorTheLog() throws Exception {
        try (var log = LogCapture.of(AtPort.class);
                var mlog = LogCapture.of(ModemMonitor.class)) {
            start(Personality.huaweiE1550(), "");
            awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
            // echo on: the modem repeats every command line, secrets included
            assertThat(monitor.execute("ATE1", Duration.ofSeconds(3)).status()).isEqualTo(AtResult.Status.OK);
            List<AtResult> results = new java.util.ArrayList<>();
            for (String cmd : List.of(
                    "AT+CLCK=\"SC\",1,\"4711\"", "AT+CPWD=\"SC\",\"4711\",\"8642\"", "AT+CPIN=\"12345678\",\"8642\"")) {
                results.add(monitor.execute(cmd, Duration.ofSeconds(3)));
            }
            assertThat(results.get(0).raw().get(0)).as("the echo came back").contains("4711");
            String reply = Json.writeSorted(java.util.Map.of("results", AtCommands.toMaps(results)));
            assertThat(reply)
                    .doesNotContain("4711")
                    .doesNotContain("8642")
                    .doesNotContain("12345678")
                    .contains("AT+CLCK=\\\"SC\\\",1,****");
            results.forEach(
                    r -> assertThat(String.join("\n", AtCommands.printable(r))).doesNotContain("4711", "8642"));
            assertThat(String.join("\n", log.messages()) + String.join("\n", mlog.messages()))
                    .doesNotContain("4711")
                    .doesNotContain("8642")
                    .doesNotContain("12345678");
        }
    }

    @Test
    void aCleanStopClosesThePortSoTheDeviceGoingAwayAfterwardsIsNoFault() throws Exception {
        try (var log = LogCapture.of(AtPort.class)) {
            start(Personality.huaweiE1550(), "");
            awaitCondition(Condition.REGISTERED, Duration.ofSeconds(10));
            String reader = "at-reader " + sim.controlPath();
            monitor.close(); // as the daemon stops: then its modem thread
            scheduler.close();
            monitor = null;
            scheduler = null;
            await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals(reader) && t.isAlive()));
            sim.vanish(); // the demo's simulated stick stops after the daemon; a real one may be unplugged
            assertThat(log.messages()).noneMatch(m -> m.contains("gone")).anyMatch(m -> m.contains("closed"));
        }
    }

    @Test
    void missingPortIsAbsentAndFoundWhenItAppears() throws Exception {
        scheduler = new ThreadScheduler("modem-test");
        Path link = dir.resolve("later");
        monitor = new ModemMonitor(
                config(""),
                dir.resolve("state"),
                ModemPorts.fixed(link.toString(), link.toString()),
                path -> new AtPort(new JSerialCommLink(SerialSettings.of(path))),
                scheduler,
                seen::add,
                (c, s, l) -> {});
        monitor.start();
        awaitCondition(Condition.ABSENT, Duration.ofSeconds(2));
        assertThat(last().detail()).contains("does not exist");
        sim = ModemSimulator.start(Personality.huaweiE1550(), SimTiming.fast(), dir.resolve("sim"));
        java.nio.file.Files.createSymbolicLink(link, Path.of(sim.controlDevice()));
        awaitCondition(Condition.REGISTERED, Duration.ofSeconds(20));
    }
}
