package dev.failberry.dns;

import dev.failberry.config.DnsNames;
import dev.failberry.config.FailberryConfig;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The heartbeat of {@code dns.failover.mobile-check = cloudwatch}, in one place for the daemon's sender
 * (PutMetricData) and {@code route53 setup} (PutMetricAlarm): metric {@code Heartbeat} in the configured
 * namespace, one dimension {@code Record} = the mobile record, so several Pis can share an account.
 *
 * <p>The alarm: SampleCount of the metric over {@code interval} below 1 for {@code misses} periods out of
 * {@code misses} (Route53 follows no M-of-N alarms), missing data treated as <em>breaching</em>: a Pi that
 * stops sending (dead, or its link down) puts it into ALARM; it has no actions (Route53 reads it). Pure.
 */
record HeartbeatMetric(String namespace, String record) {
    static final String METRIC = "Heartbeat";
    static final String DIMENSION = "Record";

    HeartbeatMetric {
        record = DnsNames.normalize(record);
    }

    static HeartbeatMetric of(FailberryConfig config) {
        return new HeartbeatMetric(
                config.dns().failover().heartbeat().namespace(),
                config.dns().record().orElseThrow());
    }

    /** Alarm names are unique per account and region: one per mobile record. */
    String alarmName() {
        return "failberry-heartbeat-" + record;
    }

    /**
     * One datapoint, value 1. No timestamp: CloudWatch stamps it on arrival, so a Pi whose clock is not set
     * yet (no RTC, no NTP answer) still feeds the current period.
     */
    PutMetricDataRequest datapoint() {
        return PutMetricDataRequest.builder()
                .namespace(namespace)
                .metricData(MetricDatum.builder()
                        .metricName(METRIC)
                        .dimensions(dimension())
                        .value(1.0)
                        .unit(StandardUnit.COUNT)
                        .build())
                .build();
    }

    PutMetricAlarmRequest alarm(Duration interval, int misses) {
        return PutMetricAlarmRequest.builder()
                .alarmName(alarmName())
                .alarmDescription("FailberryPi " + record + ": no heartbeat through the mobile link for " + misses
                        + " x " + interval.toSeconds() + " s (created by failberry route53 setup)")
                .actionsEnabled(false)
                .namespace(namespace)
                .metricName(METRIC)
                .dimensions(dimension())
                .statistic(Statistic.SAMPLE_COUNT)
                .period((int) interval.toSeconds())
                .evaluationPeriods(misses)
                .datapointsToAlarm(misses)
                .threshold(1.0)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .treatMissingData("breaching")
                .build();
    }

    /** True when an existing alarm judges the heartbeat exactly as {@link #alarm} would (description aside). */
    boolean matches(MetricAlarm a, Duration interval, int misses) {
        return a != null
                && Objects.equals(a.alarmName(), alarmName())
                && Objects.equals(a.namespace(), namespace)
                && Objects.equals(a.metricName(), METRIC)
                && a.dimensions().equals(java.util.List.of(dimension()))
                && a.statistic() == Statistic.SAMPLE_COUNT
                && Objects.equals(a.period(), (int) interval.toSeconds())
                && Objects.equals(a.evaluationPeriods(), misses)
                && (a.datapointsToAlarm() == null || a.datapointsToAlarm() == misses)
                && Objects.equals(a.threshold(), 1.0)
                && a.comparisonOperator() == ComparisonOperator.LESS_THAN_THRESHOLD
                && "breaching".equals(a.treatMissingData());
    }

    String describe(Duration interval, int misses) {
        return namespace + "/" + METRIC + " " + DIMENSION + "=" + record + " SampleCount < 1 for " + misses + " x "
                + interval.toSeconds() + " s, missing data = breaching";
    }

    private Dimension dimension() {
        return Dimension.builder().name(DIMENSION).value(record).build();
    }
}
