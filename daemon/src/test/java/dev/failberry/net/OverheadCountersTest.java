package dev.failberry.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The link's own overhead from the table's named counters, across table reloads. */
class OverheadCountersTest {
    /** {@code nft list counters table inet failberry}, nftables 1.0.6 (Debian 12), in the network lab. */
    static String capture(long checks, long healthIn, long healthOut, long ownIn, long ownOut) {
        return """
                table inet failberry {
                	counter health_checks {
                		packets %d bytes %d
                	}
                	counter health_in {
                		packets 25 bytes %d
                	}
                	counter health_out {
                		packets 25 bytes %d
                	}
                	counter own_in {
                		packets 40 bytes %d
                	}
                	counter own_out {
                		packets 40 bytes %d
                	}
                }""".formatted(checks, checks * 60, healthIn, healthOut, ownIn, ownOut);
    }

    private static final long MIN = Duration.ofMinutes(1).toNanos();

    @Test
    void parsesOurCountersAndIgnoresOthers() {
        var c = OverheadCounters.parse(
                        capture(5, 2000, 2420, 700, 900) + "\ncounter someone_elses { packets 1 bytes 2 }")
                .orElseThrow();
        assertThat(c).containsOnlyKeys(OverheadCounters.NAMES);
        assertThat(c.get("health_checks")).isEqualTo(new OverheadCounters.Count(5, 300));
        assertThat(OverheadCounters.parse("table inet failberry {\n}\n")).isEmpty();
        assertThat(OverheadCounters.parse("Error: No such file or directory")).isEmpty();
    }

    @Test
    void ratesPerDayAndPerCheckAcrossATableReload() {
        OverheadCounters o = new OverheadCounters();
        o.tableReloaded(0);
        assertThat(o.view(30L * 1_000_000_000).bytesPerDay()).isNull(); // less than a minute measured
        o.add(OverheadCounters.parse(capture(10, 4000, 4840, 1000, 1000)).orElseThrow(), MIN);
        // the table is loaded again (link change): its counters start from zero, nothing is lost
        o.add(OverheadCounters.parse(capture(12, 4800, 5808, 1200, 1200)).orElseThrow(), 2 * MIN);
        o.tableReloaded(2 * MIN);
        o.add(OverheadCounters.parse(capture(3, 1200, 1452, 300, 300)).orElseThrow(), 3 * MIN);
        var v = o.view(4 * MIN);
        assertThat(v.healthChecks()).isEqualTo(15);
        assertThat(v.healthBytes()).isEqualTo(4800 + 5808 + 1200 + 1452);
        assertThat(v.bytesPerHealthCheck()).isEqualTo((4800 + 5808 + 1200 + 1452) / 15);
        assertThat(v.ownBytes()).isEqualTo(3000);
        // 16,260 bytes in 4 minutes = 5,853,600 a day
        assertThat(v.bytesPerDay()).isEqualTo((4800 + 5808 + 1200 + 1452 + 3000) * 360L);
        assertThat(v.projectedMonthBytes()).isEqualTo(Math.round(v.bytesPerDay() * 30.44));
    }

    @Test
    void aCounterLowerThanBeforeWithoutAReloadIsTakenAsARestart() {
        // someone else re-created the table (nftables.service reload) between two readings
        OverheadCounters o = new OverheadCounters();
        o.add(OverheadCounters.parse(capture(10, 4000, 4000, 0, 0)).orElseThrow(), 0);
        o.add(OverheadCounters.parse(capture(2, 800, 800, 0, 0)).orElseThrow(), MIN);
        assertThat(o.view(MIN).healthChecks()).isEqualTo(12);
        assertThat(o.view(MIN).healthBytes()).isEqualTo(9600);
    }

    @Test
    void nothingMeasuredNoView() {
        assertThat(new OverheadCounters().view(MIN)).isNull();
    }
}
