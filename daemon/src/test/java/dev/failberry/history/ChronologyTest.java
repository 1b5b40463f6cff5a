package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pi has no RTC: it boots with the time of its last shutdown (fake-hwclock) and NTP steps the clock
 * later. The journal's monotonic times keep the order of events and the length of outages anyway.
 */
class ChronologyTest {
    static final Journal.Settings S =
            new Journal.Settings(2 << 20, 256 << 10, Duration.ofSeconds(60), Duration.ofHours(1));

    @TempDir
    Path dir;

    @Test
    void aClockSetForwardAfterBootMovesTheEarlierRecordsWhereTheyBelongAndKeepsTheOutagesLength() throws IOException {
        // first run, clock right: up at 08:00:10; marks an hour after each write (09:00:10, 10:00:10); power cut soon
        // after
        VirtualTime first = new VirtualTime(Instant.parse("2026-03-01T08:00:00Z"));
        Journal a = Journal.open(dir, S, first, "0.1.0", "boot-1").journal();
        first.runDue();
        first.advance(Duration.ofSeconds(10));
        a.append(Entry.Kind.STATE, "CONNECTED", "DIALING", "link verified", null, true);
        first.advance(Duration.ofHours(2));

        // power back at 11:00; the Pi believes it is 09:00 (the time fake-hwclock saved) until NTP at 11:02
        VirtualTime second = new VirtualTime(Instant.parse("2026-03-01T09:00:00Z"));
        Journal b = Journal.open(dir, S, second, "0.1.0", "boot-2").journal();
        second.runDue();
        second.advance(Duration.ofSeconds(30));
        b.append(Entry.Kind.STATE, "CONNECTED", "DIALING", "link verified", null, false);
        second.advance(Duration.ofSeconds(50)); // 11:01:20 really
        b.append(Entry.Kind.STATE, "DEGRADED", "CONNECTED", "probes failing", null, false);
        second.advance(Duration.ofSeconds(40));
        second.jumpWallClock(Duration.ofHours(2)); // NTP: 11:02:00
        second.advance(Duration.ofSeconds(65)); // 11:03:05
        b.append(Entry.Kind.STATE, "CONNECTED", "DEGRADED", "link verified", null, false);
        b.close();

        List<Entry> entries = JournalFiles.read(dir, null).entries();
        List<String> lines = Fold.items(Chronology.runs(entries, null), 0).stream()
                .map(i -> ItemText.line(i, ZoneOffset.UTC))
                .toList();
        assertThat(lines)
                .containsExactly(
                        "2026-03-01 08:00:00  daemon started (version 0.1.0)",
                        "2026-03-01 08:00:10  mobile link up, 10 s after start (link verified)",
                        "2026-03-01 10:00:10  daemon's records end here (no stop record: power cut, crash or watchdog); "
                                + "what follows until the next start is unknown",
                        "2026-03-01 11:00:00  daemon started (version 0.1.0, host rebooted)",
                        "2026-03-01 11:00:30  mobile link up, 30 s after start (link verified)",
                        "2026-03-01 11:01:20  mobile link down 11:01:20 – 11:03:05 (1 min 45 s): probes failing",
                        "2026-03-01 11:03:05  daemon stopped",
                        "2026-03-01 11:03:05  wall clock set forward by 2 h (earlier times of this run are shown corrected)");
    }

    @Test
    void aClockSetBackInTheMiddleOfAnOutageKeepsTheOrderAndTheOutagesLength() throws IOException {
        // the Pi boots believing it is 12:00 (a saved time from a clock that ran fast); really 10:00.
        // NTP steps it back 2 h while the link is down: the outage must not come out negative or reordered
        VirtualTime t = new VirtualTime(Instant.parse("2026-03-01T12:00:00Z"));
        Journal j = Journal.open(dir, S, t, "0.1.0", "boot-1").journal();
        t.runDue();
        t.advance(Duration.ofSeconds(20));
        j.append(Entry.Kind.STATE, "CONNECTED", "DIALING", "link verified", null, false);
        t.advance(Duration.ofSeconds(40)); // 10:01:00 really
        j.append(Entry.Kind.STATE, "RECOVERING", "CONNECTED", "modem hung", null, false);
        t.advance(Duration.ofSeconds(30));
        t.jumpWallClock(Duration.ofHours(-2)); // NTP: 10:01:30
        t.advance(Duration.ofSeconds(75)); // 10:02:45
        j.append(Entry.Kind.STATE, "CONNECTED", "RECOVERING", "link verified", null, false);
        t.advance(Duration.ofSeconds(15));
        j.close();

        List<String> lines = Fold.items(
                        Chronology.runs(JournalFiles.read(dir, null).entries(), null), 0)
                .stream()
                .map(i -> ItemText.line(i, ZoneOffset.UTC))
                .toList();
        assertThat(lines)
                .containsExactly(
                        "2026-03-01 10:00:00  daemon started (version 0.1.0)",
                        "2026-03-01 10:00:20  mobile link up, 20 s after start (link verified)",
                        "2026-03-01 10:01:00  mobile link down 10:01:00 – 10:02:45 (1 min 45 s): modem hung",
                        // where the jump was first seen: the record after NTP
                        "2026-03-01 10:02:45  wall clock set back by 2 h (earlier times of this run are shown corrected)",
                        "2026-03-01 10:03:00  daemon stopped");
    }

    @Test
    void aRunWhoseClockWasNeverCorrectedIsMovedBackSoThatOrderIsKept() {
        long t = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        // run 1 believed it was 12:00 (a clock set wrongly by hand) and never learnt better; run 2 is right
        List<Entry> e = List.of(
                new Entry(Entry.Kind.SESSION, 1, 0, t + 7_200_000, "v", "", "", null),
                new Entry(Entry.Kind.STATE, 1, 60_000, t + 7_260_000, "CONNECTED", "DIALING", "", null),
                new Entry(Entry.Kind.STOP, 1, 120_000, t + 7_320_000, "", "", "", null),
                new Entry(Entry.Kind.SESSION, 2, 0, t + 600_000, "v", "", "", null),
                new Entry(Entry.Kind.STOP, 2, 60_000, t + 660_000, "", "", "", null));
        List<Chronology.Run> runs = Chronology.runs(e, null);
        assertThat(runs.get(0).end()).isEqualTo(runs.get(1).start());
        assertThat(runs.get(0).end() - runs.get(0).start())
                .as("its own length is kept")
                .isEqualTo(120_000);
        assertThat(runs.get(0).records().get(1).at()
                        - runs.get(0).records().get(0).at())
                .isEqualTo(60_000);
    }

    @Test
    void theRunningDaemonIsAnchoredOnNowAndARunWithoutItsStartRecordBeginsAtItsOldestRecord() {
        long t = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        List<Entry> e = List.of(
                new Entry(Entry.Kind.STATE, 4, 500_000, t, "CONNECTED", "DIALING", "", null),
                new Entry(Entry.Kind.MARK, 4, 4_100_000, t + 3_600_000, "", "", "", null),
                new Entry(Entry.Kind.SESSION, 5, 0, 0, "v", "", "", null)); // written with the clock at 1970
        var live = new Chronology.Anchor(5, t + 4_000_000, 300_000);
        List<Chronology.Run> runs = Chronology.runs(e, live);
        assertThat(runs.get(0).start()).isEqualTo(t);
        assertThat(runs.get(1).start()).isEqualTo(t + 3_700_000);
        assertThat(runs.get(1).end()).isEqualTo(t + 4_000_000);
        assertThat(runs.get(1).live()).isTrue();
    }
}
