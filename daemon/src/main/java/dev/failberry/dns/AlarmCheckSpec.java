package dev.failberry.dns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.route53.model.AlarmIdentifier;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.InsufficientDataHealthStatus;

/**
 * The mobile record's check with {@code mobile-check = cloudwatch}: a {@code CLOUDWATCH_METRIC} health check
 * that follows the heartbeat alarm ({@link HeartbeatMetric}).
 *
 * <p>{@code InsufficientDataHealthStatus = Unhealthy}, deliberately: Route53 judges such a check from the
 * alarm's metric data rather than from the alarm's state (research notes, route53-aws.md §1), so when no
 * datapoint arrives at all (the Pi is dead, which is exactly what this check is for) it may see
 * "insufficient data" rather than the alarm's breaching. {@code Healthy} would then never notice a dead Pi,
 * {@code LastKnownStatus} would keep the healthy status it had before dying. The cost of {@code Unhealthy}:
 * right after setup, until the first datapoints, the mobile record counts as unhealthy, which only matters
 * if the wired record is unhealthy at that very moment.
 */
record AlarmCheckSpec(String role, String region, String alarmName) implements CheckSpec {
    static final InsufficientDataHealthStatus INSUFFICIENT_DATA = InsufficientDataHealthStatus.UNHEALTHY;

    @Override
    public String callerReference() {
        String canonical = String.join("|", "CLOUDWATCH_METRIC", region, alarmName, INSUFFICIENT_DATA.toString());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "failberry-" + role + "-" + HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public HealthCheckConfig toConfig() {
        return HealthCheckConfig.builder()
                .type(HealthCheckType.CLOUDWATCH_METRIC)
                .alarmIdentifier(
                        AlarmIdentifier.builder().region(region).name(alarmName).build())
                .insufficientDataHealthStatus(INSUFFICIENT_DATA)
                .build();
    }

    @Override
    public boolean matches(HealthCheckConfig c) {
        return c != null
                && c.type() == HealthCheckType.CLOUDWATCH_METRIC
                && c.alarmIdentifier() != null
                && region.equals(c.alarmIdentifier().regionAsString())
                && alarmName.equals(c.alarmIdentifier().name())
                && c.insufficientDataHealthStatus() == INSUFFICIENT_DATA
                && !Boolean.TRUE.equals(c.inverted())
                && !Boolean.TRUE.equals(c.disabled());
    }

    @Override
    public String describe() {
        return "CLOUDWATCH_METRIC alarm " + alarmName + " in " + region + ", insufficient data = unhealthy";
    }
}
