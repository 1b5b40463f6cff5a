package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.HistoryConfig;
import dev.failberry.notify.EventName;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the journal costs the SD card, measured on the real file code in virtual time with the default
 * settings: writes (each one write and one fdatasync) and bytes per day, on a quiet link and with a fault
 * every hour. The fault is a modem hang as the supervisor handles it on a Pi with the defaults (three AT
 * timeouts, a USB power cycle, init, dial, verify: about 45 s), with the events the supervisor emits.
 */
class JournalWritesTest {
    static final HistoryConfig DEFAULTS = new HistoryConfig(
            true, 2 << 20, 256 << 10, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(60));

    @TempDir
    Path stateDir;

    final VirtualTime time = new VirtualTime();
    final StatusSnapshot snapshot = new StatusSnapshot(
            "CONNECTED", "", time.now(), true, null, null, null, null, RecoveryView.none(), null, time.now(), 0);

    void hang(History h) {
        h.actionTaken("usb_power_cycle", "CONNECTED", "modem hung: 3 consecutive AT timeouts");
        h.stateChanged("CONNECTED", "RECOVERING", "USB power cycle in progress");
        h.sink().emit(NotifyEvent.of(EventName.LINK_DOWN, time, "RECOVERING", "modem hung: 3 consecutive AT timeouts"));
        time.advance(Duration.ofSeconds(18));
        h.sink()
                .emit(NotifyEvent.of(EventName.RECOVERY, time, "RECOVERING", "modem back")
                        .with("action", "usb-power-cycle")
                        .with("result", "ok"));
        h.stateChanged("RECOVERING", "MODEM_INIT", "running the init sequence");
        time.advance(Duration.ofSeconds(5));
        h.stateChanged("MODEM_INIT", "REGISTERING", "registered home");
        h.stateChanged("REGISTERING", "DIALING", "dialling");
        time.advance(Duration.ofSeconds(20));
        h.stateChanged("DIALING", "CONNECTED", "link up, traffic verified");
        h.sink().emit(NotifyEvent.of(EventName.LINK_UP, time, "CONNECTED", "link up after 45 s"));
    }

    @Test
    void writesPerDayOnAQuietLinkAndWithAFaultEveryHour() throws IOException {
        History[] current = new History[1];
        long[] quiet = dayWith(() -> {}, current);
        long[] faulty = dayWith(() -> hang(current[0]), current);
        System.out.printf(
                "journal writes per day: quiet %d writes, %d bytes; a fault an hour %d writes, %d bytes%n",
                quiet[0], quiet[1], faulty[0], faulty[1]);
        assertThat(quiet[0]).as("one mark an hour").isEqualTo(24);
        assertThat(quiet[1]).isLessThan(24 * 40);
        // one batch per fault (its records fall within one flush delay); the faults' writes replace the marks
        // (one more when the measured day begins an hour after a mark)
        assertThat(faulty[0]).isBetween(24L, 25L);
        assertThat(faulty[1]).isBetween(24 * 600L, 24 * 1000L);
    }

    private long[] dayWith(Runnable hourly, History[] current) throws IOException {
        History h = History.open(DEFAULTS, stateDir, time, () -> snapshot, History.Sources.NONE);
        current[0] = h;
        time.runDue();
        h.stateChanged("STARTING", "MODEM_INIT", "opening the modem");
        h.stateChanged("MODEM_INIT", "CONNECTED", "link up, traffic verified");
        time.advance(Duration.ofHours(3));
        long writes = h.stats().writes();
        long bytes = h.stats().bytesWritten();
        for (int hour = 0; hour < 24; hour++) {
            long start = time.nanoTime();
            time.advance(Duration.ofMinutes(20));
            hourly.run();
            time.advance(Duration.ofHours(1).minusNanos(time.nanoTime() - start));
        }
        long[] r = {h.stats().writes() - writes, h.stats().bytesWritten() - bytes};
        h.close();
        return r;
    }
}
