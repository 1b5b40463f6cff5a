package dev.failberry.dns;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The CloudWatch heartbeat of {@code mobile-check = cloudwatch}, for {@code /status} ({@code dns.heartbeat}) and
 * the metric {@code failberry_heartbeat_total}.
 *
 * @param interval  the time between beats ({@code dns.failover.heartbeat.interval})
 * @param sent      datapoints CloudWatch accepted since the daemon started
 * @param failed    beats that failed since the daemon started
 * @param lastSent  when CloudWatch last accepted one
 * @param lastError the reason of the last failure (as for DNS: an AWS error code and message, never a secret);
 *                  empty after a beat got through
 */
public record HeartbeatStatus(
        Duration interval, long sent, long failed, Optional<Instant> lastSent, Optional<String> lastError) {

    static HeartbeatStatus initial(Duration interval) {
        return new HeartbeatStatus(interval, 0, 0, Optional.empty(), Optional.empty());
    }
}
