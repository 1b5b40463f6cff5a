package dev.failberry.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/**
 * The failover pair {@code route53 setup} wants against what Route53 listed at the name, without a call: the
 * listings are shaped like the ListResourceRecordSets answers in the Route53 API reference.
 */
class FailoverRecordsTest {
    static final String NAME = "home.example.com";
    static final String WIRED = "wired.home.example.com";
    static final String LTE = "lte.home.example.com";
    static final Map<String, String> CHECKS = Map.of("wired", "hc-w", "lte", "hc-l");

    static ResourceRecordSet cname(String role, String setId, String target, long ttl, String check) {
        return ResourceRecordSet.builder()
                .name(NAME + ".")
                .type(RRType.CNAME)
                .setIdentifier(setId)
                .failover(role == null ? null : ResourceRecordSetFailover.fromValue(role))
                .ttl(ttl)
                .resourceRecords(ResourceRecord.builder().value(target + ".").build())
                .healthCheckId(check)
                .build();
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of(
                        "nothing at the name: both created",
                        List.of(),
                        CHECKS,
                        false,
                        List.of(
                                "create  record home.example.com CNAME PRIMARY (wired) -> wired.home.example.com, TTL"
                                        + " 60, check hc-w",
                                "create  record home.example.com CNAME SECONDARY (lte) -> lte.home.example.com, TTL 60,"
                                        + " check hc-l")),
                Arguments.of(
                        "both in place (names with the trailing dot Route53 lists): nothing to change",
                        List.of(
                                cname("PRIMARY", "wired", WIRED, 60, "hc-w"),
                                cname("SECONDARY", "lte", LTE, 60, "hc-l")),
                        CHECKS,
                        false,
                        List.of(
                                "ok      record home.example.com CNAME PRIMARY (wired) -> wired.home.example.com, TTL 60,"
                                        + " check hc-w",
                                "ok      record home.example.com CNAME SECONDARY (lte) -> lte.home.example.com, TTL 60,"
                                        + " check hc-l")),
                Arguments.of(
                        "a record made by hand keeps its set identifier; another TTL and check is an update (dry)",
                        List.of(
                                cname("PRIMARY", "main", WIRED, 300, "hc-old"),
                                cname("SECONDARY", "lte", LTE, 60, "hc-l")),
                        CHECKS,
                        true,
                        List.of(
                                "would update  record home.example.com CNAME PRIMARY (main) -> wired.home.example.com,"
                                        + " TTL 60, check hc-w (now -> [wired.home.example.com], TTL 300, check"
                                        + " hc-old)",
                                "ok      record home.example.com CNAME SECONDARY (lte) -> lte.home.example.com, TTL 60,"
                                        + " check hc-l")),
                Arguments.of(
                        "mobile-check = none: the secondary has no check",
                        List.of(cname("PRIMARY", "wired", WIRED, 60, "hc-w")),
                        Map.of("wired", "hc-w"),
                        false,
                        List.of(
                                "ok      record home.example.com CNAME PRIMARY (wired) -> wired.home.example.com, TTL 60,"
                                        + " check hc-w",
                                "create  record home.example.com CNAME SECONDARY (lte) -> lte.home.example.com, TTL 60,"
                                        + " no check (dns.failover.mobile-check = none)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void plansOneLinePerRecordAndAnUpsertForEachThatDiffers(
            String name,
            List<ResourceRecordSet> atName,
            Map<String, String> checks,
            boolean dryRun,
            List<String> lines) {
        FailoverRecords.Plan plan = FailoverRecords.plan(NAME, WIRED, LTE, 60, atName, checks, dryRun);

        assertThat(plan.lines()).containsExactlyElementsOf(lines);
        long changed = lines.stream().filter(l -> !l.startsWith("ok")).count();
        assertThat(plan.upserts()).hasSize((int) changed);
        for (Change c : plan.upserts()) {
            assertThat(c.actionAsString()).isEqualTo("UPSERT");
            assertThat(c.resourceRecordSet().name()).isEqualTo(NAME);
            assertThat(c.resourceRecordSet().ttl()).isEqualTo(60L);
        }
    }

    static Stream<Arguments> conflicts() {
        return Stream.of(
                Arguments.of("a failover pair is no conflict", List.of(cname("PRIMARY", "wired", WIRED, 60, "x")), ""),
                Arguments.of(
                        "an A record",
                        List.of(ResourceRecordSet.builder()
                                .name(NAME + ".")
                                .type(RRType.A)
                                .ttl(60L)
                                .resourceRecords(ResourceRecord.builder()
                                        .value("192.0.2.1")
                                        .build())
                                .build()),
                        "home.example.com already has a record of type A; a failover CNAME cannot share its name."
                                + " Remove it (or pick another dns.failover.name) and run setup again."),
                Arguments.of(
                        "a plain CNAME",
                        List.of(cname(null, null, WIRED, 60, null)),
                        "home.example.com already has a plain CNAME (to [wired.home.example.com]); Route53 cannot mix"
                                + " it with failover records. Delete it in the console and run setup again."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflicts")
    void aRecordSetupMustNotRemoveIsAConflict(String name, List<ResourceRecordSet> atName, String problem) {
        assertThat(FailoverRecords.conflict(NAME, atName).orElse("")).isEqualTo(problem);
    }
}
