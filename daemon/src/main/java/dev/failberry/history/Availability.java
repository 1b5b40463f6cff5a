package dev.failberry.history;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uptime arithmetic, pure: how much of a window ending now the mobile link was up (state CONNECTED),
 * the wired path was up or down, and the budget blocked the mobile link. Time when no daemon was running
 * (stopped, crashed, powered off, or after its last journal record before a power cut) is <em>unknown</em>:
 * it is neither up nor down, and the ratios are taken over the known time only. The wired path is unknown
 * also while the daemon runs without checking it.
 */
final class Availability {
    /** The windows of status and metrics, with their labels. */
    public static final Map<String, Duration> WINDOWS = windows();

    private Availability() {}

    private static Map<String, Duration> windows() {
        Map<String, Duration> w = new LinkedHashMap<>();
        w.put("24h", Duration.ofHours(24));
        w.put("7d", Duration.ofDays(7));
        w.put("30d", Duration.ofDays(30));
        return java.util.Collections.unmodifiableMap(w);
    }

    /**
     * The figures of one window, in milliseconds.
     *
     * @param window     the window's length
     * @param recorded   time a daemon was running and recording
     * @param mobileUp   time the mobile link was verified up
     * @param wiredUp    time the wired path was up
     * @param wiredDown  time the wired path was down
     * @param blocked    time the budget blocked the mobile link
     */
    public record Figures(long window, long recorded, long mobileUp, long wiredUp, long wiredDown, long blocked) {
        public long mobileDown() {
            return recorded - mobileUp;
        }

        public long mobileUnknown() {
            return window - recorded;
        }

        public long wiredUnknown() {
            return window - wiredUp - wiredDown;
        }

        /** Up time over known time, 0..1; null when nothing is known. */
        public Double mobileRatio() {
            return recorded == 0 ? null : mobileUp / (double) recorded;
        }

        public Double wiredRatio() {
            long known = wiredUp + wiredDown;
            return known == 0 ? null : wiredUp / (double) known;
        }
    }

    /** The figures of the window {@code [now - window, now)} over {@code spans} (wall clock, ordered, disjoint). */
    static Figures over(List<Timeline.Span> spans, long now, Duration window) {
        long from = now - window.toMillis();
        long recorded = 0;
        long up = 0;
        long wiredUp = 0;
        long wiredDown = 0;
        long blocked = 0;
        for (Timeline.Span s : spans) {
            if (s.end <= from || s.t[0] >= now) {
                continue;
            }
            for (int i = 0; i < s.n; i++) {
                long a = Math.max(s.t[i], from);
                long b = Math.min(i + 1 < s.n ? s.t[i + 1] : s.end, now);
                if (b <= a) {
                    continue;
                }
                long d = b - a;
                byte f = s.f[i];
                recorded += d;
                if ((f & Timeline.MOBILE_UP) != 0) {
                    up += d;
                }
                if ((f & Timeline.WIRED_UP) != 0) {
                    wiredUp += d;
                } else if ((f & Timeline.WIRED_DOWN) != 0) {
                    wiredDown += d;
                }
                if ((f & Timeline.BLOCKED) != 0) {
                    blocked += d;
                }
            }
        }
        return new Figures(window.toMillis(), recorded, up, wiredUp, wiredDown, blocked);
    }

    /** Every window's figures. */
    static Report report(List<Timeline.Span> spans, long now) {
        Map<String, Figures> m = new LinkedHashMap<>();
        WINDOWS.forEach((label, w) -> m.put(label, over(spans, now, w)));
        long since = spans.isEmpty() ? now : spans.get(0).t[0];
        return new Report(m, since);
    }

    /**
     * The figures of every window (labels of {@link #WINDOWS}) and the oldest recorded moment.
     */
    public record Report(Map<String, Figures> windows, long recordedSinceMillis) {
        public static final Report EMPTY = new Report(Map.of(), 0);

        /** The {@code availability} object of {@code /status}. */
        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> mobile = new LinkedHashMap<>();
            Map<String, Object> wired = new LinkedHashMap<>();
            Map<String, Object> blocked = new LinkedHashMap<>();
            windows.forEach((label, f) -> {
                mobile.put(label, window(f.mobileRatio(), f.mobileUp(), f.mobileDown(), f.mobileUnknown()));
                wired.put(label, window(f.wiredRatio(), f.wiredUp(), f.wiredDown(), f.wiredUnknown()));
                blocked.put(label, f.blocked() / 1000);
            });
            m.put("mobile", mobile);
            m.put("wired", wired);
            m.put("blocked_by_budget_seconds", blocked);
            m.put(
                    "recorded_since",
                    recordedSinceMillis == 0
                            ? null
                            : java.time.Instant.ofEpochMilli(recordedSinceMillis)
                                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                    .toString());
            return m;
        }

        private static Map<String, Object> window(Double ratio, long up, long down, long unknown) {
            Map<String, Object> m = new LinkedHashMap<>();
            // rounded down: 100 % only when nothing was down
            m.put("up_percent", ratio == null ? null : Math.floor(ratio * 10000) / 100.0);
            m.put("up_seconds", up / 1000);
            m.put("down_seconds", down / 1000);
            m.put("unknown_seconds", unknown / 1000);
            return m;
        }
    }
}
