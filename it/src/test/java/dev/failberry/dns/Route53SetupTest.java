package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.RECORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.aws.Fault;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.route53.Route53Client;

/** {@code route53 setup} with the real SDK against {@link LoopbackAws}. */
class Route53SetupTest {
    static final String FAILOVER = """
            dns.failover.name = "home.example.com"
            dns.failover.wired-record = "wired.home.example.com"
            dns.failover.mobile-check = http
            """;

    @TempDir
    Path dir;

    LoopbackAws aws;

    @BeforeEach
    void setUp() throws Exception {
        aws = LoopbackAws.start();
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    FailberryConfig config(String extra) throws Exception {
        return LoopbackDnsConfig.route53Config(aws, dir, FAILOVER + extra);
    }

    Route53Setup.Result run(FailberryConfig config, boolean dryRun) {
        return Route53Setup.plan(config, LoopbackAws.credentials(), dryRun);
    }

    @Test
    void createsChecksAndFailoverPairThenRerunChangesNothing() throws Exception {
        aws.putRecord("wired.home.example.com", "A", 300, "192.0.2.10");
        aws.putRecord("lte.home.example.com", "A", 60, "198.51.100.7");
        FailberryConfig config =
                config("dns.failover.interval = 10\ndns.failover.failure-threshold = 2\nhealth.path = \"/health\"");

        Route53Setup.Result first = run(config, false);

        assertThat(first.exitCode()).isZero();
        assertThat(first.created()).isEqualTo(2);
        assertThat(first.changed()).isEqualTo(2);
        assertThat(aws.healthChecks()).hasSize(2).allSatisfy(c -> assertThat(c)
                .containsEntry("Type", "HTTP_STR_MATCH")
                .containsEntry("Port", "9000")
                .containsEntry("ResourcePath", "/health")
                .containsEntry("SearchString", "failberry ok")
                .containsEntry("RequestInterval", "10")
                .containsEntry("FailureThreshold", "2"));
        Map<String, String> wired = aws.healthChecks().get(0);
        Map<String, String> lte = aws.healthChecks().get(1);
        assertThat(wired).containsEntry("FullyQualifiedDomainName", "wired.home.example.com");
        assertThat(wired.get("CallerReference")).startsWith("failberry-wired-");
        assertThat(lte).containsEntry("FullyQualifiedDomainName", "lte.home.example.com");
        assertThat(aws.describeRecords())
                .contains(
                        "home.example.com CNAME lte SECONDARY 60 [lte.home.example.com] check=" + lte.get("Id"),
                        "home.example.com CNAME wired PRIMARY 60 [wired.home.example.com] check=" + wired.get("Id"));
        assertThat(first.lines())
                .anyMatch(l -> l.startsWith("created health check wired"))
                .anyMatch(l ->
                        l.startsWith("create  record home.example.com CNAME PRIMARY (wired) -> wired.home.example.com"))
                .noneMatch(l -> l.startsWith("note"));

        int creates = aws.count(Operation.CREATE_HEALTH_CHECK);
        int changes = aws.count(Operation.CHANGE_RRSETS);
        Route53Setup.Result second = run(config, false);

        assertThat(second.exitCode()).isZero();
        assertThat(second.created()).isZero();
        assertThat(second.changed()).isZero();
        assertThat(aws.count(Operation.CREATE_HEALTH_CHECK)).isEqualTo(creates);
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(changes);
        assertThat(aws.healthChecks()).hasSize(2);
        assertThat(second.lines()).last().isEqualTo("everything is in place; nothing changed");
        assertThat(second.lines()).filteredOn(l -> l.startsWith("ok")).hasSize(4);
    }

    @Test
    void dryRunMakesNoMutatingCallAndPrintsThePlan() throws Exception {
        FailberryConfig config = config("");
        var bytes = new ByteArrayOutputStream();

        int exit = Route53Setup.run(
                config, LoopbackAws.credentials(), true, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(aws.mutatingCount()).isZero();
        assertThat(aws.requests()).isNotEmpty();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains(
                        "would create health check wired: HTTP wired.home.example.com:9000/health \"failberry ok\" every 30 s, 3 failures")
                .contains("would create health check lte")
                .contains(
                        "would create  record home.example.com CNAME SECONDARY (lte) -> lte.home.example.com, TTL 60, check <new lte check>")
                .contains("note    wired.home.example.com has no A record in this zone yet")
                .contains("dry run: 2 health check(s) and 2 record(s) would be created or changed");

        run(config, false);
        aws.clearRequests();
        Route53Setup.Result again = run(config, true);
        assertThat(aws.mutatingCount()).isZero();
        assertThat(again.lines())
                .last()
                .isEqualTo("dry run: 0 health check(s) and 0 record(s) would be created or changed");
    }

    @Test
    void dryRunForEachMobileCheckPrintsTheCostsFirstAndCreatesNothing() throws Exception {
        String none = "dns.failover.mobile-check = none\n";
        for (String extra :
                new String[] {"", "dns.failover.regions = [us-east-1, eu-west-1, ap-southeast-2]\n", none}) {
            aws.clearRequests();
            Route53Setup.Result r = run(config(extra), true);
            assertThat(r.exitCode()).isZero();
            assertThat(aws.mutatingCount()).isZero();
            assertThat(r.lines().subList(0, 3)).allMatch(l -> l.startsWith("cost    "));
            assertThat(r.lines().get(1)).startsWith("cost    mobile-check none: 0 B on the SIM; AWS $0;");
            if (extra.isEmpty()) {
                assertThat(r.lines().get(0))
                        .isEqualTo("cost    mobile-check http (8 regions, every 30 s): ~0.53 checks/s x 884 B"
                                + " = ~1.24 GB a month on the SIM; AWS ~$2.75 a month; a dead Pi is noticed in ~90 s and the name goes"
                                + " back to the wired record  <- chosen");
                assertThat(r.lines())
                        .contains("would create health check lte: HTTP lte.home.example.com:9000/health"
                                + " \"failberry ok\" every 30 s, 3 failures");
            } else if (extra.equals(none)) {
                assertThat(r.lines().get(1)).endsWith("<- chosen");
                assertThat(r.lines())
                        .noneMatch(l -> l.contains("health check lte"))
                        .contains(
                                "would create  record home.example.com CNAME SECONDARY (lte) -> lte.home.example.com, TTL 60,"
                                        + " no check (dns.failover.mobile-check = none)")
                        .last()
                        .isEqualTo("dry run: 1 health check(s) and 2 record(s) would be created or changed");
            } else {
                assertThat(r.lines().get(0))
                        .startsWith("cost    mobile-check http (3 regions, every 30 s): ~0.20 checks/s x 884 B"
                                + " = ~465 MB a month on the SIM;");
                assertThat(r.lines())
                        .contains(
                                "would create health check lte: HTTP lte.home.example.com:9000/health"
                                        + " \"failberry ok\" every 30 s, 3 failures, from us-east-1, eu-west-1, ap-southeast-2");
            }
        }
    }

    @Test
    void theMobileCheckFromChosenRegionsAndNoneAtAll() throws Exception {
        Route53Setup.Result r = run(config("dns.failover.regions = [us-east-1, eu-west-1, ap-southeast-2]\n"), false);
        assertThat(r.exitCode()).isZero();
        Map<String, String> lte = aws.healthChecks().get(1);
        assertThat(lte).containsEntry("FullyQualifiedDomainName", "lte.home.example.com");
        assertThat(lte.get("Regions")).isEqualTo("us-east-1eu-west-1ap-southeast-2");
        assertThat(aws.healthChecks().get(0)).doesNotContainKey("Regions");
        // a rerun finds the same check (its regions read back from Route53)
        assertThat(run(config("dns.failover.regions = [us-east-1, eu-west-1, ap-southeast-2]\n"), false)
                        .created())
                .isZero();

        // mobile-check = none: the SECONDARY record loses its check, the old check is pointed out
        Route53Setup.Result none = run(config("dns.failover.mobile-check = none\n"), false);
        assertThat(none.exitCode()).isZero();
        assertThat(none.created()).isZero();
        assertThat(none.changed()).isEqualTo(1);
        assertThat(aws.describeRecords()).contains("home.example.com CNAME lte SECONDARY 60 [lte.home.example.com]");
        assertThat(none.lines())
                .anyMatch(l -> l.startsWith("note    health check " + lte.get("Id") + " (lte) is not used"));
    }

    @Test
    void reusesAMatchingCheckCreatedByHand() throws Exception {
        FailberryConfig config = config("");
        HealthCheckSpec wired = (HealthCheckSpec) HealthCheckPlan.specs(config).get(0);
        try (Route53Client client = new AwsClients(config.aws(), LoopbackAws.credentials(), true)
                .route53(config.dns().route53().endpoint())) {
            client.createHealthCheck(
                    b -> b.callerReference("clicked-in-console-2017").healthCheckConfig(wired.toConfig()));
        }

        Route53Setup.Result r = run(config, false);

        assertThat(r.created()).isEqualTo(1);
        assertThat(aws.healthChecks()).hasSize(2);
        assertThat(r.lines())
                .anyMatch(l -> l.startsWith("ok      health check wired") && l.endsWith("(created outside failberry)"));
    }

    @Test
    void changedSettingsCreateANewCheckAndRepointTheRecords() throws Exception {
        run(config(""), false);
        Route53Setup.Result r = run(config("dns.failover.failure-threshold = 5"), false);

        assertThat(r.exitCode()).isZero();
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.changed()).isEqualTo(2);
        assertThat(aws.healthChecks()).hasSize(4);
        assertThat(r.lines())
                .filteredOn(l -> l.startsWith("note    health check"))
                .hasSize(2);
        assertThat(r.lines()).anyMatch(l -> l.startsWith("update  record home.example.com CNAME PRIMARY"));
    }

    @Test
    void plainRecordAtTheFailoverNameIsAProblemNotSomethingToDelete() throws Exception {
        aws.putRecord("home.example.com", "A", 300, "192.0.2.10");
        Route53Setup.Result r = run(config(""), false);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lines())
                .singleElement()
                .asString()
                .startsWith("problem home.example.com already has a record of type A");
        assertThat(aws.mutatingCount()).isZero();
    }

    @Test
    void missingSettingsAreAConfigErrorAndAwsErrorsMapToExitCodes() throws Exception {
        Route53Setup.Result missing = run(LoopbackDnsConfig.route53Config(aws, dir, ""), false);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.lines().get(0)).contains("dns.failover.name").contains("dns.failover.wired-record");

        aws.failAlways(Operation.CREATE_HEALTH_CHECK, Fault.ACCESS_DENIED);
        Route53Setup.Result denied = run(config(""), false);
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.lines()).last().asString().contains("AccessDenied");

        aws.clearFaults();
        aws.stop();
        Route53Setup.Result down = run(config("aws.api-call-timeout = 2s\naws.api-call-attempt-timeout = 1s"), false);
        assertThat(down.exitCode()).isEqualTo(3);
        assertThat(down.lines()).last().asString().contains("could not reach");
    }

    static final String CLOUDWATCH = "dns.failover.mobile-check = cloudwatch\n";

    FailberryConfig cloudwatchConfig(String extra) throws Exception {
        return config(CLOUDWATCH + "dns.failover.heartbeat.endpoint = \"" + aws.endpoint() + "\"\n" + extra);
    }

    /**
     * {@code mobile-check = cloudwatch} over real HTTP: the dry run reads (DescribeAlarms, the Route53 lists)
     * and writes nothing; the real run creates the alarm before the check that follows it (the loopback
     * Route53 refuses a CLOUDWATCH_METRIC check of an alarm that does not exist), points the SECONDARY
     * record at that check, and a rerun changes nothing.
     */
    @Test
    void cloudwatchCreatesTheAlarmThenTheCheckThatFollowsItAndARerunChangesNothing() throws Exception {
        FailberryConfig config = cloudwatchConfig("");
        Route53Setup.Result dry = run(config, true);
        assertThat(dry.exitCode()).isZero();
        assertThat(aws.mutatingCount()).isZero();
        assertThat(aws.count(Operation.DESCRIBE_ALARMS)).isEqualTo(1);
        assertThat(dry.lines().subList(0, 4)).allMatch(l -> l.startsWith("cost    "));
        assertThat(dry.lines().get(2))
                .isEqualTo("cost    mobile-check cloudwatch (a beat every 300 s, alarm after 2 missed): 8767 beats x"
                        + " ~7.8 kB = ~69 MB a month on the SIM; AWS ~$0.99 a month (CloudWatch's free tier may cover"
                        + " all but $0.50); a dead Pi is noticed in ~600-900 s plus Route53's reaction and the name"
                        + " goes back to the wired record  <- chosen");
        assertThat(dry.lines())
                .contains(
                        "would create alarm failberry-heartbeat-lte.home.example.com in us-east-1: FailberryPi/"
                                + "Heartbeat Record=lte.home.example.com SampleCount < 1 for 2 x 300 s, missing data = breaching")
                .contains("would create health check lte: CLOUDWATCH_METRIC alarm"
                        + " failberry-heartbeat-lte.home.example.com in us-east-1, insufficient data = unhealthy")
                .last()
                .isEqualTo("dry run: 2 health check(s) and 2 record(s), 1 alarm would be created or changed");

        Route53Setup.Result real = run(config, false);
        assertThat(real.exitCode()).isZero();
        assertThat(aws.alarms()).singleElement().satisfies(a -> {
            assertThat(a)
                    .containsEntry("AlarmName", "failberry-heartbeat-lte.home.example.com")
                    .containsEntry("Namespace", "FailberryPi")
                    .containsEntry("MetricName", "Heartbeat")
                    .containsEntry("Statistic", "SampleCount")
                    .containsEntry("Period", 300L)
                    .containsEntry("EvaluationPeriods", 2L)
                    .containsEntry("DatapointsToAlarm", 2L)
                    // the SDK's CBOR writes the double 1.0 in its shortest form, the integer 1
                    .containsEntry("Threshold", 1L)
                    .containsEntry("ComparisonOperator", "LessThanThreshold")
                    .containsEntry("TreatMissingData", "breaching")
                    .containsEntry("ActionsEnabled", false)
                    .containsEntry("Region", "us-east-1");
            assertThat(a.get("Dimensions")).isEqualTo(java.util.List.of(Map.of("Name", "Record", "Value", RECORD)));
        });
        Map<String, String> lte = aws.healthChecks().get(1);
        assertThat(lte)
                .containsEntry("Type", "CLOUDWATCH_METRIC")
                .containsEntry("InsufficientDataHealthStatus", "Unhealthy")
                .doesNotContainKey("FullyQualifiedDomainName");
        assertThat(lte.get("AlarmIdentifier")).isEqualTo("us-east-1failberry-heartbeat-lte.home.example.com");
        assertThat(aws.describeRecords())
                .contains("home.example.com CNAME lte SECONDARY 60 [lte.home.example.com] check=" + lte.get("Id"));
        assertThat(real.lines())
                .last()
                .isEqualTo(
                        "2 health check(s) created, 2 record(s) created or updated, 1 alarm" + " created or updated");

        aws.clearRequests();
        Route53Setup.Result again = run(config, false);
        assertThat(again.lines()).last().isEqualTo("everything is in place; nothing changed");
        assertThat(aws.mutatingCount()).isZero();

        // a changed heartbeat interval updates the alarm in place (same name); the check still follows it
        Route53Setup.Result faster = run(
                cloudwatchConfig("dns.failover.heartbeat.interval = 1m\n" + "dns.failover.heartbeat.misses = 3\n"),
                false);
        assertThat(faster.lines())
                .contains("updated alarm failberry-heartbeat-lte.home.example.com in us-east-1:"
                        + " FailberryPi/Heartbeat Record=lte.home.example.com SampleCount < 1 for 3 x 60 s, missing data ="
                        + " breaching");
        assertThat(faster.created()).isZero();
        assertThat(aws.alarms()).singleElement().satisfies(a -> assertThat(a).containsEntry("Period", 60L));
    }

    /**
     * Switching {@code mobile-check} from cloudwatch to http: the heartbeat alarm setup created goes, but only
     * after the mobile record points at its new check and that change is in sync (the old check follows the
     * alarm until then); another record's heartbeat alarm is noted and kept; a rerun changes nothing.
     */
    @Test
    void switchingAwayFromCloudwatchDeletesTheAlarmAfterTheRecordLeftItsCheck() throws Exception {
        assertThat(run(cloudwatchConfig(""), false).exitCode()).isZero();
        String followed = aws.healthChecks().get(1).get("Id");
        FailberryConfig config = cloudwatchConfig("");
        try (var cw =
                new AwsClients(config.aws(), LoopbackAws.credentials(), true).cloudWatch(Optional.of(aws.endpoint()))) {
            cw.putMetricAlarm(new HeartbeatMetric("FailberryPi", "other.example.com").alarm(Duration.ofMinutes(5), 2));
        }
        String http = "dns.failover.heartbeat.endpoint = \"" + aws.endpoint() + "\"\n";

        aws.clearRequests();
        Route53Setup.Result dry = run(config(http), true);
        assertThat(dry.exitCode()).isZero();
        assertThat(aws.mutatingCount()).isZero();
        assertThat(dry.lines())
                .contains("would delete alarm failberry-heartbeat-lte.home.example.com in us-east-1"
                        + " (dns.failover.mobile-check = http: no record uses a check that follows it)")
                .last()
                .isEqualTo("dry run: 1 health check(s) and 1 record(s) would be created or changed;"
                        + " 1 alarm would be deleted");
        assertThat(aws.alarms()).hasSize(2);

        aws.clearRequests();
        aws.insyncAfterPolls(1); // the first GetChange says PENDING: setup polls again (5 s later) before deleting
        Route53Setup.Result real = run(config(http), false);
        assertThat(real.exitCode()).isZero();
        assertThat(aws.alarms()).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("AlarmName", "failberry-heartbeat-other.example.com"));
        List<Operation> order = aws.requests().stream().map(r -> r.operation()).toList();
        assertThat(order.indexOf(Operation.DELETE_ALARMS))
                .as("the alarm goes after the record change and its INSYNC")
                .isGreaterThan(order.indexOf(Operation.CHANGE_RRSETS))
                .isGreaterThan(order.indexOf(Operation.GET_CHANGE));
        assertThat(order.indexOf(Operation.CHANGE_RRSETS)).isNotNegative();
        assertThat(order.lastIndexOf(Operation.DELETE_ALARMS)).isGreaterThan(order.lastIndexOf(Operation.GET_CHANGE));
        assertThat(aws.count(Operation.GET_CHANGE)).isEqualTo(2);
        String httpCheck = aws.healthChecks().get(2).get("Id");
        assertThat(aws.describeRecords())
                .contains("home.example.com CNAME lte SECONDARY 60 [lte.home.example.com] check=" + httpCheck);
        assertThat(real.lines())
                .contains("deleted alarm failberry-heartbeat-lte.home.example.com in us-east-1"
                        + " (dns.failover.mobile-check = http: no record uses a check that follows it)")
                .contains("note    alarm failberry-heartbeat-other.example.com in us-east-1 is another record's"
                        + " heartbeat (another Pi, or an earlier dns.record); it is not deleted")
                .anyMatch(l -> l.startsWith("note    health check " + followed + " is from earlier failberry settings"))
                .last()
                .isEqualTo("1 health check(s) created, 1 record(s) created or updated, 1 alarm deleted");

        aws.clearRequests();
        Route53Setup.Result again = run(config(http), false);
        assertThat(again.lines()).last().isEqualTo("everything is in place; nothing changed");
        assertThat(aws.mutatingCount()).isZero();
    }

    /** No CloudWatch rights (the http user's policy): the look for a leftover alarm is a note, setup succeeds. */
    @Test
    void aDeniedLookForTheLeftoverAlarmIsANoteNotAFailure() throws Exception {
        assertThat(run(cloudwatchConfig(""), false).exitCode()).isZero();
        aws.failAlways(Operation.DESCRIBE_ALARMS, Fault.ACCESS_DENIED);
        Route53Setup.Result r = run(config("dns.failover.heartbeat.endpoint = \"" + aws.endpoint() + "\"\n"), false);
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines())
                .anyMatch(l -> l.startsWith("note    could not look for a heartbeat alarm left from"
                                + " dns.failover.mobile-check = cloudwatch (DescribeAlarms failed: AccessDenied")
                        && l.endsWith("if setup ever created failberry-heartbeat-lte.home.example.com in us-east-1,"
                                + " delete it in the console"));
        assertThat(aws.count(Operation.DELETE_ALARMS)).isZero();
        assertThat(aws.alarms()).hasSize(1);
    }

    /** Setup for a user who never chose cloudwatch makes no CloudWatch call (needs no CloudWatch rights). */
    @Test
    void withoutAnAlarmFollowingCheckCloudWatchIsNotCalled() throws Exception {
        assertThat(run(config(""), false).exitCode()).isZero();
        assertThat(aws.count(Operation.DESCRIBE_ALARMS)).isZero();
    }

    @Test
    void withoutCredentialsTheDryRunStillShowsTheAlarmAndTheCheckThatFollowsIt() throws Exception {
        Route53Setup.Result r = Route53Setup.unreadPlan(cloudwatchConfig(""), "no AWS credentials");
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines().get(2))
                .startsWith("cost    mobile-check cloudwatch")
                .endsWith("<- chosen");
        assertThat(r.lines())
                .contains("unknown alarm failberry-heartbeat-lte.home.example.com in us-east-1: FailberryPi/Heartbeat"
                        + " Record=lte.home.example.com SampleCount < 1 for 2 x 300 s, missing data = breaching (not read:"
                        + " no AWS credentials)")
                .anyMatch(l -> l.startsWith("unknown health check lte: CLOUDWATCH_METRIC alarm"))
                .anyMatch(l -> l.startsWith(
                        "unknown record home.example.com CNAME SECONDARY -> lte.home.example.com" + " with check lte"));
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void cloudwatchErrorsStopSetupWithTheirReason() throws Exception {
        aws.failAlways(Operation.PUT_METRIC_ALARM, Fault.ACCESS_DENIED);
        Route53Setup.Result denied = run(cloudwatchConfig(""), false);
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.lines()).last().asString().contains("AccessDenied");
        assertThat(aws.count(Operation.CREATE_HEALTH_CHECK))
                .as("no check of a missing alarm")
                .isZero();

        aws.clearFaults();
        aws.failAlways(Operation.DESCRIBE_ALARMS, Fault.THROTTLING);
        Route53Setup.Result throttled = run(cloudwatchConfig(""), true);
        assertThat(throttled.exitCode()).isEqualTo(3);
        assertThat(throttled.lines()).last().asString().contains("Throttling");
    }
}
