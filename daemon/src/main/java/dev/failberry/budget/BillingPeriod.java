package dev.failberry.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The billing period's calendar: it starts at 00:00 local time on {@code resetDay} of each month; a month
 * without that day (31 in April, 29-31 in February) starts it on its last day, which is what carriers with
 * "the 31st" billing do. Pure.
 */
public final class BillingPeriod {
    private BillingPeriod() {}

    /** The start of the period {@code now} lies in. */
    public static Instant start(Instant now, ZoneId zone, int resetDay) {
        LocalDate today = ZonedDateTime.ofInstant(now, zone).toLocalDate();
        LocalDate start = startIn(YearMonth.from(today), resetDay);
        if (today.isBefore(start)) {
            start = startIn(YearMonth.from(today).minusMonths(1), resetDay);
        }
        return start.atStartOfDay(zone).toInstant();
    }

    /** The start of the period after the one that starts at {@code start}. */
    public static Instant next(Instant start, ZoneId zone, int resetDay) {
        YearMonth month = YearMonth.from(ZonedDateTime.ofInstant(start, zone).toLocalDate());
        return startIn(month.plusMonths(1), resetDay).atStartOfDay(zone).toInstant();
    }

    private static LocalDate startIn(YearMonth month, int resetDay) {
        return month.atDay(Math.min(resetDay, month.lengthOfMonth()));
    }

    /**
     * Usage at the end of the period if it goes on at the average rate since the period began: null before
     * an hour of the period has passed (too little to go on) or without a known period.
     */
    public static Long projection(long used, Instant periodStart, Instant periodEnd, Instant now) {
        if (periodStart == null || periodEnd == null || now.isBefore(periodStart)) {
            return null;
        }
        Duration elapsed = Duration.between(periodStart, now);
        if (elapsed.compareTo(Duration.ofHours(1)) < 0) {
            return null;
        }
        double whole = Duration.between(periodStart, periodEnd).toSeconds();
        return Math.round(used * (whole / elapsed.toSeconds()));
    }
}
