package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.RECORD;
import static dev.failberry.dns.DnsTestSupport.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.failberry.dns.SdkProcessBackend.Launch;
import dev.failberry.dns.SdkProcessProtocol.Spec;
import dev.failberry.sim.aws.Fault;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS helper as a real child JVM, talking real HTTP to the loopback Route53/Lambda. */
class SdkProcessBackendTest {
    private static final Map<String, String> CREDENTIALS =
            Map.of("AWS_ACCESS_KEY_ID", LoopbackAws.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", LoopbackAws.SECRET_KEY);
    private LoopbackAws aws;
    private SdkProcessBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        aws = LoopbackAws.start();
    }

    @AfterEach
    void tearDown() {
        if (backend != null) {
            backend.close();
        }
        aws.close();
    }

    private Spec route53(Duration idle) {
        return new Spec(
                Spec.ROUTE53,
                RECORD,
                60,
                Optional.of(aws.settings().zoneId()),
                Optional.empty(),
                Optional.of(aws.endpoint()),
                "us-east-1",
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                idle);
    }

    private SdkProcessBackend helper(Spec spec) {
        backend = SdkProcessBackend.create(spec, Launch.sameJvm("WARN", CREDENTIALS));
        return backend;
    }

    private SdkProcessBackend fake(List<String> command, Duration answerTimeout) {
        backend = new SdkProcessBackend(route53(Duration.ofMinutes(1)), new Launch(command, Map.of()), answerTimeout);
        return backend;
    }

    @Test
    void oneHelperServesTheReadTheChangeAndTheInsyncPolls() throws Exception {
        SdkProcessBackend b = helper(route53(Duration.ofMinutes(1)));
        assertThat(b.helperRunning()).as("nothing runs before the first call").isFalse();
        assertThat(b.read(RecordType.A)).isEmpty();
        var outcome = b.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty());
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.changeId()).isPresent();
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        assertThat(b.read(RecordType.A)).contains(v4("198.51.100.7"));
        aws.insyncAfterPolls(0);
        assertThat(b.insync(outcome.changeId().get())).isTrue();
        assertThat(b.helpersStarted()).isEqualTo(1);
        assertThat(b.helperRunning()).isTrue();
        assertThat(aws.requests(Operation.CHANGE_RRSETS)).hasSize(1);
    }

    @Test
    void warmUpStartsAHelperWithItsClientBuiltAndTheCallsThatFollowUseIt() throws Exception {
        SdkProcessBackend b = helper(route53(Duration.ofMinutes(1)));
        b.warmUp();
        assertThat(b.helperRunning()).isTrue();
        assertThat(aws.requests()).as("building the client calls nothing").isEmpty();
        b.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty());
        b.warmUp();
        assertThat(b.helpersStarted()).isEqualTo(1);
    }

    @Test
    void aFailedWarmUpIsLeftToTheNextCall() {
        SdkProcessBackend b = fake(List.of("false"), Duration.ofSeconds(10));
        b.warmUp();
        assertThat(b.helperRunning()).isFalse();
        assertThatThrownBy(() -> b.read(RecordType.A)).isInstanceOf(DnsException.class);
    }

    @Test
    void anIdleHelperExitsAndTheNextCallStartsAnother() throws Exception {
        SdkProcessBackend b = helper(route53(Duration.ofMillis(300)));
        b.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty());
        await().atMost(Duration.ofSeconds(20)).until(() -> !b.helperRunning());
        assertThat(b.read(RecordType.A)).contains(v4("198.51.100.7"));
        assertThat(b.helpersStarted()).isEqualTo(2);
    }

    @Test
    void awsErrorsArriveWithTheirKindAndTheHelperStays() throws Exception {
        SdkProcessBackend b = helper(route53(Duration.ofMinutes(1)));
        aws.fail(Operation.CHANGE_RRSETS, Fault.THROTTLING, 1);
        assertThatThrownBy(() -> b.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty()))
                .isInstanceOfSatisfying(
                        DnsException.class, e -> assertThat(e.kind()).isEqualTo(DnsException.Kind.THROTTLED));
        aws.fail(Operation.CHANGE_RRSETS, Fault.ACCESS_DENIED, 1);
        assertThatThrownBy(() -> b.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty()))
                .isInstanceOfSatisfying(DnsException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("AccessDenied").doesNotContain(LoopbackAws.SECRET_KEY);
                });
        assertThat(b.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty())
                        .changed())
                .isTrue();
        assertThat(b.helpersStarted()).isEqualTo(1);
    }

    @Test
    void aKilledHelperIsReplacedForTheCallThatMeetsIt() throws Exception {
        SdkProcessBackend b = helper(route53(Duration.ofMinutes(1)));
        b.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty());
        ProcessHandle child = ProcessHandle.of(b.helperPid().orElseThrow()).orElseThrow();
        child.destroyForcibly();
        child.onExit().get();
        assertThat(b.read(RecordType.A)).contains(v4("198.51.100.7"));
        assertThat(b.helpersStarted()).isEqualTo(2);
    }

    @Test
    void theLambdaInvokeHelperPublishesThroughTheFunction() throws Exception {
        SdkProcessBackend b = helper(new Spec(
                Spec.LAMBDA_INVOKE,
                RECORD,
                60,
                Optional.empty(),
                Optional.of(aws.settings().functionName()),
                Optional.of(aws.endpoint()),
                "us-east-1",
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1)));
        assertThat(b.name()).isEqualTo("lambda-invoke");
        assertThat(b.canRead()).isFalse();
        assertThat(b.publish(Map.of(RecordType.A, v4("198.51.100.9")), Optional.empty())
                        .published())
                .containsEntry(RecordType.A, v4("198.51.100.9"));
        assertThat(aws.count(Operation.INVOKE)).isEqualTo(1);
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.9");
    }

    @Test
    void aHelperThatNeverAnswersIsKilledAndTheCallFailsAsANetworkError() {
        SdkProcessBackend b = fake(List.of("sleep", "60"), Duration.ofMillis(300));
        assertThatThrownBy(() -> b.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
            assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
            assertThat(e.getMessage()).contains("did not answer within");
        });
        assertThat(b.helperRunning()).isFalse();
        assertThat(b.helpersStarted())
                .as("a timeout is not retried at once: the publisher backs off")
                .isEqualTo(1);
    }

    @Test
    void aHelperThatDiesAtOnceIsTriedTwiceThenReported() {
        SdkProcessBackend b = fake(List.of("false"), Duration.ofSeconds(10));
        assertThatThrownBy(() -> b.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty()))
                .isInstanceOfSatisfying(DnsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
                    assertThat(e.getMessage()).contains("exited with code 1 before answering");
                });
        assertThat(b.helpersStarted()).isEqualTo(2);
    }

    @Test
    void aHelperThatCannotBeStartedIsAPermanentError() {
        SdkProcessBackend b = fake(List.of("/nonexistent/java"), Duration.ofSeconds(10));
        assertThatThrownBy(() -> b.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.getMessage()).startsWith("cannot start the AWS helper process /nonexistent/java");
        });
    }

    @Test
    void nonsenseFromTheHelperIsAServerError() {
        SdkProcessBackend b = fake(
                List.of(
                        "sh",
                        "-c",
                        "echo 'a JVM warning on stdout'; while read line; do echo '{\"ok\":\"nonsense\"}'; done"),
                Duration.ofSeconds(10));
        assertThatThrownBy(() -> b.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
            assertThat(e.kind()).isEqualTo(DnsException.Kind.SERVER);
            assertThat(e.getMessage()).contains("answered nonsense");
        });
    }

    @Test
    void closeStopsTheHelperAndLaterCallsFail() throws Exception {
        SdkProcessBackend b = helper(route53(Duration.ofMinutes(1)));
        b.read(RecordType.A);
        assertThat(b.helperRunning()).isTrue();
        b.close();
        assertThat(b.helperRunning()).isFalse();
        assertThatThrownBy(() -> b.read(RecordType.A))
                .isInstanceOf(DnsException.class)
                .hasMessage("shutting down");
    }

    private Spec withHeartbeat(Spec s) {
        return new Spec(
                s.provider(),
                s.record(),
                s.ttl(),
                s.zoneId(),
                s.functionName(),
                s.endpoint(),
                s.region(),
                s.apiCallTimeout(),
                s.apiCallAttemptTimeout(),
                s.idleExit(),
                Optional.of(new Spec.Heartbeat("FailberryPi", Optional.of(aws.endpoint()))));
    }

    /**
     * The heartbeat as production sends it: the helper's SDK encodes PutMetricData in Smithy RPC v2 CBOR and
     * signs it, our bound client sends it from the address it is given (127.0.0.2 here, as the link's
     * address would be), the loopback CloudWatch decodes what arrived.
     */
    @Test
    void theHelperSendsTheHeartbeatFromTheGivenAddressAndSurvivesThrottling() throws Exception {
        SdkProcessBackend b = helper(withHeartbeat(route53(Duration.ofMinutes(1))));
        Optional<java.net.InetAddress> link = Optional.of(java.net.InetAddress.getByName("127.0.0.2"));
        b.beat(link);

        assertThat(aws.datapoints()).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo("127.0.0.2");
            assertThat(d.region()).isEqualTo("us-east-1");
            assertThat(d.namespace()).isEqualTo("FailberryPi");
            assertThat(d.metric()).isEqualTo("Heartbeat");
            assertThat(d.dimensions()).isEqualTo(Map.of("Record", RECORD));
            assertThat(d.value()).isEqualTo(1.0);
            assertThat(d.unit()).isEqualTo("Count");
        });
        var request = aws.requests(Operation.PUT_METRIC_DATA).get(0);
        assertThat(request.path()).isEqualTo("/service/GraniteServiceVersion20100801/operation/PutMetricData");
        assertThat(request.header("smithy-protocol")).contains("rpc-v2-cbor");
        assertThat(request.header("content-type")).contains("application/cbor");
        assertThat(request.header("authorization").orElseThrow())
                .startsWith("AWS4-HMAC-SHA256 Credential=" + LoopbackAws.ACCESS_KEY + "/")
                .contains("/us-east-1/monitoring/aws4_request");

        // throttled: one clear, retryable error; the same helper sends the next beat
        aws.fail(Operation.PUT_METRIC_DATA, Fault.THROTTLING, 1);
        assertThatThrownBy(() -> b.beat(link))
                .isInstanceOfSatisfying(
                        DnsException.class, e -> assertThat(e.kind()).isEqualTo(DnsException.Kind.THROTTLED))
                .hasMessageContaining("CloudWatch PutMetricData failed: Throttling");
        aws.fail(Operation.PUT_METRIC_DATA, Fault.ACCESS_DENIED, 1);
        assertThatThrownBy(() -> b.beat(link))
                .isInstanceOfSatisfying(
                        DnsException.class, e -> assertThat(e.kind()).isEqualTo(DnsException.Kind.PERMANENT))
                .hasMessageContaining("AccessDenied");
        b.beat(link);
        assertThat(aws.datapoints()).hasSize(2);
        assertThat(b.helpersStarted()).isEqualTo(1);
    }

    @Test
    void aHelperStartedWithoutAHeartbeatRefusesABeat() {
        SdkProcessBackend b = helper(route53(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> b.beat(Optional.empty()))
                .isInstanceOfSatisfying(
                        DnsException.class, e -> assertThat(e.kind()).isEqualTo(DnsException.Kind.PERMANENT))
                .hasMessageContaining("no heartbeat in this helper's spec");
        assertThat(aws.datapoints()).isEmpty();
    }
}
