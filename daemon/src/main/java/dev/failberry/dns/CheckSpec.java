package dev.failberry.dns;

import software.amazon.awssdk.services.route53.model.HealthCheckConfig;

/** One Route53 health check {@code route53 setup} wants: an HTTP check of a link, or one that follows an alarm. */
sealed interface CheckSpec permits HealthCheckSpec, AlarmCheckSpec {
    /** {@code wired} or {@code lte}: names the check in output and in its reference. */
    String role();

    /** Derived from the settings: a rerun finds the same check, changed settings make a new one. */
    String callerReference();

    HealthCheckConfig toConfig();

    /** True when an existing check (e.g. clicked together by hand) does exactly what this one would. */
    boolean matches(HealthCheckConfig c);

    String describe();
}
