package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.FailberryConfig.Failover;
import dev.failberry.config.FailberryConfig.MobileCheck;
import java.util.List;
import java.util.Locale;

/**
 * What each way of checking the mobile record costs, for {@code route53 setup} to print before it creates
 * anything. Pure; every figure is a measurement or derived from one:
 * <ul>
 * <li>{@link #BYTES_PER_CHECK}: one Route53-style check of {@code /health} (HTTP/1.1 GET with Route53's
 *     User-Agent, answered, closed) on the link, both directions, IP and TCP headers included, counted by
 *     the daemon's nft counters in the network lab ({@code BudgetLabTest}: 884 B, 10 packets).</li>
 * <li>{@link #checksPerSecond}: "at 30 s the endpoint gets about one request every 2 s" with the default
 *     8 regions (Route53 developer guide), i.e. about 2 checkers per region per interval.</li>
 * <li>AWS list prices (Route53 pricing page, non-AWS endpoint): $0.75 a month per check, $2 each for
 *     string matching and the 10 s interval. Quoted, not measured: verify on the pricing page.</li>
 * <li>{@link #BEAT_BYTES_PLAIN}: one heartbeat (the helper process's PutMetricData, CBOR, SigV4, one
 *     connection) over loopback in plain HTTP, both directions, IP and TCP headers included, counted by nft
 *     ({@code bench/java/HeartbeatBytes.java}: 1,980 B, 16 packets). {@link #TLS_BYTES}: what a new TLS
 *     connection to AWS adds ({@code README}, "What the failover itself costs the SIM": measured part and
 *     derived part).</li>
 * <li>CloudWatch list prices (pricing page, quoted): $0.30 a custom metric a month, $0.10 a
 *     standard-resolution alarm a month, $0.01 per 1,000 PutMetricData requests; the free tier (10 metrics,
 *     10 alarms, 1 million requests) usually covers all three. Route53 bills a check of a CloudWatch alarm
 *     like one of an AWS endpoint, $0.50 a month (quoted; verify).</li>
 * </ul>
 */
final class CheckCost {
    static final long BYTES_PER_CHECK = 884;
    static final long BEAT_BYTES_PLAIN = 1_980;
    /**
     * A new TLS 1.3 connection as the daemon's client makes it: measured over loopback with the JDK's server
     * ({@code bench/java/TlsOverhead.java}, full handshake, one 797-B certificate, stateful tickets): +2,431 B;
     * derived for AWS: that minus the 797 B plus AWS's chain, assumed ~4.2 kB (leaf, intermediate and
     * cross-signed root of Amazon Trust Services; not measured here: no internet in the lab). No session
     * resumption counted (it would save the chain).
     */
    static final long TLS_BYTES = 2_431 - 797 + 4_200;

    static final long BYTES_PER_BEAT = BEAT_BYTES_PLAIN + TLS_BYTES;
    static final int ALL_REGIONS = HealthCheckSpec.ALL_REGIONS;
    private static final double CHECKERS_PER_REGION = 2.0;
    private static final double SECONDS_PER_MONTH = 30.44 * 86_400;

    private CheckCost() {}

    /** Health checks a second that reach the endpoint from {@code regions} regions at {@code interval} s. */
    static double checksPerSecond(int regions, int interval) {
        return CHECKERS_PER_REGION * regions / interval;
    }

    /** SIM bytes a month of an HTTP check of the mobile record. */
    static long bytesPerMonth(int regions, int interval) {
        return Math.round(checksPerSecond(regions, interval) * BYTES_PER_CHECK * SECONDS_PER_MONTH);
    }

    /** AWS dollars a month of one string-matching HTTP check. */
    static double dollarsPerMonth(int interval) {
        return 0.75 + 2.0 + (interval == 10 ? 2.0 : 0);
    }

    /** SIM bytes a month of the heartbeat, one beat every {@code interval}. */
    static long heartbeatBytesPerMonth(java.time.Duration interval) {
        return Math.round(SECONDS_PER_MONTH / interval.toSeconds() * BYTES_PER_BEAT);
    }

    /** AWS dollars a month of the heartbeat: the metric, the alarm, the requests and Route53's check of the alarm. */
    static double heartbeatDollarsPerMonth(java.time.Duration interval) {
        double requests = SECONDS_PER_MONTH / interval.toSeconds();
        return 0.30 + 0.10 + requests / 1000 * 0.01 + 0.50;
    }

    /**
     * Seconds from the last beat to the alarm, at least and at most: {@code misses} whole periods without a
     * datapoint, and the period the Pi died in may already hold one. Route53's own reaction comes on top.
     */
    static long[] heartbeatDetection(java.time.Duration interval, int misses) {
        long s = interval.toSeconds();
        return new long[] {misses * s, (misses + 1) * s};
    }

    /** One line per choice of {@code dns.failover.mobile-check}, the chosen one marked. */
    static List<String> lines(Failover f) {
        int regions = f.regions().isEmpty() ? ALL_REGIONS : f.regions().size();
        int detect = f.interval() * f.failureThreshold();
        String http = String.format(
                Locale.ROOT,
                "http (%d regions, every %d s): ~%.2f checks/s x %d B = ~%s a month "
                        + "on the SIM; AWS ~$%.2f a month; a dead Pi is noticed in ~%d s and the name goes back to the "
                        + "wired record",
                regions,
                f.interval(),
                checksPerSecond(regions, f.interval()),
                BYTES_PER_CHECK,
                size(bytesPerMonth(regions, f.interval())),
                dollarsPerMonth(f.interval()),
                detect);
        String none = "none: 0 B on the SIM; AWS $0; a dead Pi is never noticed: while the wired record is unhealthy "
                + "(and it is when the Pi is dead) the name points at the mobile address";
        FailberryConfig.Heartbeat hb = f.heartbeat();
        long[] detect2 = heartbeatDetection(hb.interval(), hb.misses());
        String cloudwatch = String.format(
                Locale.ROOT,
                "cloudwatch (a beat every %d s, alarm after %d missed): %.0f beats x ~%.1f kB = ~%s a month on the "
                        + "SIM; AWS ~$%.2f a month (CloudWatch's free tier may cover all but $0.50); a dead Pi is "
                        + "noticed in ~%d-%d s plus Route53's reaction and the name goes back to the wired record",
                hb.interval().toSeconds(),
                hb.misses(),
                SECONDS_PER_MONTH / hb.interval().toSeconds(),
                BYTES_PER_BEAT / 1000.0,
                size(heartbeatBytesPerMonth(hb.interval())),
                heartbeatDollarsPerMonth(hb.interval()),
                detect2[0],
                detect2[1]);
        String wired = String.format(
                Locale.ROOT,
                "(the wired record's check costs the SIM nothing; AWS ~$%.2f a month)",
                dollarsPerMonth(f.interval()));
        return List.of(
                "cost    mobile-check " + http + (f.mobileCheck() == MobileCheck.HTTP ? "  <- chosen" : ""),
                "cost    mobile-check " + none + (f.mobileCheck() == MobileCheck.NONE ? "  <- chosen" : ""),
                "cost    mobile-check " + cloudwatch + (f.mobileCheck() == MobileCheck.CLOUDWATCH ? "  <- chosen" : ""),
                "cost    " + wired);
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
