package dev.failberry.dns;

import dev.failberry.config.FailberryConfig;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * {@code route53 setup} with {@code mobile-check = cloudwatch}: the heartbeat alarm the mobile record's check
 * follows, made sure of before that check (its removal after a switch away is {@link LeftoverHeartbeatAlarm}).
 */
final class HeartbeatAlarmSetup {
    private HeartbeatAlarmSetup() {}

    /**
     * Reads the alarm by name, creates or replaces it (PutMetricAlarm replaces an alarm of the same name) only
     * when missing or different. Lines for the person go to {@code lines}; returns 1 when it was (or would be)
     * written, else 0.
     */
    static int ensure(CloudWatchClient cw, FailberryConfig config, boolean dryRun, List<String> lines) {
        HeartbeatMetric metric = HeartbeatMetric.of(config);
        FailberryConfig.Heartbeat hb = config.dns().failover().heartbeat();
        String where = metric.alarmName() + " in " + config.aws().region() + ": "
                + metric.describe(hb.interval(), hb.misses());
        Optional<MetricAlarm> current = cw.describeAlarms(b -> b.alarmNames(metric.alarmName())).metricAlarms().stream()
                .filter(a -> metric.alarmName().equals(a.alarmName()))
                .findFirst();
        if (current.isPresent() && metric.matches(current.get(), hb.interval(), hb.misses())) {
            lines.add("ok      alarm " + where);
            return 0;
        }
        String verb = current.isPresent() ? "update" : "create";
        if (dryRun) {
            lines.add("would " + verb + " alarm " + where);
        } else {
            cw.putMetricAlarm(metric.alarm(hb.interval(), hb.misses()));
            lines.add(verb + "d alarm " + where);
        }
        return 1;
    }
}
