package dev.failberry.net;

import dev.failberry.status.DataUsageView;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link's own overhead on the SIM, from the named counters of the table {@code inet failberry}
 * ({@link FirewallRules}): health checks received (connections and their bytes both ways, TCP/IP headers
 * included: nft counts whole IP packets) and the Pi's other traffic on the link (probes, public-IP check,
 * DNS and AWS calls, unsolicited packets). Counters start from zero whenever the table is loaded again;
 * a value lower than the last one is taken as such a restart. Rates are measured on the monotonic clock
 * from the first reading. Not thread-safe (the {@link Network}'s lock guards it).
 */
final class OverheadCounters {
    static final String HEALTH_CHECKS = "health_checks";
    static final String HEALTH_IN = "health_in";
    static final String HEALTH_OUT = "health_out";
    static final String OWN_IN = "own_in";
    static final String OWN_OUT = "own_out";
    static final List<String> NAMES = List.of(HEALTH_CHECKS, HEALTH_IN, HEALTH_OUT, OWN_IN, OWN_OUT);

    /** {@code counter NAME { packets N bytes M }} as {@code nft list counters} prints it (nftables 0.9 - 1.1). */
    private static final Pattern COUNTER =
            Pattern.compile("counter\\s+([A-Za-z0-9_]+)\\s*\\{\\s*packets\\s+(\\d+)\\s+bytes\\s+(\\d+)\\s*}");

    /** A counter's packets and bytes. */
    record Count(long packets, long bytes) {}

    /**
     * What the link carried for the Pi itself since {@code since} (monotonic nanos of the first reading).
     *
     * @param healthChecks health-check connections (SYNs on the health port)
     * @param healthBytes  their bytes, both directions
     * @param ownBytes     the Pi's other traffic on the link, both directions
     */
    record Totals(long healthChecks, long healthBytes, long ownBytes, long since) {}

    private final Map<String, Count> last = new HashMap<>();
    private final Map<String, Count> total = new HashMap<>();
    private long since = -1;

    /** Parses {@code nft list counters table inet failberry}; empty when no counter of ours is in it. */
    static Optional<Map<String, Count>> parse(String text) {
        Map<String, Count> out = new HashMap<>();
        Matcher m = COUNTER.matcher(text);
        while (m.find()) {
            if (NAMES.contains(m.group(1))) {
                try {
                    out.put(m.group(1), new Count(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
                } catch (NumberFormatException e) {
                    // a 20-digit number: not a counter we can use
                }
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /** Adds a reading taken at monotonic {@code nanos}. */
    void add(Map<String, Count> reading, long nanos) {
        if (since < 0) {
            since = nanos;
        }
        for (var e : reading.entrySet()) {
            Count before = last.get(e.getKey());
            Count now = e.getValue();
            boolean restarted = before == null || now.bytes() < before.bytes() || now.packets() < before.packets();
            long dp = restarted ? now.packets() : now.packets() - before.packets();
            long db = restarted ? now.bytes() : now.bytes() - before.bytes();
            total.merge(
                    e.getKey(),
                    new Count(dp, db),
                    (a, b) -> new Count(a.packets() + b.packets(), a.bytes() + b.bytes()));
            last.put(e.getKey(), now);
        }
    }

    /**
     * The table was loaded (again) at monotonic {@code nanos}: its counters start from zero, and the
     * measurement starts here if it has not yet (so the first periodic reading already gives a rate).
     */
    void tableReloaded(long nanos) {
        last.clear();
        if (since < 0) {
            since = nanos;
        }
    }

    /** Totals so far; empty before the first reading. */
    Optional<Totals> totals() {
        if (since < 0) {
            return Optional.empty();
        }
        return Optional.of(new Totals(
                get(HEALTH_CHECKS).packets(),
                get(HEALTH_IN).bytes() + get(HEALTH_OUT).bytes(),
                get(OWN_IN).bytes() + get(OWN_OUT).bytes(),
                since));
    }

    private Count get(String name) {
        return total.getOrDefault(name, new Count(0, 0));
    }

    /** The status view at monotonic {@code nowNanos}; null before the first reading. */
    DataUsageView.OverheadView view(long nowNanos) {
        Optional<Totals> t = totals();
        if (t.isEmpty()) {
            return null;
        }
        Duration elapsed = Duration.ofNanos(nowNanos - t.get().since());
        long checks = t.get().healthChecks();
        Long all = perDay(t.get().healthBytes() + t.get().ownBytes(), elapsed);
        return new DataUsageView.OverheadView(
                elapsed.toSeconds(),
                checks,
                t.get().healthBytes(),
                t.get().ownBytes(),
                checks == 0 ? null : t.get().healthBytes() / checks,
                perDay(t.get().healthBytes(), elapsed),
                perDay(t.get().ownBytes(), elapsed),
                all,
                all == null ? null : Math.round(all * DAYS_PER_MONTH));
    }

    /** The average month (365.25 / 12 days), for projections. */
    static final double DAYS_PER_MONTH = 30.44;

    /** Bytes per day at the rate of {@code bytes} over {@code elapsed}; null for less than a minute. */
    static Long perDay(long bytes, Duration elapsed) {
        if (elapsed.compareTo(Duration.ofMinutes(1)) < 0) {
            return null;
        }
        return Math.round(bytes * (86_400.0 / (elapsed.toMillis() / 1000.0)));
    }
}
