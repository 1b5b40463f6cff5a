package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.v4;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import dev.failberry.time.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The IAM policies in deploy/aws grant what each job calls, checked against the calls themselves: each job
 * runs against the loopback AWS, every request it made is mapped to its IAM action, and the policy for that
 * job must allow all of them (and, for the CloudWatch policies, nothing else).
 */
class IamPoliciesTest {
    private static final Map<Operation, String> ACTIONS = Map.ofEntries(
            Map.entry(Operation.CHANGE_RRSETS, "route53:ChangeResourceRecordSets"),
            Map.entry(Operation.LIST_RRSETS, "route53:ListResourceRecordSets"),
            Map.entry(Operation.GET_CHANGE, "route53:GetChange"),
            Map.entry(Operation.CREATE_HEALTH_CHECK, "route53:CreateHealthCheck"),
            Map.entry(Operation.LIST_HEALTH_CHECKS, "route53:ListHealthChecks"),
            Map.entry(Operation.GET_HEALTH_CHECK, "route53:GetHealthCheck"),
            Map.entry(Operation.INVOKE, "lambda:InvokeFunction"),
            Map.entry(Operation.PUT_METRIC_DATA, "cloudwatch:PutMetricData"),
            Map.entry(Operation.PUT_METRIC_ALARM, "cloudwatch:PutMetricAlarm"),
            Map.entry(Operation.DESCRIBE_ALARMS, "cloudwatch:DescribeAlarms"),
            Map.entry(Operation.DELETE_ALARMS, "cloudwatch:DeleteAlarms"));

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

    private Set<String> called(String service) {
        return aws.requests().stream()
                .map(r -> ACTIONS.get(r.operation()))
                .filter(a -> a != null && a.startsWith(service + ":"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode policy(String file) throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy/aws"))) {
            p = p.getParent();
        }
        assertThat(p).as("deploy/aws above the working directory").isNotNull();
        return JsonNode.parser().parse(Files.readString(p.resolve("deploy/aws").resolve(file)));
    }

    private static Set<String> actions(JsonNode policy) {
        Set<String> out = new TreeSet<>();
        for (JsonNode statement : policy.field("Statement").orElseThrow().asArray()) {
            assertThat(statement.field("Effect").orElseThrow().asString()).isEqualTo("Allow");
            JsonNode action = statement.field("Action").orElseThrow();
            if (action.isArray()) {
                action.asArray().forEach(a -> out.add(a.asString()));
            } else {
                out.add(action.asString());
            }
        }
        return out;
    }

    @Test
    void setupWithTheCloudWatchCheckNeedsTheSetupPolicyAndItsAlarmStatementExactly() throws Exception {
        FailberryConfig config = LoopbackDnsConfig.route53Config(aws, dir, """
                dns.failover.name = "home.example.com"
                dns.failover.wired-record = "wired.home.example.com"
                dns.failover.mobile-check = cloudwatch
                dns.failover.heartbeat.endpoint = "%s"
                """.formatted(aws.endpoint()));
        assertThat(Route53Setup.plan(config, LoopbackAws.credentials(), false).exitCode())
                .isZero();

        assertThat(actions(policy("iam-policy-setup.json"))).containsAll(called("route53"));
        JsonNode alarmPolicy = policy("iam-policy-setup-cloudwatch.json");
        assertThat(actions(alarmPolicy)).isEqualTo(called("cloudwatch"));
        String resource = alarmPolicy
                .field("Statement")
                .orElseThrow()
                .asArray()
                .get(0)
                .field("Resource")
                .orElseThrow()
                .asString();
        String prefix = resource.substring(resource.lastIndexOf(':') + 1).replace("*", "");
        assertThat(aws.alarms())
                .singleElement()
                .satisfies(a -> assertThat(a.get("AlarmName").toString()).startsWith(prefix));
    }

    @Test
    void theDaemonsHeartbeatNeedsPutMetricDataInItsNamespaceOnly() throws Exception {
        FailberryConfig config = LoopbackDnsConfig.route53Config(aws, dir, """
                dns.sdk-process = false
                dns.failover.mobile-check = cloudwatch
                dns.failover.heartbeat.endpoint = "%s"
                """.formatted(aws.endpoint()));
        VirtualTime time = new VirtualTime();
        DnsBackend backend =
                DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
        try (var p = new DnsPublisher(
                backend,
                DnsPublisher.Settings.from(config.dns()),
                time,
                new PublishedStore(config.stateDir(), time, backend.name(), backend.record()),
                s -> {},
                new SplittableRandom(1))) {
            p.heartbeat(
                    CloudWatchHeartbeat.forDaemon(config, backend, LoopbackAws::credentials)
                            .orElseThrow(),
                    config.dns().failover().heartbeat().interval());
            p.start();
            p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.of(v4("127.0.0.1")));
            time.runDue();
        }

        assertThat(actions(policy("iam-policy.json"))).containsAll(called("route53"));
        JsonNode heartbeat = policy("iam-policy-heartbeat.json");
        assertThat(actions(heartbeat)).isEqualTo(called("cloudwatch")).containsExactly("cloudwatch:PutMetricData");
        String namespace = heartbeat
                .field("Statement")
                .orElseThrow()
                .asArray()
                .get(0)
                .field("Condition")
                .orElseThrow()
                .field("StringEquals")
                .orElseThrow()
                .field("cloudwatch:namespace")
                .orElseThrow()
                .asString();
        assertThat(namespace).isEqualTo(config.dns().failover().heartbeat().namespace());
        assertThat(aws.datapoints()).singleElement().satisfies(d -> assertThat(d.namespace())
                .isEqualTo(namespace));
    }
}
