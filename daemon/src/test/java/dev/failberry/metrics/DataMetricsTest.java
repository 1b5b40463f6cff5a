package dev.failberry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.status.DataUsageView;
import dev.failberry.status.DataUsageView.OverheadView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The data budget and the link's own overhead on /metrics: names, labels and values for a known budget. */
class DataMetricsTest {
    private static final StatusSnapshot PLAIN = new StatusSnapshot(
            "CONNECTED", "", Instant.EPOCH, true, null, null, null, null, null, null, Instant.EPOCH, 0);
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2027-01-01T00:00:00Z");

    private static String scrape(Metrics metrics) throws Exception {
        var out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** 600 MB of a 1 GB cap used (400 down, 200 up), blocked, 2 days of overhead counted. */
    private static DataUsageView blocked() {
        var overhead =
                new OverheadView(172_800, 1_000, 885_000, 1_200_000, 885L, 442_500L, 600_000L, 1_042_500L, 31_733_700L);
        return new DataUsageView(
                400_000_000L,
                200_000_000L,
                START,
                1_000_000_000L,
                60,
                true,
                END,
                "block",
                true,
                true,
                null,
                1_860_000_000L,
                overhead);
    }

    @Test
    void aBudgetInAKnownStateIsScrapedWithItsNamesLabelsAndValues() throws Exception {
        AtomicReference<StatusSnapshot> snapshot = new AtomicReference<>(PLAIN);
        var metrics = new Metrics(snapshot::get, new VirtualTime());
        assertThat(scrape(metrics))
                .as("no budget yet: only the blocked flag, 0")
                .contains("failberry_data_blocked 0.0")
                .doesNotContain("failberry_data_usage_bytes{")
                .doesNotContain("failberry_data_cap_bytes ")
                .doesNotContain("failberry_link_overhead_bytes_per_day{")
                .doesNotContain("failberry_link_health_check_bytes ");

        snapshot.set(PLAIN.withDataUsage(blocked()));
        String text = scrape(metrics);
        assertThat(text)
                .contains("failberry_data_usage_bytes{direction=\"rx\"} 4.0E8")
                .contains("failberry_data_usage_bytes{direction=\"tx\"} 2.0E8")
                .contains("failberry_data_usage_cap_ratio 0.6")
                .contains("failberry_data_cap_bytes 1.0E9")
                .contains("failberry_data_projected_bytes 1.86E9")
                .contains("failberry_data_blocked 1.0")
                .contains("failberry_link_overhead_bytes_per_day{kind=\"health\"} 442500.0")
                .contains("failberry_link_overhead_bytes_per_day{kind=\"own\"} 600000.0")
                .contains("failberry_link_health_check_bytes 885.0");
        assertThat(text)
                .contains("# TYPE failberry_data_usage_bytes gauge", "# TYPE failberry_link_health_check_bytes gauge");
    }

    @Test
    void withoutACapOrBeforeTheFirstOverheadReadingThoseSeriesAreAbsentNotZero() throws Exception {
        var noCap = new DataUsageView(5_000L, 7_000L, START, null, null, false);
        AtomicReference<StatusSnapshot> snapshot = new AtomicReference<>(PLAIN.withDataUsage(noCap));
        String text = scrape(new Metrics(snapshot::get, new VirtualTime()));
        assertThat(text)
                .contains("failberry_data_usage_bytes{direction=\"rx\"} 5000.0")
                .contains("failberry_data_usage_bytes{direction=\"tx\"} 7000.0")
                .contains("failberry_data_blocked 0.0")
                .doesNotContain("failberry_data_usage_cap_ratio ")
                .doesNotContain("failberry_data_cap_bytes ")
                .doesNotContain("failberry_data_projected_bytes ")
                .doesNotContain("failberry_link_overhead_bytes_per_day{")
                .doesNotContain("failberry_link_health_check_bytes ");
    }
}
