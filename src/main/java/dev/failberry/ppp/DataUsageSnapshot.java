package dev.failberry.ppp;

import java.time.Instant;

/**
 * Mobile data used in the current monthly period.
 *
 * @param periodStart  start of the period (wall clock), or null while the clock is not yet plausible
 * @param capBytes     the configured cap, or null
 * @param usedPercent  (rx + tx) as a percentage of the cap, or null without a cap
 * @param warning      usage reached {@code warn-percent} of the cap
 * @param capExceeded  usage reached the cap
 */
public record DataUsageSnapshot(long rxBytes, long txBytes, Instant periodStart, Long capBytes, Integer usedPercent,
        boolean warning, boolean capExceeded) {

    public long totalBytes() {
        return rxBytes + txBytes;
    }
}
