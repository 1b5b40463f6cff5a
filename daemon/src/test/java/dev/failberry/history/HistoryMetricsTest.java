package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.HistoryConfig;
import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryMetricsTest {
    @TempDir
    Path stateDir;

    @Test
    void availabilityPerLinkAndWindowTheWiredPathAndTheJournalsWrites() throws Exception {
        VirtualTime time = new VirtualTime();
        var snap = new StatusSnapshot(
                "CONNECTED", "", time.now(), true, null, null, null, null, RecoveryView.none(), null, time.now(), 0);
        AtomicReference<String> wired = new AtomicReference<>(null);
        History h = History.open(
                new HistoryConfig(
                        true, 2 << 20, 256 << 10, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(60)),
                stateDir,
                time,
                () -> snap,
                new History.Sources(s -> wired.get(), s -> false));
        var registry = new PrometheusRegistry();
        HistoryMetrics.register(registry, h);
        time.runDue();
        h.stateChanged("STARTING", "MODEM_INIT", "");
        time.advance(Duration.ofHours(1));
        h.stateChanged("MODEM_INIT", "CONNECTED", "");
        assertThat(scrape(registry))
                .doesNotContain("failberry_wired_up ")
                .doesNotContain("link=\"wired\",window=\"24h\"} 0.")
                .contains("failberry_availability_unknown_seconds{link=\"wired\",window=\"24h\"} 86400.0");
        wired.set("up");
        time.advance(Duration.ofHours(3));
        String text = scrape(registry);
        assertThat(text)
                .contains("failberry_availability_ratio{link=\"mobile\",window=\"24h\"} 0.75")
                .contains("failberry_availability_ratio{link=\"wired\",window=\"30d\"} 1.0")
                .contains("failberry_availability_unknown_seconds{link=\"mobile\",window=\"24h\"} 72000.0")
                .contains("failberry_budget_blocked_seconds{window=\"7d\"} 0.0")
                .contains("failberry_wired_up 1.0")
                .containsPattern("failberry_history_writes_total [1-9]")
                .containsPattern("failberry_history_written_bytes_total [1-9]");
        h.close();
    }

    static String scrape(PrometheusRegistry registry) throws Exception {
        var out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
