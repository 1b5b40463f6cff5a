package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.waiters.Route53Waiter;

/**
 * {@code route53 setup} with {@code mobile-check} switched away from {@code cloudwatch}: the heartbeat alarm an
 * earlier setup created for this record, deleted once no record uses the check that follows it.
 *
 * <p>Order matters: a {@code CLOUDWATCH_METRIC} check whose alarm is gone sees no data and, as setup created it
 * ({@code InsufficientDataHealthStatus = Unhealthy}), turns unhealthy. So the alarm goes only after the mobile
 * record points at its new check (or none) <em>and</em> that change is {@code INSYNC}: while it is pending some
 * Route53 servers still answer from the old record. The old check itself stays (setup never deletes checks; it
 * notes them), following nothing. Alarms of other records (other Pis in the account, an earlier
 * {@code dns.record}) are only noted: setup cannot tell whether something still uses them.
 */
final class LeftoverHeartbeatAlarm {
    /** Route53 usually syncs a change within 60 s; polled every 5 s, given up (with a note) after 3 min. */
    private static final Duration SYNC_POLL = Duration.ofSeconds(5);

    private static final int SYNC_ATTEMPTS = 36;

    private LeftoverHeartbeatAlarm() {}

    /**
     * Whether an earlier setup left a check following a heartbeat alarm in {@code region}: the sign that
     * {@code mobile-check} was {@code cloudwatch} once. Without it CloudWatch is not called at all (a user who
     * never chose cloudwatch needs no CloudWatch rights).
     */
    static boolean suspected(String region, List<HealthCheck> existing) {
        return existing.stream()
                .map(HealthCheck::healthCheckConfig)
                .anyMatch(c -> c != null
                        && c.type() == HealthCheckType.CLOUDWATCH_METRIC
                        && c.alarmIdentifier() != null
                        && region.equals(c.alarmIdentifier().regionAsString())
                        && c.alarmIdentifier().name() != null
                        && c.alarmIdentifier().name().startsWith(HeartbeatMetric.ALARM_PREFIX));
    }

    /**
     * Looks for heartbeat alarms and deletes (or, dry, would delete) this record's. {@code submittedChange} is
     * the record change this run submitted, awaited before the delete. Lines for the person go to {@code lines};
     * returns 1 when the alarm was (or would be) deleted. A CloudWatch error is a note, not a failure: the
     * records are already right, and a user of {@code mobile-check = http} may never have had CloudWatch rights.
     */
    static int clean(
            CloudWatchClient cw,
            Route53Client route53,
            FailberryConfig config,
            Optional<String> submittedChange,
            boolean dryRun,
            List<String> lines) {
        String own = HeartbeatMetric.of(config).alarmName();
        String region = config.aws().region();
        List<MetricAlarm> found;
        try {
            found =
                    cw
                            .describeAlarmsPaginator(b -> b.alarmNamePrefix(HeartbeatMetric.ALARM_PREFIX))
                            .metricAlarms()
                            .stream()
                            .toList();
        } catch (SdkException e) {
            lines.add("note    could not look for a heartbeat alarm left from dns.failover.mobile-check = cloudwatch ("
                    + AwsErrors.classify("DescribeAlarms", e).getMessage() + "); if setup ever created " + own
                    + " in " + region + ", delete it in the console");
            return 0;
        }
        found.stream()
                .map(MetricAlarm::alarmName)
                .filter(n -> !own.equals(n))
                .forEach(n -> lines.add("note    alarm " + n + " in " + region + " is another record's heartbeat"
                        + " (another Pi, or an earlier dns.record); it is not deleted"));
        if (found.stream().noneMatch(a -> own.equals(a.alarmName()))) {
            return 0;
        }
        String why = " (dns.failover.mobile-check = "
                + config.dns().failover().mobileCheck().name().toLowerCase(java.util.Locale.ROOT)
                + ": no record uses a check that follows it)";
        if (dryRun) {
            lines.add("would delete alarm " + own + " in " + region + why);
            return 1;
        }
        if (submittedChange.isPresent() && !inSync(route53, submittedChange.get())) {
            lines.add("note    alarm " + own + " in " + region + " is kept until change " + submittedChange.get()
                    + " is in sync (Route53 may still use the check that follows it); run setup again later");
            return 0;
        }
        try {
            cw.deleteAlarms(b -> b.alarmNames(own));
        } catch (SdkException e) {
            lines.add("note    could not delete alarm " + own + " in " + region + " ("
                    + AwsErrors.classify("DeleteAlarms", e).getMessage() + "); delete it in the console");
            return 0;
        }
        lines.add("deleted alarm " + own + " in " + region + why);
        return 1;
    }

    private static boolean inSync(Route53Client route53, String changeId) {
        try (Route53Waiter waiter = Route53Waiter.builder().client(route53).build()) {
            return waiter.waitUntilResourceRecordSetsChanged(b -> b.id(changeId), o -> o.maxAttempts(SYNC_ATTEMPTS)
                            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(SYNC_POLL)))
                    .matched()
                    .response()
                    .isPresent();
        } catch (SdkException e) {
            return false;
        }
    }
}
