package dev.failberry.config;

import java.time.Duration;

/** Reads and validates the {@code history} section. */
final class HistoryReader {
    static final long MIN_SEGMENT = 16 * 1024;
    static final long MAX_SEGMENT = 16L * 1024 * 1024;
    static final long MAX_TOTAL = 256L * 1024 * 1024;

    private final ConfigReader r;

    HistoryReader(ConfigReader reader) {
        this.r = reader;
    }

    HistoryConfig read() {
        boolean enabled = r.bool("history.enabled");
        long segment = size("history.segment-size", MIN_SEGMENT, MAX_SEGMENT);
        long max = size("history.max-size", MIN_SEGMENT * 2, MAX_TOTAL);
        if (max < 2 * segment) {
            r.problem(
                    "history.max-size",
                    "must be at least twice history.segment-size (" + segment
                            + " bytes): the oldest segment is deleted only when a new one starts");
            max = 2 * segment;
        }
        Duration flush = r.duration("history.flush-delay", Duration.ZERO, Duration.ofHours(1));
        Duration mark = r.duration("history.mark-interval", Duration.ofMinutes(1), Duration.ofHours(24));
        Duration sample = r.duration("history.sample-interval", Duration.ofSeconds(10), Duration.ofMinutes(10));
        return new HistoryConfig(enabled, max, segment, flush, mark, sample);
    }

    /** The size at {@code key} (its default is in reference.conf); {@code min} after a problem, which fails the load. */
    private long size(String key, long min, long max) {
        long v = r.optBytes(key, min).orElse(min);
        if (v > max) {
            r.problem(key, "out of range: " + v + " bytes (expected at most " + max + ")");
            return min;
        }
        return v;
    }
}
