package dev.failberry.status;

import java.time.Instant;

/**
 * The billing period's usage and the data budget.
 *
 * @param periodEnd      when the next period starts (the block lifts by itself then)
 * @param capAction      {@code warn} or {@code block}
 * @param overCap        usage reached the cap this period
 * @param blocked        LAN traffic may not use the link (the budget's decision; {@code firewall.blocked_by_cap}
 *                       says whether the table in force does it)
 * @param adminOverride  {@code lifted} or {@code blocked} by an admin for the rest of the period, or null
 * @param projectedBytes usage at the end of the period at the average rate so far (null early in a period)
 * @param linkOverhead   what the link carries for the Pi itself (null until measured)
 */
public record DataUsageView(
        long rxBytes,
        long txBytes,
        Instant periodStart,
        Long capBytes,
        Integer usedPercent,
        boolean warning,
        Instant periodEnd,
        String capAction,
        boolean overCap,
        boolean blocked,
        String adminOverride,
        Long projectedBytes,
        OverheadView linkOverhead) {

    public DataUsageView(
            long rxBytes, long txBytes, Instant periodStart, Long capBytes, Integer usedPercent, boolean warning) {
        this(
                rxBytes,
                txBytes,
                periodStart,
                capBytes,
                usedPercent,
                warning,
                null,
                "warn",
                false,
                false,
                null,
                null,
                null);
    }

    /**
     * The link's own cost to the SIM, measured from the firewall table's counters over {@code seconds}:
     * health checks received (connections and bytes both ways, IP headers included) and the Pi's other
     * traffic on the link (probes, public-IP check, DNS and AWS calls, unsolicited packets). Rates are null
     * for the first minute.
     */
    public record OverheadView(
            long seconds,
            long healthChecks,
            long healthBytes,
            long ownBytes,
            Long bytesPerHealthCheck,
            Long healthBytesPerDay,
            Long ownBytesPerDay,
            Long bytesPerDay,
            Long projectedMonthBytes) {}
}
