package dev.failberry.dns;

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
 * </ul>
 */
final class CheckCost {
    static final long BYTES_PER_CHECK = 884;
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
        String wired = String.format(
                Locale.ROOT,
                "(the wired record's check costs the SIM nothing; AWS ~$%.2f a month)",
                dollarsPerMonth(f.interval()));
        return List.of(
                "cost    mobile-check " + http + (f.mobileCheck() == MobileCheck.HTTP ? "  <- chosen" : ""),
                "cost    mobile-check " + none + (f.mobileCheck() == MobileCheck.NONE ? "  <- chosen" : ""),
                "cost    " + wired);
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
