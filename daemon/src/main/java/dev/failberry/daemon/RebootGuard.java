package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import dev.failberry.persist.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the host may be rebooted, and remembers reboots across reboots: never when disabled,
 * never before the host has been up {@code min-uptime} (no reboot loops after boot), at most
 * {@code max-per-day} in a rolling 24 h. The record is persisted atomically before the reboot command
 * runs; the reason is read back at the next start and shown in status. A Pi has no RTC: a recorded
 * reboot whose time lies in the future (the clock went backwards) counts as recent, so a wrong clock
 * can only make the guard stricter.
 */
public final class RebootGuard {
    private static final Logger log = LoggerFactory.getLogger(RebootGuard.class);
    static final String FILE = "reboot-guard.properties";

    /** The guard's answer. */
    public record Verdict(boolean allowed, String reason) {}

    private final FailberryConfig.Reboot config;
    private final Path file;
    private final Supplier<Instant> wallClock;
    private final Supplier<Optional<Duration>> hostUptime;
    private final List<Instant> recent = new ArrayList<>();
    private String lastReason;
    private Instant lastTime;

    public RebootGuard(
            FailberryConfig.Reboot config,
            Path stateDir,
            Supplier<Instant> wallClock,
            Supplier<Optional<Duration>> hostUptime) {
        this.config = config;
        this.file = stateDir.resolve(FILE);
        this.wallClock = wallClock;
        this.hostUptime = hostUptime;
        load();
    }

    /** Reads {@code /proc/uptime}; empty when unavailable. */
    public static Optional<Duration> procUptime(Path procUptime) {
        try {
            String first = Files.readString(procUptime).trim().split("\\s+")[0];
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(first) * 1000)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void load() {
        try {
            Optional<Properties> p = AtomicFile.readProperties(file);
            if (p.isEmpty()) {
                return;
            }
            for (String t : p.get().getProperty("reboots", "").split(",")) {
                if (!t.isBlank()) {
                    recent.add(Instant.parse(t.trim()));
                }
            }
            lastReason = p.get().getProperty("last-reason");
            String lt = p.get().getProperty("last-time");
            lastTime = lt == null ? null : Instant.parse(lt);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "reboot guard state {} unreadable ({}); setting it aside and counting this as a recent reboot",
                    file,
                    e.getMessage());
            try {
                AtomicFile.setAside(file, wallClock.get());
            } catch (IOException ignored) {
                // nothing more to do: the guard stays strict below
            }
            recent.add(wallClock.get());
        }
    }

    public Verdict check() {
        if (!config.enabled()) {
            return new Verdict(false, "reboots are disabled (recovery.reboot.enabled = false)");
        }
        Optional<Duration> up = hostUptime.get();
        if (up.isEmpty()) {
            return new Verdict(false, "host uptime unknown");
        }
        if (up.get().compareTo(config.minUptime()) < 0) {
            return new Verdict(
                    false,
                    "host has been up only " + up.get().toMinutes() + " min (minimum "
                            + config.minUptime().toMinutes() + " min)");
        }
        int count = recentCount();
        if (count >= config.maxPerDay()) {
            return new Verdict(false, count + " reboots in the last 24 h (maximum " + config.maxPerDay() + ")");
        }
        return new Verdict(true, "allowed");
    }

    private int recentCount() {
        Instant now = wallClock.get();
        Instant dayAgo = now.minus(Duration.ofHours(24));
        return (int) recent.stream().filter(t -> t.isAfter(dayAgo)).count();
    }

    /** Persists the reboot (time and reason) before the reboot command runs. */
    public void recordReboot(String reason) throws IOException {
        Instant now = wallClock.get();
        Instant keepFrom = now.minus(Duration.ofDays(2));
        recent.removeIf(t -> t.isBefore(keepFrom));
        recent.add(now);
        var p = new Properties();
        p.setProperty(
                "reboots",
                String.join(",", recent.stream().map(Instant::toString).toList()));
        p.setProperty("last-reason", reason);
        p.setProperty("last-time", now.toString());
        AtomicFile.writeProperties(file, p, "FailberryPi reboot guard: times of recent reboots (UTC)");
        lastReason = reason;
        lastTime = now;
    }

    /** "reason (time)" of the last reboot FailberryPi caused, if any. */
    public Optional<String> lastReboot() {
        return lastReason == null ? Optional.empty() : Optional.of(lastReason + " (" + lastTime + ")");
    }

    public int rebootsLast24h() {
        return recentCount();
    }
}
