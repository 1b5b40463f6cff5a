package dev.failberry.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The billing calendar for each kind of reset-day, in the local time zone. */
class BillingPeriodTest {
    @ParameterizedTest(name = "{0} reset-day {1} in {2}: {3} .. {4}")
    @CsvSource({
        // the 1st: calendar months
        "2026-12-15T10:00:00Z, 1, UTC, 2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z",
        // mid-month billing (openmptcprouter #211): before the day, the period began last month
        "2026-12-14T23:59:59Z, 15, UTC, 2026-11-15T00:00:00Z, 2026-12-15T00:00:00Z",
        "2026-12-15T00:00:00Z, 15, UTC, 2026-12-15T00:00:00Z, 2027-01-15T00:00:00Z",
        // the 31st: months without it start the period on their last day
        "2027-02-28T12:00:00Z, 31, UTC, 2027-02-28T00:00:00Z, 2027-03-31T00:00:00Z",
        "2027-02-27T12:00:00Z, 31, UTC, 2027-01-31T00:00:00Z, 2027-02-28T00:00:00Z",
        "2027-04-30T12:00:00Z, 31, UTC, 2027-04-30T00:00:00Z, 2027-05-31T00:00:00Z",
        "2028-02-29T12:00:00Z, 30, UTC, 2028-02-29T00:00:00Z, 2028-03-30T00:00:00Z",
        // local midnight, not UTC's
        "2026-12-04T23:30:00Z, 5, Pacific/Auckland, 2026-12-04T11:00:00Z, 2027-01-04T11:00:00Z",
        "2026-03-29T12:00:00Z, 29, Europe/Berlin, 2026-03-28T23:00:00Z, 2026-04-28T22:00:00Z",
    })
    void startAndNext(String now, int resetDay, String zone, String start, String next) {
        ZoneId z = ZoneId.of(zone);
        Instant s = BillingPeriod.start(Instant.parse(now), z, resetDay);
        assertThat(s).isEqualTo(Instant.parse(start));
        assertThat(BillingPeriod.next(s, z, resetDay)).isEqualTo(Instant.parse(next));
    }

    @ParameterizedTest(name = "{0} used after {1}: {2}")
    @CsvSource({
        "1000, PT30M,",
        "1000, PT1H, 744000",
        "100000000, P15D, 206666667",
    })
    void projectionAtTheAverageRate(long used, String elapsed, Long expected) {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        Instant end = Instant.parse("2027-01-01T00:00:00Z"); // 31 days
        assertThat(BillingPeriod.projection(used, start, end, start.plus(java.time.Duration.parse(elapsed))))
                .isEqualTo(expected);
    }
}
