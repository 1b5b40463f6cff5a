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
    private static final int MAX_REASON = 120;

    /**
     * The answer for the wired link's own health check: that path reaches a living daemon, whatever the
     * 3G link is doing (the 3G state would make the wired check fail whenever only 3G is down).
     */
    public static HealthVerdict alive(Duration heartbeatAge, Duration heartbeatLimit) {
        if (heartbeatAge.compareTo(heartbeatLimit) > 0) {
            return new HealthVerdict(false, "failberry unhealthy: supervisor stalled for " + heartbeatAge.toSeconds() + " s");
        }
        return new HealthVerdict(true, OK_BODY);
    }

    public static HealthVerdict of(StatusSnapshot snapshot, Duration heartbeatAge, Duration heartbeatLimit) {
        if (heartbeatAge.compareTo(heartbeatLimit) > 0) {
            return new HealthVerdict(false, "failberry unhealthy: supervisor stalled for " + heartbeatAge.toSeconds() + " s");
        }
        if (snapshot.healthy()) {
            return new HealthVerdict(true, OK_BODY);
        }
        String reason = snapshot.unhealthyReason() == null ? "unknown" : snapshot.unhealthyReason();
        reason = reason.replaceAll("[\\r\\n\\p{Cntrl}]", " ");
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON);
        }
        return new HealthVerdict(false, "failberry unhealthy: " + reason);
    }
}
