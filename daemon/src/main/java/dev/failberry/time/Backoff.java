package dev.failberry.time;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, bounded: attempt 0 waits {@code initial}, each further attempt
 * multiplies by {@code multiplier} up to {@code max}; the result is spread by ±{@code jitter} (a
 * fraction) so that many devices do not retry in lock step.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1.0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException(
                    "invalid backoff " + initial + ".." + max + " x" + multiplier + " ±" + jitter);
        }
    }

    /** The delay before retry number {@code attempt} (0-based), jittered with {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        double base = initial.toNanos() * Math.pow(multiplier, Math.min(Math.max(attempt, 0), 60));
        double capped = Math.min(base, max.toNanos());
        double spread = jitter == 0 ? 1.0 : 1.0 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) Math.min(capped * spread, max.toNanos()));
    }

    /** The un-jittered delay, for documentation and tests. */
    public Duration nominal(int attempt) {
        double base = initial.toNanos() * Math.pow(multiplier, Math.min(Math.max(attempt, 0), 60));
        return Duration.ofNanos((long) Math.min(base, max.toNanos()));
    }
}
