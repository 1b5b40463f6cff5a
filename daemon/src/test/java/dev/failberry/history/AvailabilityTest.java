package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.HistoryConfig;
import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uptime arithmetic: by hand on small cases, then a simulated month through the whole path (supervisor
 * transitions and sampled wired path into the journal, restarts, a power cut, a clock wrong at boot, the
 * journal read back at each start) against a second-by-second record of what really happened.
 */
class AvailabilityTest {
    static final long H = 3_600_000;

    static Timeline.Span span(long start, long end, long[] times, int[] flags) {
        Timeline.Span s = new Timeline.Span(start, (byte) flags[0]);
        for (int i = 1; i < times.length; i++) {
            s.set(times[i], (byte) flags[i]);
        }
        s.end = end;
        return s;
    }

    @Test
    void byHandUpDownAndUnknownOverOneDay() {
        long now = 100 * H;
        // a run from 80 h to 100 h: down for the first half hour, then up, wired up from 81 h, down 90-92 h
        Timeline.Span run = span(80 * H, now, new long[] {80 * H, 80 * H + H / 2, 81 * H, 90 * H, 92 * H}, new int[] {
            0, 1, 1 | Timeline.WIRED_UP, 1 | Timeline.WIRED_DOWN, 1 | Timeline.WIRED_UP
        });
        // an earlier run 70-78 h, all up, wired unknown: 76-78 h inside the window, 78-80 h no daemon
        Timeline.Span old = span(70 * H, 78 * H, new long[] {70 * H}, new int[] {1});
        Availability.Figures f = Availability.over(List.of(old, run), now, Duration.ofHours(24));
        assertThat(f.recorded()).isEqualTo(22 * H);
        assertThat(f.mobileUp()).isEqualTo(2 * H + 19 * H + H / 2);
        assertThat(f.mobileDown()).isEqualTo(H / 2);
        assertThat(f.mobileUnknown()).isEqualTo(2 * H);
        assertThat(f.mobileRatio()).isEqualTo((21.5 * H) / (22.0 * H));
        assertThat(f.wiredUp()).isEqualTo(17 * H);
        assertThat(f.wiredDown()).isEqualTo(2 * H);
        assertThat(f.wiredUnknown()).isEqualTo(5 * H);
        assertThat(f.blocked()).isZero();

        Map<String, Object> json = Availability.report(List.of(old, run), now).toJsonMap();
        assertThat(json.toString())
                .contains("24h={up_percent=97.72, up_seconds=77400, down_seconds=1800, unknown_seconds=7200}");
        assertThat(Availability.over(List.of(), now, Duration.ofDays(7)).mobileRatio())
                .as("nothing known")
                .isNull();

        Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("state", "CONNECTED");
        status.put("healthy", true);
        status.put("availability", json);
        assertThat(dev.failberry.status.StatusText.format(status))
                .contains(
                        "  uptime    mobile 97.72 % (24 h, 2h 0m unknown), 98.21 % (7 d, 5d 20h unknown), 98.21 % (30 d, 28d 20h unknown)"
                                + " · wired 89.47 % (24 h, 5h 0m unknown), 89.47 % (7 d, 6d 5h unknown), 89.47 % (30 d, 29d 5h unknown)");
    }

    // ---- the simulated month ----------------------------------------------------------------------

    static final HistoryConfig CONFIG = new HistoryConfig(
            true, 2 << 20, 256 << 10, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(60));
    static final int UP = 1;
    static final int WIRED_UP = 2;
    static final int WIRED_DOWN = 4;
    static final int BLOCKED = 8;
    static final int RECORDED = 16;

    @TempDir
    Path stateDir;

    /** The world: what really happens, second by second, and a daemon that may or may not be running. */
    final class World {
        final long t0 = Instant.parse("2026-02-01T00:00:00Z").getEpochSecond();
        final byte[] truth = new byte[32 * 86400];
        long now = t0;
        VirtualTime vt;
        History history;
        long runStart;
        boolean connected;
        String wiredReally = "up";
        boolean blockedReally;
        int seenWired; // what the daemon's samples have seen
        boolean seenBlocked;

        void start(long skewSeconds) throws IOException {
            vt = new VirtualTime(Instant.ofEpochSecond(now + skewSeconds));
            StatusSnapshot snap = new StatusSnapshot(
                    "CONNECTED", "", vt.now(), true, null, null, null, null, RecoveryView.none(), null, vt.now(), 0);
            history = History.open(
                    CONFIG, stateDir, vt, () -> snap, new History.Sources(s -> wiredReally, s -> blockedReally));
            vt.runDue();
            runStart = now;
            connected = false;
            seenWired = 0;
            seenBlocked = false;
        }

        /**
         * Lets {@code seconds} pass, in the world and on the daemon's clock. The daemon samples the wired path
         * and the budget on the minute of its run: a sample due at the end of this stretch happens in it (the
         * virtual clock runs what is due at its target), before anything the world changes afterwards.
         */
        void pass(long seconds) {
            long end = now + seconds;
            for (long s = now; s < end; s++) {
                if (history != null) {
                    if (s > now && isSample(s)) {
                        sampled();
                    }
                    truth[(int) (s - t0)] =
                            (byte) (RECORDED | (connected ? UP : 0) | seenWired | (seenBlocked ? BLOCKED : 0));
                }
            }
            if (history != null && isSample(end)) {
                sampled();
            }
            now = end;
            if (history != null) {
                vt.advance(Duration.ofSeconds(seconds));
            }
        }

        boolean isSample(long s) {
            return s > runStart && (s - runStart) % 60 == 0;
        }

        void sampled() {
            seenWired = wiredReally.equals("up") ? WIRED_UP : WIRED_DOWN;
            seenBlocked = blockedReally;
        }

        void state(String from, String to, String why) {
            history.stateChanged(from, to, why);
            connected = to.equals("CONNECTED");
        }

        void stopCleanly() {
            history.close();
            history = null;
        }

        /** The power goes: what was not yet written is lost, and so is the knowledge of the time after it. */
        void powerCut() throws IOException {
            int session = history.stats().session();
            history = null;
            List<Entry> written =
                    JournalFiles.read(stateDir.resolve("history"), null).entries();
            Entry last = written.stream()
                    .filter(e -> e.session() == session)
                    .reduce((a, b) -> b)
                    .orElseThrow();
            for (long s = last.wall() / 1000; s < now; s++) {
                truth[(int) (s - t0)] = 0;
            }
        }

        Availability.Figures truth(Duration window) {
            long from = now - window.toSeconds();
            long rec = 0;
            long up = 0;
            long wu = 0;
            long wd = 0;
            long bl = 0;
            for (long s = Math.max(from, t0); s < now; s++) {
                int f = truth[(int) (s - t0)];
                if ((f & RECORDED) == 0) {
                    continue;
                }
                rec++;
                up += (f & UP) != 0 ? 1 : 0;
                wu += (f & WIRED_UP) != 0 ? 1 : 0;
                wd += (f & WIRED_DOWN) != 0 ? 1 : 0;
                bl += (f & BLOCKED) != 0 ? 1 : 0;
            }
            return new Availability.Figures(window.toMillis(), rec * 1000, up * 1000, wu * 1000, wd * 1000, bl * 1000);
        }
    }

    /** One simulated day: an outage of 3 min every hour at :20, the wired path down 02:00-03:00. */
    void day(World w, int dayIndex) throws IOException {
        for (int hour = 0; hour < 24; hour++) {
            if (hour == 2) {
                w.wiredReally = "down";
            }
            if (hour == 3) {
                w.wiredReally = "up";
            }
            if (dayIndex == 25 && hour == 10) {
                w.blockedReally = true;
            }
            if (dayIndex == 25 && hour == 12) {
                w.blockedReally = false;
            }
            if (dayIndex == 7 && hour == 12) { // a clean restart (an upgrade): 30 min without a daemon
                w.stopCleanly();
                w.pass(1800);
                w.start(0);
                w.pass(30);
                w.state("DIALING", "CONNECTED", "link verified");
                w.pass(3600 - 1830);
                continue;
            }
            if (dayIndex == 14 && hour == 6) { // a power cut at 06:10 for two hours; the Pi boots 3 h behind
                w.pass(600);
                w.powerCut();
                w.pass(7200);
                w.start(-3 * 3600);
                w.pass(90);
                w.vt.jumpWallClock(Duration.ofHours(3)); // NTP
                w.pass(30);
                w.state("DIALING", "CONNECTED", "link verified");
                w.pass(3600 - 600 - 120);
                hour += 2;
                continue;
            }
            w.pass(20 * 60);
            w.state("CONNECTED", "RECOVERING", "modem not answering");
            w.history.actionTaken("usb_power_cycle", "RECOVERING", "");
            w.pass(100);
            w.state("RECOVERING", "DIALING", "modem back");
            w.pass(80);
            w.state("DIALING", "CONNECTED", "link verified");
            w.pass(37 * 60);
        }
    }

    @Test
    void aSimulatedMonthWithRestartsAPowerCutAndAWrongClockMatchesWhatReallyHappened() throws IOException {
        World w = new World();
        w.start(0);
        w.pass(30);
        w.state("DIALING", "CONNECTED", "link verified");
        w.pass(86400 - 30);
        for (int d = 1; d < 31; d++) {
            day(w, d);
        }
        w.pass(43200); // half a quiet day more

        Availability.Report r = w.history.availability();
        for (var e : Availability.WINDOWS.entrySet()) {
            Availability.Figures want = w.truth(e.getValue());
            Availability.Figures got = r.windows().get(e.getKey());
            assertThat(got).as(e.getKey()).isEqualTo(want);
        }
        Availability.Figures month = r.windows().get("30d");
        assertThat(month.mobileUnknown())
                .as("30 min restart + 2 h power cut + what it lost")
                .isBetween(
                        Duration.ofMinutes(150).toMillis(),
                        Duration.ofMinutes(150 + 61).toMillis());
        assertThat(month.blocked()).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(month.mobileRatio()).isBetween(0.94, 0.96);
        assertThat(w.history.footprintBytes())
                .as("memory held for a month of this")
                .isLessThan(200_000);
        w.history.close();
    }
}
