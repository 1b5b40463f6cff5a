package dev.failberry.ppp;

import java.time.Instant;

/**
 * Mobile data counted in the current billing period (both directions, everything on the link).
 *
 * @param periodStart start of the period (wall clock), or null while the clock is not yet plausible
 */
public record DataUsageSnapshot(long rxBytes, long txBytes, Instant periodStart) {

    public long totalBytes() {
        return rxBytes + txBytes;
    }
}
