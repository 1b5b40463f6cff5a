package dev.failberry.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.route53.model.AlarmIdentifier;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckType;

/** Which checks setup wants, which existing check serves each, and the notes on leftovers: no call. */
class HealthCheckPlanTest {
    @TempDir
    Path dir;

    FailberryConfig config(String mobileCheck) throws Exception {
        return DnsTestSupport.config(dir, """
                dns.provider = route53
                dns.record = "lte.home.example.com"
                dns.route53.hosted-zone-id = "Z1"
                dns.failover.name = "home.example.com"
                dns.failover.wired-record = "wired.home.example.com"
                dns.failover.mobile-check = %s
                """.formatted(mobileCheck));
    }

    static HealthCheck check(String id, String reference, HealthCheckConfig config) {
        return HealthCheck.builder()
                .id(id)
                .callerReference(reference)
                .healthCheckConfig(config)
                .build();
    }

    @Test
    void eachMobileCheckWantsItsOwnSpecs() throws Exception {
        assertThat(HealthCheckPlan.specs(config("http")))
                .extracting(CheckSpec::role, s -> s.getClass().getSimpleName())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("wired", "HealthCheckSpec"),
                        org.assertj.core.groups.Tuple.tuple("lte", "HealthCheckSpec"));
        assertThat(HealthCheckPlan.specs(config("cloudwatch")))
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("HealthCheckSpec", "AlarmCheckSpec");
        assertThat(HealthCheckPlan.specs(config("none")))
                .extracting(CheckSpec::role)
                .containsExactly("wired");
    }

    @Test
    void ownCheckFirstThenAMatchingOneMadeByHandThenNone() throws Exception {
        CheckSpec wired = HealthCheckPlan.specs(config("http")).get(0);
        HealthCheck byHand = check("hand", "console-1", wired.toConfig());
        HealthCheck own = check("own", wired.callerReference(), wired.toConfig());
        HealthCheck other = check(
                "other",
                "failberry-wired-0000",
                HealthCheckConfig.builder()
                        .type(HealthCheckType.HTTP)
                        .fullyQualifiedDomainName("elsewhere.example.com")
                        .port(80)
                        .build());

        assertThat(HealthCheckPlan.find(wired, List.of(byHand, own))).contains(own);
        assertThat(HealthCheckPlan.find(wired, List.of(other, byHand))).contains(byHand);
        assertThat(HealthCheckPlan.find(wired, List.of(other))).isEmpty();
        assertThat(HealthCheckPlan.okLine(wired, byHand)).endsWith(" (created outside failberry)");
        assertThat(HealthCheckPlan.okLine(wired, own)).startsWith("ok      health check wired own: ");
        assertThat(HealthCheckPlan.earlierNotes(wired, List.of(own, byHand, other)))
                .containsExactly("note    health check other is from earlier failberry settings for wired; it is not"
                        + " deleted (delete it in the console if no record uses it)");
        assertThat(HealthCheckPlan.unusedMobileNotes(
                        List.of(other, check("old-lte", "failberry-lte-1234", null), byHand)))
                .containsExactly("note    health check old-lte (lte) is not used with dns.failover.mobile-check = none"
                        + " but still checks through the SIM: delete it in the console once the record no longer"
                        + " uses it");
    }

    @Test
    void onlyACheckFollowingAHeartbeatAlarmInTheRegionSuggestsALeftoverAlarm() {
        HealthCheckConfig follows = HealthCheckConfig.builder()
                .type(HealthCheckType.CLOUDWATCH_METRIC)
                .alarmIdentifier(AlarmIdentifier.builder()
                        .region("eu-west-1")
                        .name(HeartbeatMetric.ALARM_PREFIX + "lte.home.example.com")
                        .build())
                .build();
        HealthCheckConfig otherAlarm = follows.toBuilder()
                .alarmIdentifier(AlarmIdentifier.builder()
                        .region("eu-west-1")
                        .name("someone-elses-alarm")
                        .build())
                .build();
        HealthCheckConfig http = HealthCheckConfig.builder()
                .type(HealthCheckType.HTTP)
                .fullyQualifiedDomainName("lte.home.example.com")
                .build();

        assertThat(LeftoverHeartbeatAlarm.suspected("eu-west-1", List.of(check("a", "r", follows))))
                .isTrue();
        assertThat(LeftoverHeartbeatAlarm.suspected("us-east-1", List.of(check("a", "r", follows))))
                .isFalse();
        assertThat(LeftoverHeartbeatAlarm.suspected(
                        "eu-west-1",
                        List.of(check("b", "r", otherAlarm), check("c", "r", http), check("d", "r", null))))
                .isFalse();
    }
}
