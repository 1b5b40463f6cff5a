package dev.failberry.metrics;

import dev.failberry.notify.NotifyStatus;
import dev.failberry.status.NetworkView;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.TimeSource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The Prometheus metrics of the daemon ({@code failberry_} prefix, base units, {@code _total} on
 * counters). Gauges are callbacks over the latest {@link StatusSnapshot}, so nothing is updated twice;
 * counters and histograms are incremented where the event happens. Uses the small
 * prometheus-metrics-core + text-format modules (about 0.4 MB, no protobuf).
 */
public final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public final Counter transitions;
    public final Counter pppReconnects;
    public final Counter recoveryActions;
    public final Counter dnsUpdates;
    public final Histogram atLatency;
    public final Histogram probeLatency;
    public final Counter wiredPathChanges;

    public Metrics(Supplier<StatusSnapshot> snapshot, TimeSource time) {
        transitions = Counter.builder()
                .name("failberry_state_transitions_total")
                .help(
                        "State machine transitions by target state (\"refused\" for transitions the state machine refused)")
                .labelNames("to")
                .register(registry);
        pppReconnects = Counter.builder()
                .name("failberry_ppp_reconnects_total")
                .help("pppd restarts by reason")
                .labelNames("reason")
                .register(registry);
        recoveryActions = Counter.builder()
                .name("failberry_recovery_actions_total")
                .help("Recovery actions taken (redial, modem_reset, usb_power_cycle, reboot) by outcome")
                .labelNames("action", "outcome")
                .register(registry);
        dnsUpdates = Counter.builder()
                .name("failberry_dns_updates_total")
                .help("DNS publish attempts by outcome")
                .labelNames("outcome")
                .register(registry);
        atLatency = Histogram.builder()
                .name("failberry_modem_at_latency_seconds")
                .unit(Unit.SECONDS)
                .help("AT command round trip by final result")
                .labelNames("result")
                .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10)
                .register(registry);
        probeLatency = Histogram.builder()
                .name("failberry_ppp_probe_latency_seconds")
                .unit(Unit.SECONDS)
                .help("Link verification probe latency")
                .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2, 5)
                .register(registry);

        wiredPathChanges = Counter.builder()
                .name("failberry_wired_path_changes_total")
                .help("Changes of the wired path as the daemon's probes judge it, by new state (up, down, unknown)")
                .labelNames("to")
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_wired_probe_up")
                .help("1 when the target answered in the last round of wired-path probes, 0 when not; by target")
                .labelNames("target")
                .callback(cb -> wiredTargets(snapshot).forEach(t -> cb.call(t.ok() ? 1 : 0, t.target())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_wired_probe_latency_seconds")
                .unit(Unit.SECONDS)
                .help(
                        "Connect time of the target in the last round of wired-path probes (absent when it did not answer)")
                .labelNames("target")
                .callback(cb -> wiredTargets(snapshot).forEach(t -> {
                    if (t.latencyMs() != null) {
                        cb.call(t.latencyMs() / 1000.0, t.target());
                    }
                }))
                .register(registry);
        // from the status (the heartbeat's own count): absent unless dns.failover.mobile-check = cloudwatch
        CounterWithCallback.builder()
                .name("failberry_heartbeat_total")
                .help("CloudWatch heartbeats (mobile-check = cloudwatch) since the start, by result (sent, failed)")
                .labelNames("result")
                .callback(cb -> {
                    var d = snapshot.get().dns();
                    if (d != null && d.heartbeat() != null) {
                        cb.call(d.heartbeat().sent(), "sent");
                        cb.call(d.heartbeat().failed(), "failed");
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_up")
                .help("1 while the daemon is healthy (what /health says)")
                .callback(cb -> cb.call(snapshot.get().healthy() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_state")
                .help("1 for the supervisor's current state")
                .labelNames("state")
                .callback(cb -> cb.call(1, snapshot.get().state()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_uptime_seconds")
                .help("Seconds since the daemon started")
                .unit(Unit.SECONDS)
                .callback(cb -> cb.call((time.nanoTime() - snapshot.get().startedNanos()) / 1e9))
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_modem_signal_dbm")
                .help("Received signal strength (dBm)")
                .callback(cb -> {
                    var m = snapshot.get().modem();
                    if (m != null && m.signal() != null && m.signal().rssiDbm() != null) {
                        cb.call(m.signal().rssiDbm());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_modem_registered")
                .help("1 when the modem is registered (home or roaming), by registration state")
                .labelNames("registration")
                .callback(cb -> {
                    var m = snapshot.get().modem();
                    if (m != null && m.registration() != null) {
                        boolean reg = m.registration().equals("home")
                                || m.registration().equals("roaming");
                        cb.call(reg ? 1 : 0, m.registration());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_modem_consecutive_timeouts")
                .help("Consecutive AT command timeouts")
                .callback(cb -> {
                    var m = snapshot.get().modem();
                    cb.call(m == null ? 0 : m.consecutiveTimeouts());
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_ppp_up")
                .help("1 while the PPP link is up")
                .callback(cb -> {
                    var p = snapshot.get().ppp();
                    cb.call(p != null && "up".equals(p.state()) ? 1 : 0);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_data_usage_bytes")
                .help("Bytes used on the 3G link in the current period")
                .unit(Unit.BYTES)
                .labelNames("direction")
                .callback(cb -> {
                    var u = snapshot.get().dataUsage();
                    if (u != null) {
                        cb.call(u.rxBytes(), "rx");
                        cb.call(u.txBytes(), "tx");
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_data_usage_cap_ratio")
                .help("Share of the monthly data cap used (0-1)")
                .callback(cb -> {
                    var u = snapshot.get().dataUsage();
                    if (u != null && u.capBytes() != null && u.capBytes() > 0) {
                        cb.call((u.rxBytes() + u.txBytes()) / (double) u.capBytes());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_data_cap_bytes")
                .help("The billing period's data cap (absent without a cap)")
                .unit(Unit.BYTES)
                .callback(cb -> {
                    var u = snapshot.get().dataUsage();
                    if (u != null && u.capBytes() != null) {
                        cb.call(u.capBytes());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_data_projected_bytes")
                .help("Usage at the end of the billing period at the average rate so far")
                .unit(Unit.BYTES)
                .callback(cb -> {
                    var u = snapshot.get().dataUsage();
                    if (u != null && u.projectedBytes() != null) {
                        cb.call(u.projectedBytes());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_data_blocked")
                .help("1 while LAN traffic may not use the mobile link because of the data cap (or an admin's block)")
                .callback(cb -> {
                    var u = snapshot.get().dataUsage();
                    cb.call(u != null && u.blocked() ? 1 : 0);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_link_overhead_bytes_per_day")
                .help("What the mobile link carries for the Pi itself, by kind: health (health checks received) and "
                        + "own (probes, DNS and AWS calls, the rest)")
                .labelNames("kind")
                .callback(cb -> {
                    var u = snapshot.get().dataUsage();
                    var o = u == null ? null : u.linkOverhead();
                    if (o != null && o.healthBytesPerDay() != null) {
                        cb.call(o.healthBytesPerDay(), "health");
                        cb.call(o.ownBytesPerDay(), "own");
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_link_health_check_bytes")
                .help("Average bytes one health check costs on the mobile link, both directions, IP headers included")
                .unit(Unit.BYTES)
                .callback(cb -> {
                    var u = snapshot.get().dataUsage();
                    var o = u == null ? null : u.linkOverhead();
                    if (o != null && o.bytesPerHealthCheck() != null) {
                        cb.call(o.bytesPerHealthCheck());
                    }
                })
                .register(registry);
    }

    private static java.util.List<NetworkView.WiredTarget> wiredTargets(Supplier<StatusSnapshot> snapshot) {
        var n = snapshot.get().network();
        return n == null || n.wired() == null ? java.util.List.of() : n.wired().targets();
    }

    /**
     * Registers the notification counters (messages sent, given up, retried and rate-limited per channel,
     * events dropped, queue length) as callbacks over the notifier's status; called once by the wiring
     * when notifications are configured.
     */
    public void registerNotify(Supplier<NotifyStatus> status) {
        CounterWithCallback.builder()
                .name("failberry_notify_sent_total")
                .help("Notifications delivered, by channel")
                .labelNames("channel")
                .callback(cb -> status.get().channels().forEach(c -> cb.call(c.sent(), c.name())))
                .register(registry);
        CounterWithCallback.builder()
                .name("failberry_notify_failed_total")
                .help("Notifications given up (refused for good, or retried for notify.retry-for), by channel")
                .labelNames("channel")
                .callback(cb -> status.get().channels().forEach(c -> cb.call(c.failed(), c.name())))
                .register(registry);
        CounterWithCallback.builder()
                .name("failberry_notify_retries_total")
                .help("Failed notification attempts that were retried, by channel")
                .labelNames("channel")
                .callback(cb -> status.get().channels().forEach(c -> cb.call(c.retries(), c.name())))
                .register(registry);
        CounterWithCallback.builder()
                .name("failberry_notify_rate_limited_total")
                .help("Notifications dropped by the per-channel rate limit, by channel")
                .labelNames("channel")
                .callback(cb -> status.get().channels().forEach(c -> cb.call(c.rateLimited(), c.name())))
                .register(registry);
        CounterWithCallback.builder()
                .name("failberry_notify_dropped_events_total")
                .help("Events dropped because the notifier's queue was full")
                .callback(cb -> cb.call(status.get().droppedEvents()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_notify_queue_length")
                .help("Events and messages waiting to be sent")
                .callback(cb -> cb.call(status.get().queueLength()))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
