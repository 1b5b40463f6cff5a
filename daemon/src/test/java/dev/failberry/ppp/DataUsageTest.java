package dev.failberry.ppp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataUsageTest {
    @TempDir
    Path tmp;

    private final VirtualTime time = new VirtualTime(Instant.parse("2026-03-10T12:00:00Z"));
    private final RecordingPppListener events = new RecordingPppListener();

    private FailberryConfig.DataUsage config(String extra) {
        return TestConfigs.config("ppp.data-usage { statistics-dir = \"" + tmp.resolve("net") + "\", reset-day = 5, "
                        + "save-interval = 5m\n" + extra + " }")
                .ppp()
                .dataUsage();
    }

    private DataUsage usage(String extra) {
        return new DataUsage(config(extra), tmp.resolve("state/data-usage.properties"), time, ZoneOffset.UTC, events);
    }

    private void counters(long rx, long tx) throws IOException {
        Path dir = tmp.resolve("net/ppp0/statistics");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rx_bytes"), rx + "\n");
        Files.writeString(dir.resolve("tx_bytes"), tx + "\n");
    }

    @Test
    void accumulatesAcrossReconnectsAndDaemonRestarts() throws Exception {
        DataUsage u = usage("");
        u.start();
        counters(0, 0);
        u.linkUp("ppp0");
        counters(1000, 200);
        time.advance(Duration.ofMinutes(5));
        assertThat(u.snapshot().rxBytes()).isEqualTo(1000);
        counters(5000, 700);
        u.linkDown();
        // the interface is recreated: counters restart from 0
        counters(0, 0);
        u.linkUp("ppp0");
        counters(300, 30);
        time.advance(Duration.ofMinutes(5));
        assertThat(u.snapshot())
                .extracting(DataUsageSnapshot::rxBytes, DataUsageSnapshot::txBytes)
                .containsExactly(5300L, 730L);
        // a counter that went backwards without a linkUp (interface recreated behind our back) counts from 0
        counters(100, 10);
        u.sample();
        assertThat(u.snapshot().rxBytes()).isEqualTo(5400);
        u.close();

        DataUsage restarted = usage("");
        restarted.start();
        assertThat(restarted.snapshot().rxBytes()).isEqualTo(5400);
        assertThat(restarted.snapshot().txBytes()).isEqualTo(740);
        assertThat(restarted.snapshot().periodStart()).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
    }

    @Test
    void aPowerCutLosesAtMostOneSaveInterval() throws Exception {
        DataUsage u = usage("");
        u.start();
        counters(0, 0);
        u.linkUp("ppp0");
        counters(1000, 100);
        time.advance(Duration.ofMinutes(5)); // saved
        counters(2000, 200); // not saved: power cut now (no close())
        DataUsage after = usage("");
        after.start();
        assertThat(after.snapshot().rxBytes()).isEqualTo(1000);
    }

    @Test
    void corruptStateIsSetAsideAndCountingStartsFresh() throws Exception {
        Path state = tmp.resolve("state/data-usage.properties");
        Files.createDirectories(state.getParent());
        Files.writeString(state, "rx_bytes=12x\ntx_bytes=\\u00zz\n");
        try (var logs = LogCapture.of(DataUsage.class)) {
            DataUsage u = usage("");
            u.start();
            assertThat(u.snapshot().rxBytes()).isZero();
            assertThat(logs.messages()).filteredOn(m -> m.contains("corrupt")).hasSize(1);
            assertThat(logs.anyThrowable()).isFalse();
            u.close();
        }
        try (var files = Files.list(state.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("data-usage.properties.corrupt-"))
                    .contains("data-usage.properties");
        }
        assertThat(usage("").snapshot().rxBytes()).isZero();
    }

    /** Issue 21 item 9: a 30 MB NUL-filled state file made the daemon run out of memory at start. */
    @Test
    void aHugeStateFileIsSetAsideUnreadEvenOnTheDaemonsHeap() throws Exception {
        Path state = tmp.resolve("state/data-usage.properties");
        Files.createDirectories(state.getParent());
        try (var f = new java.io.RandomAccessFile(state.toFile(), "rw")) {
            f.setLength(30L * 1024 * 1024);
        }
        Process p = new ProcessBuilder(
                        dev.failberry.proc.ThisJvm.javaBinary(),
                        "-Xmx48m",
                        "-Xss256k",
                        "-XX:+UseSerialGC",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:TieredStopAtLevel=1",
                        "-Dfailberry.log.target=System.out",
                        "-Dfailberry.log.level=INFO",
                        "-cp",
                        dev.failberry.proc.ThisJvm.absoluteClassPath(),
                        DataUsageLoadProbe.class.getName(),
                        state.toString(),
                        tmp.resolve("net").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().filter(l -> l.contains("corrupt")).toList())
                .as(out)
                .singleElement()
                .asString()
                .contains("data usage state " + state + " is corrupt (state file " + state
                        + " is larger than 65536 bytes (31457280)); moved to data-usage.properties.corrupt-");
        assertThat(out).contains("started rx=0 tx=0");
        try (var files = Files.list(state.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .startsWith("data-usage.properties.corrupt-");
        }
    }

    @Test
    void missingKeysCountAsCorrupt() throws Exception {
        Path state = tmp.resolve("state/data-usage.properties");
        Files.createDirectories(state.getParent());
        Files.writeString(state, "tx_bytes=5\n");
        try (var logs = LogCapture.of(DataUsage.class)) {
            usage("").start();
            assertThat(logs.messages())
                    .filteredOn(m -> m.contains("corrupt") && m.contains("missing rx_bytes"))
                    .hasSize(1);
        }
    }

    @Test
    void periodRollsOverOnResetDayButNotWhenTheWallClockJumpsBack() throws Exception {
        DataUsage u = usage("");
        u.start();
        counters(0, 0);
        u.linkUp("ppp0");
        counters(1000, 0);
        u.sample();
        Instant march = u.snapshot().periodStart();
        assertThat(march).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));

        time.jumpWallClock(Duration.ofDays(-20)); // Pi booted with an old clock: before the period start
        counters(1500, 0);
        u.sample();
        assertThat(u.snapshot().periodStart()).isEqualTo(march);
        assertThat(u.snapshot().rxBytes()).isEqualTo(1500);

        time.jumpWallClock(Duration.ofDays(20 + 26)); // NTP fixes it, and we are past 5 April
        counters(1700, 0);
        u.sample();
        assertThat(u.snapshot().periodStart()).isEqualTo(Instant.parse("2026-04-05T00:00:00Z"));
        assertThat(u.snapshot().rxBytes()).isEqualTo(200);
    }

    @Test
    void implausibleClockCountsBytesButStartsNoPeriod() throws Exception {
        VirtualTime boot = new VirtualTime(Instant.parse("1970-01-01T00:01:00Z"));
        DataUsage u = new DataUsage(config(""), tmp.resolve("s.properties"), boot, ZoneOffset.UTC, events);
        u.start();
        counters(0, 0);
        u.linkUp("ppp0");
        counters(100, 0);
        u.sample();
        assertThat(u.snapshot().periodStart()).isNull();
        assertThat(u.snapshot().rxBytes()).isEqualTo(100);
        boot.jumpWallClock(
                Duration.between(Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z")));
        u.sample();
        assertThat(u.snapshot().periodStart()).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
        assertThat(u.snapshot().rxBytes()).isEqualTo(100);
    }

    @Test
    void samplesOftenButSavesRarely() throws Exception {
        DataUsage u = usage("sample-interval = 5s");
        u.start();
        counters(0, 0);
        u.linkUp("ppp0");
        Path state = tmp.resolve("state/data-usage.properties");
        events.events.clear();
        counters(1000, 10);
        time.advance(Duration.ofSeconds(5));
        // sampled (and reported: the budget decides on every sample) but not written to the SD card
        assertThat(events.all(DataUsageSnapshot.class))
                .singleElement()
                .extracting(DataUsageSnapshot::totalBytes)
                .isEqualTo(1010L);
        assertThat(Files.exists(state)).isFalse();
        time.advance(Duration.ofMinutes(5).minusSeconds(10));
        assertThat(Files.exists(state)).isFalse();
        assertThat(events.all(DataUsageSnapshot.class)).hasSize(59);
        time.advance(Duration.ofSeconds(5));
        assertThat(Files.readString(state)).contains("rx_bytes=1000");
        assertThat(events.all(DataUsageSnapshot.class)).hasSize(60);
        u.close();
    }

    @Test
    void aPppdRestartThatRecreatesTheInterfaceCountsItsNewCountersAsNewTraffic() throws Exception {
        DataUsage u = usage("");
        u.start();
        counters(0, 0);
        u.linkUp("ppp0");
        counters(50_000, 5_000);
        u.sample();
        // pppd restarted without a link-down report reaching us: the kernel counters start again at 0
        counters(2_000, 100);
        u.sample();
        assertThat(u.snapshot().totalBytes()).isEqualTo(57_100);
        counters(3_000, 200);
        u.sample();
        assertThat(u.snapshot().totalBytes()).isEqualTo(58_200);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-03-10T12:00:00Z, 1, UTC, 2026-03-01T00:00:00Z",
        "2026-03-04T23:59:59Z, 5, UTC, 2026-02-05T00:00:00Z",
        "2026-03-05T00:00:00Z, 5, UTC, 2026-03-05T00:00:00Z",
        "2026-01-03T10:00:00Z, 28, UTC, 2025-12-28T00:00:00Z",
        // 23:30 UTC on 4 March is already 5 March in Berlin
        "2026-03-04T23:30:00Z, 5, Europe/Berlin, 2026-03-04T23:00:00Z",
    })
    void periodStartUsesTheLocalCalendar(String now, int resetDay, String zone, String expected) {
        assertThat(dev.failberry.budget.BillingPeriod.start(Instant.parse(now), ZoneId.of(zone), resetDay))
                .isEqualTo(Instant.parse(expected));
    }
}
