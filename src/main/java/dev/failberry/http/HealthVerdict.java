package dev.failberry.http;

import dev.failberry.status.StatusSnapshot;
import java.time.Duration;

/**
 * What {@code /health} answers, computed from memory only: healthy while the supervisor says so and
 * its thread is alive (a missed heartbeat means a wedged daemon, which must not keep attracting
 * inbound traffic through DNS failover).
 */
public record HealthVerdict(boolean healthy, String body) {
    static final String OK_BODY = "failberry ok";
    /** The one healthy answer, shared: the hot path allocates nothing for it. */
    static final HealthVerdict OK = new HealthVerdict(true, OK_BODY);
    private static final int MAX_REASON = 120;

    /**
     * The answer for the wired link's own health check: that path reaches a living daemon, whatever the
     * 3G link is doing (the 3G state would make the wired check fail whenever only 3G is down).
     */
    public static HealthVerdict alive(Duration heartbeatAge, Duration heartbeatLimit) {
        return alive(heartbeatAge.toNanos(), heartbeatLimit.toNanos());
    }

    /** As {@link #alive(Duration, Duration)}, in nanoseconds, allocating nothing when healthy. */
    public static HealthVerdict alive(long ageNanos, long limitNanos) {
        return ageNanos > limitNanos ? stalled(ageNanos) : OK;
    }

    public static HealthVerdict of(StatusSnapshot snapshot, Duration heartbeatAge, Duration heartbeatLimit) {
        return of(snapshot, heartbeatAge.toNanos(), heartbeatLimit.toNanos());
    }

    private static HealthVerdict stalled(long ageNanos) {
        return new HealthVerdict(false, "failberry unhealthy: supervisor stalled for " + ageNanos / 1_000_000_000L + " s");
    }

    /** As {@link #of(StatusSnapshot, Duration, Duration)}, in nanoseconds, allocating nothing when healthy. */
    public static HealthVerdict of(StatusSnapshot snapshot, long ageNanos, long limitNanos) {
        if (ageNanos > limitNanos) {
            return stalled(ageNanos);
        }
        if (snapshot.healthy()) {
            return OK;
        }
        String reason = snapshot.unhealthyReason() == null ? "unknown" : snapshot.unhealthyReason();
        reason = reason.replaceAll("[\\r\\n\\p{Cntrl}]", " ");
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON);
        }
        return new HealthVerdict(false, "failberry unhealthy: " + reason);
    }
}
