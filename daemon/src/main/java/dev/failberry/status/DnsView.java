package dev.failberry.status;

import java.time.Instant;

/**
 * The {@code dns} part of {@code /status}: the published record and, with a CloudWatch mobile check, its heartbeat.
 *
 * @param heartbeat the CloudWatch heartbeat; null unless {@code dns.failover.mobile-check = cloudwatch}
 */
public record DnsView(
        String provider,
        String record,
        String publishedIp,
        Instant lastUpdate,
        String lastError,
        HeartbeatView heartbeat) {
    /**
     * The CloudWatch heartbeat: {@code intervalSeconds} between beats, datapoints {@code sent} (accepted) and
     * beats {@code failed} since the start, when one was last accepted, the last failure's reason (null after a
     * success; an AWS error, never a secret).
     */
    public record HeartbeatView(long intervalSeconds, long sent, long failed, Instant lastSent, String lastError) {}
}
