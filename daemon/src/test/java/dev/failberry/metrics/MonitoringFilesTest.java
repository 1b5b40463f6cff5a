package dev.failberry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.failberry.config.HistoryConfig;
import dev.failberry.history.History;
import dev.failberry.history.HistoryMetrics;
import dev.failberry.notify.NotifyStatus;
import dev.failberry.status.RecoveryView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.testutil.Tools;
import dev.failberry.time.VirtualTime;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet files in {@code deploy/monitoring}: the alert rules pass {@code promtool check rules} and their
 * unit tests ({@code promtool test rules}), and every metric the rules and the Grafana dashboard query is one
 * the daemon exports.
 */
class MonitoringFilesTest {
    static final Path DIR = Path.of("deploy/monitoring");
    static final Pattern METRIC = Pattern.compile("\\b(failberry_[a-z0-9_]+)");

    @TempDir
    Path stateDir;

    /** Every series name the daemon can export, with the suffixes of counters and histograms. */
    Set<String> exported() throws Exception {
        VirtualTime time = new VirtualTime();
        var snap = new StatusSnapshot(
                "CONNECTED", "", time.now(), true, null, null, null, null, RecoveryView.none(), null, time.now(), 0);
        Metrics metrics = new Metrics(() -> snap, time);
        metrics.registerNotify(() -> NotifyStatus.NONE);
        History history = History.open(
                new HistoryConfig(
                        true, 2 << 20, 256 << 10, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(60)),
                stateDir,
                time,
                () -> snap,
                History.Sources.NONE);
        HistoryMetrics.register(metrics.registry(), history);
        Set<String> names = new TreeSet<>();
        for (MetricSnapshot s : metrics.registry().scrape()) {
            String n = s.getMetadata().getPrometheusName();
            if (s instanceof CounterSnapshot) {
                names.addAll(List.of(n + "_total", n + "_created"));
            } else if (s instanceof HistogramSnapshot) {
                names.addAll(List.of(n + "_bucket", n + "_count", n + "_sum", n + "_created"));
            } else {
                names.add(n);
            }
        }
        history.close();
        return names;
    }

    static Set<String> referenced(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The {@code expr:} of each rule (one line each, as the file keeps them). */
    static List<String> ruleExpressions() throws Exception {
        List<String> exprs = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("failberry-alerts.yml"))) {
            String t = line.strip();
            if (t.startsWith("expr:")) {
                exprs.add(t.substring(5).strip());
            }
        }
        return exprs;
    }

    @Test
    void everyMetricTheAlertRulesAndTheDashboardQueryIsExported() throws Exception {
        Set<String> exported = exported();
        List<String> exprs = ruleExpressions();
        assertThat(exprs).hasSize(7);
        Set<String> used = new HashSet<>();
        exprs.forEach(e -> used.addAll(referenced(e)));
        Map<String, Object> dash = ConfigFactory.parseString(
                        Files.readString(DIR.resolve("grafana-dashboard.json")),
                        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON))
                .root()
                .unwrapped();
        List<String> dashExprs = new ArrayList<>();
        collect(dash, dashExprs);
        assertThat(dashExprs).hasSizeGreaterThan(15);
        dashExprs.forEach(e -> used.addAll(referenced(e)));
        assertThat(exported).as("what the daemon exports").containsAll(used);
        assertThat(used)
                .as("the files cover the essentials")
                .contains(
                        "failberry_up",
                        "failberry_wired_up",
                        "failberry_data_usage_cap_ratio",
                        "failberry_availability_ratio",
                        "failberry_modem_signal_dbm",
                        "failberry_ppp_probe_latency_seconds_bucket",
                        "failberry_recovery_actions_total");
        assertThat(exprs).anyMatch(e -> e.contains("up{job=\"failberry\"}"));
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<String> exprs) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (("expr".equals(k) || "definition".equals(k)) && v instanceof String s) {
                    exprs.add(s);
                } else {
                    collect(v, exprs);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, exprs));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardImportsIntoGrafanaWithAPrometheusDataSourceAndASiteChoice() throws Exception {
        Map<String, Object> dash = ConfigFactory.parseString(
                        Files.readString(DIR.resolve("grafana-dashboard.json")),
                        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON))
                .root()
                .unwrapped();
        assertThat(dash).containsKeys("title", "uid", "schemaVersion", "panels", "templating", "__inputs");
        assertThat(dash.get("__inputs").toString()).contains("name=DS_PROMETHEUS", "pluginId=prometheus");
        Set<Object> ids = new HashSet<>();
        for (Object o : (List<Object>) dash.get("panels")) {
            Map<String, Object> p = (Map<String, Object>) o;
            assertThat(ids.add(p.get("id"))).as("panel ids unique").isTrue();
            assertThat(p).containsKeys("type", "title", "gridPos", "targets");
            assertThat(p.get("datasource").toString()).contains("${DS_PROMETHEUS}");
            for (Object t : (List<Object>) p.get("targets")) {
                assertThat(((Map<String, Object>) t).get("expr").toString())
                        .as(p.get("title").toString())
                        .contains("instance=~\"$instance\"");
            }
        }
        assertThat(dash.get("templating").toString()).contains("name=instance", "label_values(failberry_up, instance)");
    }

    private static String run(Path promtool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(promtool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @Test
    void theAlertRulesPassPromtoolAndTheirOwnUnitTests() throws Exception {
        Path promtool = Tools.find("the alert rules' promtool check", "promtool");
        assertThat(run(promtool, "check", "rules", "failberry-alerts.yml")).contains("SUCCESS: 7 rules found");
        assertThat(run(promtool, "test", "rules", "failberry-alerts.test.yml")).contains("SUCCESS");
    }
}
