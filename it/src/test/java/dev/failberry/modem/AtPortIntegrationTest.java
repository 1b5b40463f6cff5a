package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.modem.AtResult.Status;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimPort;
import dev.failberry.sim.modem.SimState.Sim;
import dev.failberry.sim.modem.SimTiming;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** AtPort over a real PTY opened through jSerialComm, against the simulator. */
class AtPortIntegrationTest {
    private static final Duration T = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private ModemSimulator sim;
    private AtPort port;
    private final Queue<String> urcs = new ConcurrentLinkedQueue<>();
    private final List<String> goneReasons = new CopyOnWriteArrayList<>();

    static Stream<Personality> personalities() {
        return Stream.of(Personality.huaweiE1550(), Personality.zteMf627());
    }

    private AtPort start(Personality p) throws IOException {
        sim = ModemSimulator.start(p, SimTiming.fast(), dir);
        port = connect(sim.controlPath());
        return port;
    }

    private AtPort connect(String path) throws IOException {
        AtPort ap = new AtPort(new JSerialCommLink(SerialSettings.of(path).withReadTimeout(Duration.ofMillis(200))));
        ap.addUrcListener(urcs::add);
        ap.addGoneListener(goneReasons::add);
        ap.open();
        return ap;
    }

    @AfterEach
    void tearDown() {
        if (port != null) {
            port.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private AtResult ok(String cmd) {
        AtResult r = port.send(cmd, T);
        assertThat(r.status()).as("%s -> %s", cmd, r).isEqualTo(Status.OK);
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personalities")
    void fullCommandResponseWithEachPersonality(Personality p) throws Exception {
        start(p);
        AtResult first = ok("AT");
        assertThat(first.raw()).containsExactly("AT", "OK"); // E1 by default: the echo is seen, then dropped
        ok("ATE0");
        assertThat(ok("AT").raw()).containsExactly("OK");
        ok("AT+CMEE=1");
        assertThat(ok("ATI").lines()).isEqualTo(p.ati());
        assertThat(ok("AT+CGMI").lines()).containsExactly(p.manufacturer());
        assertThat(ok("AT+CGMM").lines()).containsExactly(p.model());
        assertThat(ok("AT+CGMR").lines()).containsExactly(p.revision());
        assertThat(ok("AT+CGSN").lines()).containsExactly(p.imei());
        assertThat(ok("AT+CIMI").lines()).containsExactly(p.imsi());
        assertThat(ok("AT+CPIN?").lines()).containsExactly("+CPIN: READY");
        assertThat(ok("AT+CSQ").lines()).containsExactly("+CSQ: 17,99");
        ok("AT+COPS=3,2");
        assertThat(ok("AT+COPS?").lines()).containsExactly("+COPS: 0,2,\"" + p.operatorNumeric() + "\",2");
        ok("AT+CREG=2");
        assertThat(ok("AT+CREG?").lines()).containsExactly("+CREG: 2,1,\"1F00\",\"79D903\"");
        assertThat(urcs).contains("+CREG: 2,1,\"1F00\",\"79D903\""); // registration lines always reach listeners
        ok("AT+CGDCONT=1,\"IP\",\"internet\"");
        assertThat(ok("AT+CGDCONT?").lines()).containsExactly("+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0");
        assertThat(ok("AT+CRSM=176,12258,0,0,10").lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("+CRSM: 144,0,\"");
        if (p.vendor() == Personality.Vendor.HUAWEI) {
            ok("AT^CURC=0");
            assertThat(ok("AT^GETPORTMODE").lines()).first().asString().startsWith("^GETPORTMODE: TYPE: WCDMA: huawei");
            assertThat(port.send("AT+ZPAS?", T).status()).isEqualTo(Status.ERROR);
        } else {
            assertThat(ok("AT+ZPAS?").lines()).containsExactly("+ZPAS: \"UMTS\",\"CS_PS\"");
            assertThat(port.send("AT^CURC=0", T).status()).isEqualTo(Status.ERROR);
        }
        assertThat(port.send("AT+NOSUCH", T).status()).isEqualTo(Status.ERROR);
        assertThat(sim.commandLines(SimPort.CONTROL)).startsWith("AT", "ATE0", "AT", "AT+CMEE=1", "ATI");
    }

    @Test
    void cmeErrorsFollowCmee() throws Exception {
        start(Personality.huaweiE1550());
        sim.setSim(Sim.ABSENT);
        assertThat(port.send("AT+CPIN?", T).status()).isEqualTo(Status.ERROR);
        ok("AT+CMEE=1");
        AtResult r = port.send("AT+CPIN?", T);
        assertThat(r.status()).isEqualTo(Status.CME_ERROR);
        assertThat(r.errorCode()).isEqualTo(10);
        ok("AT+CMEE=2");
        assertThat(port.send("AT+CPIN?", T).errorText()).isEqualTo("SIM not inserted");
    }

    @Test
    void pinEntryThenRegistration() throws Exception {
        start(Personality.zteMf627());
        sim.setSimPin("1234");
        ok("ATE0;+CMEE=1");
        assertThat(ok("AT+CPIN?").lines()).containsExactly("+CPIN: SIM PIN");
        AtResult wrong = port.send("AT+CPIN=\"0000\"", T);
        assertThat(wrong.errorCode()).isEqualTo(16);
        assertThat(sim.pinTriesLeft()).isEqualTo(2);
        ok("AT+CPIN=\"1234\"");
        assertThat(ok("AT+CPIN?").lines()).containsExactly("+CPIN: READY");
        await().atMost(Duration.ofSeconds(3))
                .until(() -> port.send("AT+CREG?", T).lines().equals(List.of("+CREG: 0,1")));
    }

    @Test
    void urcBetweenInformationAndOkIsRoutedAndRemoved() throws Exception {
        start(Personality.huaweiE1550());
        sim.setUrcNoise("^RSSI:17");
        AtResult r = ok("AT+CSQ");
        assertThat(r.lines()).containsExactly("+CSQ: 17,99");
        assertThat(r.raw()).contains("^RSSI:17");
        assertThat(urcs).contains("^RSSI:17");
    }

    @Test
    void garbageAndNulsDoNotBreakReplies() throws Exception {
        start(Personality.huaweiE1550());
        sim.setGarbage(true);
        assertThat(ok("AT+CGMM").lines()).containsExactly("E1550");
        assertThat(ok("ATI").lines()).isEqualTo(Personality.huaweiE1550().ati());
    }

    @Test
    void v0NumericResultCodes() throws Exception {
        start(Personality.huaweiE1550());
        ok("ATV0");
        assertThat(ok("AT+CSQ").lines()).containsExactly("+CSQ: 17,99");
        assertThat(port.send("AT+NOSUCH", T).status()).isEqualTo(Status.ERROR);
        ok("ATV1");
    }

    @Test
    void urcStormIsRoutedWhileCommandsStillWorkAndCpmsQuietensZte() throws Exception {
        start(Personality.zteMf627());
        sim.startUrcStorm("+ZUSIMR:2", Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(2))
                .until(() -> urcs.stream().filter("+ZUSIMR:2"::equals).count() >= 5);
        for (int i = 0; i < 5; i++) {
            assertThat(ok("AT+CSQ").lines()).containsExactly("+CSQ: 17,99");
        }
        ok("ATE0+CPMS?");
        assertThat(sim.urcStormRunning()).isFalse();
    }

    @Test
    void hungModemTimesOutWithinTheTimeoutAndRecoversThroughTheProbe() throws Exception {
        start(Personality.huaweiE1550());
        sim.setHung(true, true);
        Duration timeout = Duration.ofMillis(600);
        long t0 = System.nanoTime();
        AtResult r = port.send("AT+CSQ", timeout);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).isEqualTo(Status.TIMEOUT);
        assertThat(ms).isBetween(550L, 900L);
        assertThat(r.raw()).containsExactly("AT+CSQ"); // echo only
        sim.setHung(true, false);
        t0 = System.nanoTime();
        assertThat(port.send("AT+CGMI", timeout).status()).isEqualTo(Status.TIMEOUT);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(900L);
        sim.setHung(false, false);
        assertThat(ok("AT+CGMM").lines()).containsExactly("E1550");
        System.out.printf("MEASURE hung: first TIMEOUT after %d ms (timeout 600)%n", ms);
    }

    @Test
    void slowReplyCollidingWithTheNextCommandIsNotTakenForItsAnswer() throws Exception {
        start(Personality.huaweiE1550());
        ok("ATE0");
        sim.setReplyDelay(Duration.ofMillis(800));
        assertThat(port.send("AT+CGMI", Duration.ofMillis(300)).status()).isEqualTo(Status.TIMEOUT);
        sim.setReplyDelay(Duration.ZERO);
        AtResult r = port.send("AT+CGMM", T);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.lines()).containsExactly("E1550");
        assertThat(ok("AT+CGMR").lines()).containsExactly("11.608.09.01.21");
        assertThat(sim.commandLines(SimPort.CONTROL)).containsSubsequence("AT+CGMI", "AT", "AT+CGMM");
    }

    @Test
    void vanishIsReportedWithinTwoSecondsAndTheReaderThenIdles() throws Exception {
        start(Personality.huaweiE1550());
        ok("AT");
        long t0 = System.nanoTime();
        sim.vanish();
        await().atMost(Duration.ofSeconds(2)).until(() -> !goneReasons.isEmpty());
        long detectMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(port.state()).isEqualTo(AtPort.State.GONE);
        assertThat(port.send("AT", T).status()).isEqualTo(Status.GONE);

        long reads = port.stats().reads();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        AtomicLong readerThreads = new AtomicLong();
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> {
            readerThreads.set(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("at-reader"))
                    .count());
            return true;
        });
        long cpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
        assertThat(readerThreads.get()).as("reader thread ended").isZero();
        assertThat(port.stats().reads()).as("no reads while gone").isEqualTo(reads);
        assertThat(goneReasons).hasSize(1);
        System.out.printf(
                "MEASURE vanish: gone after %d ms; whole JVM CPU over the next second: %d ms%n", detectMs, cpuMs);
    }

    @Test
    void vanishAndReappearUnderANewNameIsReopenedThroughTheSymlink() throws Exception {
        start(Personality.zteMf627());
        String before = sim.controlDevice();
        sim.vanish(Duration.ofMillis(300), true);
        await().atMost(Duration.ofSeconds(2)).until(() -> !goneReasons.isEmpty());
        await().atMost(Duration.ofSeconds(2)).until(sim::isPresent);
        assertThat(sim.controlDevice()).isNotEqualTo(before);
        assertThat(Files.readSymbolicLink(Path.of(sim.controlPath())).toString())
                .isEqualTo(sim.controlDevice());
        port.open();
        assertThat(ok("AT").raw()).containsExactly("AT", "OK"); // settings reset: echo on again
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personalities")
    void rebootThenReopenAndRegisterAgain(Personality p) throws Exception {
        start(p);
        ok("ATE0");
        ok(p.vendor() == Personality.Vendor.HUAWEI ? "AT^RESET" : "AT+CFUN=1,1");
        await().atMost(Duration.ofSeconds(2)).until(() -> !goneReasons.isEmpty());
        await().atMost(Duration.ofSeconds(3)).until(sim::isPresent);
        port.open();
        if (p.vendor() == Personality.Vendor.HUAWEI) {
            await().atMost(Duration.ofSeconds(2)).until(() -> urcs.contains("^BOOT:35323129,0,0,0,26"));
        }
        // back with echo on; the boot's unsolicited lines (^SRVST, ^MODE) may still arrive during the
        // command and are part of raw, as received
        assertThat(ok("AT").raw().stream().filter(l -> !l.startsWith("^")).toList())
                .containsExactly("AT", "OK");
        ok("AT+CMEE=1");
        await().atMost(Duration.ofSeconds(3))
                .until(() -> port.send("AT+CPIN?", T).lines().contains("+CPIN: READY"));
        await().atMost(Duration.ofSeconds(3))
                .until(() -> port.send("AT+CREG?", T).lines().equals(List.of("+CREG: 0,1")));
    }

    @Test
    void dialSwitchesTheDataPortToDataModeUntilCarrierDrops() throws Exception {
        start(Personality.huaweiE1550());
        AtPort dataPort = connect(sim.dataPath());
        try {
            AtResult r = dataPort.send("ATD*99***1#", T);
            assertThat(r.status()).isEqualTo(Status.CONNECT);
            assertThat(r.connectRate()).isEqualTo("7200000");
            assertThat(sim.inDataMode(SimPort.DATA)).isTrue();
            assertThat(ok("AT+CSQ").lines()).containsExactly("+CSQ: 17,99"); // control port still answers
            long discardedBefore = dataPort.stats().discarded();
            ok("ATH");
            assertThat(sim.inDataMode(SimPort.DATA)).isFalse();
            // the data call's own final result: it ends the ATD, which is long answered, so it is
            // discarded; a command sent before it arrives would take it for its own answer
            await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> dataPort.stats().discarded() > discardedBefore);
            assertThat(dataPort.send("AT", T).status()).isEqualTo(Status.OK);
        } finally {
            dataPort.close();
        }
    }

    @Test
    void observerSeesEveryCommandWithStatusAndLatency() throws Exception {
        start(Personality.huaweiE1550());
        List<String> seen = new CopyOnWriteArrayList<>();
        port.setCommandObserver((c, s, l) -> seen.add(c + "=" + s));
        ok("AT");
        port.send("AT+NOSUCH", T);
        assertThat(seen).containsExactly("AT=OK", "AT+NOSUCH=ERROR");
        assertThat(port.stats().commands()).isEqualTo(2);
    }
}
