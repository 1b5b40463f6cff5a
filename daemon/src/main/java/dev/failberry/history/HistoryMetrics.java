package dev.failberry.history;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The history's Prometheus metrics, as callbacks over its figures (nothing is updated twice): availability
 * per link and window, the unknown time, the time blocked by the budget, the wired path, and the journal's
 * writes. Registered on the daemon's registry when the history is on.
 */
public final class HistoryMetrics {
    private HistoryMetrics() {}

    public static void register(PrometheusRegistry registry, History history) {
        GaugeWithCallback.builder()
                .name("failberry_availability_ratio")
                .help("Share of the known time the link was up (mobile: state CONNECTED; wired: path up), by window")
                .labelNames("link", "window")
                .callback(cb -> history.availability().windows().forEach((w, f) -> {
                    if (f.mobileRatio() != null) {
                        cb.call(f.mobileRatio(), "mobile", w);
                    }
                    if (f.wiredRatio() != null) {
                        cb.call(f.wiredRatio(), "wired", w);
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_availability_unknown_seconds")
                .unit(Unit.SECONDS)
                .help("Time of the window without knowledge of the link (no daemon running; wired path unchecked)")
                .labelNames("link", "window")
                .callback(cb -> history.availability().windows().forEach((w, f) -> {
                    cb.call(f.mobileUnknown() / 1000.0, "mobile", w);
                    cb.call(f.wiredUnknown() / 1000.0, "wired", w);
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_budget_blocked_seconds")
                .unit(Unit.SECONDS)
                .help("Time of the window the data budget blocked LAN traffic over the mobile link")
                .labelNames("window")
                .callback(cb -> history.availability().windows().forEach((w, f) -> cb.call(f.blocked() / 1000.0, w)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("failberry_wired_up")
                .help("1 while the wired path is up, 0 while it is down; absent while unknown")
                .callback(cb -> {
                    Boolean up = history.wiredUp();
                    if (up != null) {
                        cb.call(up ? 1 : 0);
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("failberry_history_writes_total")
                .help("Writes of the event journal to the state directory (each one write and fdatasync)")
                .callback(cb -> cb.call(history.stats().writes()))
                .register(registry);
        CounterWithCallback.builder()
                .name("failberry_history_written_bytes_total")
                .help("Bytes appended to the event journal")
                .callback(cb -> cb.call(history.stats().bytesWritten()))
                .register(registry);
    }
}
