package dev.failberry.time;

import java.time.Duration;

/** Measures elapsed time on a monotonic {@link TimeSource}. */
public final class Stopwatch {
    private final TimeSource time;
    private long start;

    private Stopwatch(TimeSource time) {
        this.time = time;
        this.start = time.nanoTime();
    }

    public static Stopwatch start(TimeSource time) {
        return new Stopwatch(time);
    }

    public Duration elapsed() {
        return Duration.ofNanos(time.nanoTime() - start);
    }

    public void restart() {
        start = time.nanoTime();
    }
}
