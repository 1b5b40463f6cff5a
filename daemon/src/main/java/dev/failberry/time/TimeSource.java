package dev.failberry.time;

import java.time.Instant;

/**
 * Where all time comes from. Intervals are measured with {@link #nanoTime()} (monotonic: a Pi has no
 * RTC and NTP steps the wall clock after boot); {@link #now()} is only for timestamps shown to people
 * and for calendar rules (data-usage period, reboots per day).
 */
public interface TimeSource {
    /** Monotonic nanoseconds, comparable only with other values of the same source. */
    long nanoTime();

    /** Wall-clock time, which may jump. */
    Instant now();

    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };
}
