package dev.failberry.ppp;

import dev.failberry.budget.BillingPeriod;
import dev.failberry.config.FailberryConfig;
import dev.failberry.persist.AtomicFile;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the link's rx/tx bytes from {@code <statistics-dir>/<iface>/statistics/{rx,tx}_bytes}, across
 * reconnects (a counter that goes backwards means the interface was recreated, e.g. pppd restarted: the
 * new value is all new traffic) and daemon restarts (state file written with {@link AtomicFile} every
 * {@code save-interval} and on {@link #close()}; a power cut loses at most one interval).
 *
 * <p>The counters are read every {@code sample-interval} (two small sysfs reads; the budget decides on
 * each sample, see {@code dev.failberry.budget.Budget}) and written to the SD card only every
 * {@code save-interval}. Each sample is reported to the listener; this class counts, it decides nothing.
 *
 * <p>The period follows {@link BillingPeriod} from {@code reset-day}. Calendar rules use the wall
 * clock, which may jump (a Pi has no RTC): a clock behind the stored period start never resets the
 * counters, and before the clock is plausible (earlier than 2024) bytes are counted but no period is
 * started. A corrupt state file is logged once, set aside and counting starts again from the interface
 * counters (all the bytes of the current link session).
 *
 * <p>Methods are synchronized; the periodic sample runs on the given scheduler.
 */
public final class DataUsage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataUsage.class);
    static final Instant PLAUSIBLE = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration JUMP = Duration.ofMinutes(2);

    private final FailberryConfig.DataUsage config;
    private final Path stateFile;
    private final Scheduler scheduler;
    private final ZoneId zone;
    private final PppListener listener;

    private Cancellable ticker = Cancellable.NONE;
    private Instant periodStart;
    private long rx;
    private long tx;
    private String iface;
    private long lastRx;
    private long lastTx;
    private boolean behindLogged;
    private long lastSaveNanos;
    private long lastSampleNanos = -1;
    private Instant lastSampleWall;
    private String lastSaveError;

    public DataUsage(
            FailberryConfig.DataUsage config, Path stateFile, Scheduler scheduler, ZoneId zone, PppListener listener) {
        this.config = config;
        this.stateFile = stateFile;
        this.scheduler = scheduler;
        this.zone = zone;
        this.listener = listener;
    }

    /**
     * Loads the saved state and starts sampling every {@code sample-interval} (each sample reported to the
     * listener) and saving every {@code save-interval}.
     */
    public synchronized void start() {
        load();
        lastSaveNanos = scheduler.time().nanoTime();
        ticker.cancel();
        ticker = scheduler.scheduleEvery(config.sampleInterval(), config.sampleInterval(), this::tick);
    }

    private void tick() {
        DataUsageSnapshot s;
        synchronized (this) {
            sample();
            if (scheduler.time().nanoTime() - lastSaveNanos
                    >= config.saveInterval().toNanos()) {
                save();
            }
            s = snapshot();
        }
        listener.dataUsageSampled(s);
    }

    /** The link came up on {@code interfaceName}: its counters start from zero (a new interface). */
    public synchronized void linkUp(String interfaceName) {
        iface = interfaceName;
        lastRx = 0;
        lastTx = 0;
        sample();
    }

    /** The link went down: take the last sample of this interface. */
    public synchronized void linkDown() {
        sample();
        iface = null;
        save();
    }

    /** Samples and saves; stops the periodic task. */
    @Override
    public synchronized void close() {
        ticker.cancel();
        sample();
        save();
    }

    public synchronized DataUsageSnapshot snapshot() {
        return new DataUsageSnapshot(rx, tx, periodStart);
    }

    /** Reads the counters and moves the period if due. */
    public synchronized void sample() {
        Instant now = scheduler.time().now();
        long mono = scheduler.time().nanoTime();
        if (lastSampleNanos >= 0) {
            Duration wall = Duration.between(lastSampleWall, now);
            Duration monotonic = Duration.ofNanos(mono - lastSampleNanos);
            if (wall.minus(monotonic).abs().compareTo(JUMP) > 0) {
                log.info(
                        "wall clock jumped by {} s since the last data-usage sample",
                        wall.minus(monotonic).toSeconds());
            }
        }
        lastSampleNanos = mono;
        lastSampleWall = now;
        rollPeriod(now);
        if (iface != null) {
            long curRx = readCounter("rx_bytes");
            long curTx = readCounter("tx_bytes");
            if (curRx >= 0 && curTx >= 0) {
                rx += curRx >= lastRx ? curRx - lastRx : curRx;
                tx += curTx >= lastTx ? curTx - lastTx : curTx;
                lastRx = curRx;
                lastTx = curTx;
            }
        }
    }

    private void rollPeriod(Instant now) {
        if (now.isBefore(PLAUSIBLE)) {
            return;
        }
        Instant expected = BillingPeriod.start(now, zone, config.resetDay());
        if (periodStart == null) {
            periodStart = expected;
        } else if (expected.isAfter(periodStart)) {
            log.info(
                    "data usage period from {} ended: rx {} bytes, tx {} bytes; new period from {}",
                    periodStart,
                    rx,
                    tx,
                    expected);
            periodStart = expected;
            rx = 0;
            tx = 0;
            behindLogged = false;
        } else if (expected.isBefore(periodStart) && !behindLogged) {
            behindLogged = true;
            log.warn("wall clock ({}) is before the data-usage period start {}; keeping the period", now, periodStart);
        }
    }

    private long readCounter(String name) {
        Path file = config.statisticsDir().resolve(iface).resolve("statistics").resolve(name);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            long v = Long.parseLong(text);
            return v < 0 ? -1 : v;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private void load() {
        try {
            var props = AtomicFile.readProperties(stateFile);
            if (props.isEmpty()) {
                return;
            }
            Properties p = props.get();
            long r = Long.parseLong(required(p, "rx_bytes"));
            long t = Long.parseLong(required(p, "tx_bytes"));
            String start = p.getProperty("period_start", "");
            if (r < 0 || t < 0) {
                throw new IllegalArgumentException("negative counter");
            }
            rx = r;
            tx = t;
            periodStart = start.isEmpty() ? null : Instant.parse(start);
            log.info("data usage this period (from {}): rx {} bytes, tx {} bytes", periodStart, rx, tx);
        } catch (IOException | RuntimeException e) {
            rx = 0;
            tx = 0;
            periodStart = null;
            setAside(e);
        }
    }

    private void setAside(Exception e) {
        try {
            Path aside = AtomicFile.setAside(stateFile, scheduler.time().now());
            log.warn(
                    "data usage state {} is corrupt ({}); moved to {}, counting starts fresh",
                    stateFile,
                    e.getMessage(),
                    aside.getFileName());
        } catch (IOException io) {
            log.warn(
                    "data usage state {} is corrupt ({}) and could not be moved aside ({}); counting starts fresh",
                    stateFile,
                    e.getMessage(),
                    io.getMessage());
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v.strip();
    }

    private void save() {
        lastSaveNanos = scheduler.time().nanoTime();
        Properties p = new Properties();
        p.setProperty("rx_bytes", Long.toString(rx));
        p.setProperty("tx_bytes", Long.toString(tx));
        p.setProperty("period_start", periodStart == null ? "" : periodStart.toString());
        p.setProperty("saved_at", scheduler.time().now().toString());
        try {
            AtomicFile.writeProperties(stateFile, p, "failberry data usage");
            lastSaveError = null;
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).equals(lastSaveError)) {
                log.warn("could not save data usage to {}: {}", stateFile, e.toString());
            }
            lastSaveError = String.valueOf(e.getMessage());
        }
    }
}
