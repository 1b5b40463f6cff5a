package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.route53.model.HealthCheck;

/**
 * The health checks {@code route53 setup} wants and how they relate to the checks the account already has: which
 * existing check serves each, and which are left from earlier settings. Pure: the listing is the caller's.
 */
final class HealthCheckPlan {
    private HealthCheckPlan() {}

    /**
     * The wired record's check (all regions: it costs the SIM nothing) and, with {@code mobile-check = http},
     * the mobile record's check from the chosen regions, with {@code cloudwatch} one that follows the
     * heartbeat alarm in {@code aws.region}.
     */
    static List<CheckSpec> specs(FailberryConfig config) {
        FailberryConfig.Failover f = config.dns().failover();
        String path = config.health().path();
        HealthCheckSpec wired = new HealthCheckSpec(
                FailoverRecords.WIRED_ID,
                f.wiredRecord().orElseThrow(),
                f.healthPort(),
                path,
                HealthCheckSpec.SEARCH_STRING,
                f.interval(),
                f.failureThreshold());
        if (f.mobileCheck() == FailberryConfig.MobileCheck.CLOUDWATCH) {
            return List.of(
                    wired,
                    new AlarmCheckSpec(
                            FailoverRecords.LTE_ID,
                            config.aws().region(),
                            HeartbeatMetric.of(config).alarmName()));
        }
        if (f.mobileCheck() != FailberryConfig.MobileCheck.HTTP) {
            return List.of(wired);
        }
        return List.of(
                wired,
                new HealthCheckSpec(
                        FailoverRecords.LTE_ID,
                        config.dns().record().orElseThrow(),
                        f.healthPort(),
                        path,
                        HealthCheckSpec.SEARCH_STRING,
                        f.interval(),
                        f.failureThreshold(),
                        f.regions()));
    }

    /** The existing check that serves {@code spec}: the one failberry created for it, else one that matches it. */
    static Optional<HealthCheck> find(CheckSpec spec, List<HealthCheck> existing) {
        return existing.stream()
                .filter(c -> spec.callerReference().equals(c.callerReference()))
                .findFirst()
                .or(() -> existing.stream()
                        .filter(c -> spec.matches(c.healthCheckConfig()))
                        .findFirst());
    }

    /** The line for a check that is in place. */
    static String okLine(CheckSpec spec, HealthCheck found) {
        return "ok      health check " + spec.role() + " "
                + found.id() + ": " + spec.describe()
                + (spec.callerReference().equals(found.callerReference()) ? "" : " (created outside failberry)");
    }

    /** Notes on checks failberry created for {@code spec}'s role with earlier settings: setup never deletes them. */
    static List<String> earlierNotes(CheckSpec spec, List<HealthCheck> existing) {
        return existing.stream()
                .filter(c -> c.callerReference() != null
                        && c.callerReference().startsWith("failberry-" + spec.role() + "-")
                        && !c.callerReference().equals(spec.callerReference()))
                .map(c -> "note    health check " + c.id()
                        + " is from earlier failberry settings for " + spec.role()
                        + "; it is not deleted (delete it in the console if no record uses it)")
                .toList();
    }

    /** With {@code mobile-check = none}: notes on the mobile checks that still check through the SIM. */
    static List<String> unusedMobileNotes(List<HealthCheck> existing) {
        return existing.stream()
                .filter(c -> c.callerReference() != null
                        && c.callerReference().startsWith("failberry-" + FailoverRecords.LTE_ID + "-"))
                .map(c -> "note    health check " + c.id() + " (" + FailoverRecords.LTE_ID + ") is not used with "
                        + "dns.failover.mobile-check = none but still checks through the SIM: delete it in the "
                        + "console once the record no longer uses it")
                .toList();
    }
}
