package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.RECORD;
import static dev.failberry.dns.DnsTestSupport.v4;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.Secret;
import dev.failberry.sim.aws.Fault;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import dev.failberry.sim.aws.RecordedRequest;
import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** Both Lambda forms through the publisher against {@link LoopbackAws} over real HTTP, in virtual time. */
class LambdaPublisherTest {
    static final String SECRET = "loopback-shared-secret";

    @TempDir
    Path stateDir;

    LoopbackAws aws;
    VirtualTime time = new VirtualTime();
    DnsPublisher publisher;

    @AfterEach
    void tearDown() {
        if (publisher != null) {
            publisher.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    DnsPublisher functionUrl(String secret) throws Exception {
        return start("""
                dns.provider = lambda
                dns.record = "%s"
                dns.lambda.mode = function-url
                dns.lambda.function-url = "%s"
                dns.lambda.shared-secret = "%s"
                """.formatted(RECORD, aws.functionUrl(), secret));
    }

    DnsPublisher invoke(String function) throws Exception {
        return start("""
                dns.provider = lambda
                dns.record = "%s"
                dns.lambda.mode = invoke
                dns.lambda.function-name = "%s"
                dns.lambda.endpoint = "%s"
                """.formatted(RECORD, function, aws.endpoint()));
    }

    DnsPublisher start(String dnsConfig) throws Exception {
        FailberryConfig config = DnsTestSupport.config(stateDir, dnsConfig);
        DnsBackend backend =
                DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
        publisher = new DnsPublisher(
                backend,
                DnsPublisher.Settings.from(config.dns()),
                time,
                new PublishedStore(stateDir, time, backend.name(), backend.record()),
                DnsListener.NONE,
                new SplittableRandom(7));
        publisher.start();
        time.runDue();
        return publisher;
    }

    static Optional<InetAddress> loopback2() {
        return Optional.of(v4("127.0.0.2"));
    }

    @Test
    void validationHashMatchesHandComputedVector() {
        // printf '%s' '198.51.100.7lte.home.example.coms3cr3t' | sha256sum
        assertThat(ValidationHash.of("198.51.100.7", "lte.home.example.com", new Secret("s3cr3t")))
                .isEqualTo("9162472e086a836deb2f58f52506900403962915299920380996c5c7f3f98567");
    }

    @Test
    void functionUrlGetThenSetFromTheBoundSourceAddress() throws Exception {
        aws = LoopbackAws.start();
        DnsPublisher p = functionUrl(SECRET);

        p.ipChanged(v4("127.0.0.2"), Optional.empty(), loopback2());
        time.runDue();

        List<RecordedRequest> calls = aws.requests(Operation.FUNCTION_URL);
        assertThat(calls).hasSize(2).allSatisfy(r -> {
            assertThat(r.sourceAddress()).isEqualTo("127.0.0.2");
            assertThat(r.header("Content-Type")).contains("application/json");
        });
        assertThat(calls.get(0).body()).isEqualTo("{\"execution_mode\":\"get\"}");
        // printf '%s' '127.0.0.2lte.home.example.comloopback-shared-secret' | sha256sum
        assertThat(calls.get(1).body())
                .isEqualTo("{\"execution_mode\":\"set\",\"ddns_hostname\":\"lte.home.example.com\","
                        + "\"validation_hash\":\"40264d0fe3226cbc092ab65fa5de18afae5a5e4d99598574cd4b9dc984b86025\"}");
        assertThat(aws.recordValue(RECORD, "A")).contains("127.0.0.2");
        assertThat(p.status().publishedIp()).contains("127.0.0.2");
        assertThat(p.status().lastError()).isEmpty();
        assertThat(p.status().provider()).isEqualTo("lambda-url");
    }

    @Test
    void functionUrlPublishesWhatTheFunctionSeesBehindNat() throws Exception {
        aws = LoopbackAws.start();
        aws.functionSeesSourceIp("203.0.113.9");
        DnsPublisher p = functionUrl(SECRET);

        p.ipChanged(v4("100.64.7.7"), Optional.empty(), loopback2());
        time.runDue();

        assertThat(aws.recordValue(RECORD, "A")).contains("203.0.113.9");
        assertThat(p.status().publishedIp()).contains("203.0.113.9");

        // Verification re-publishes (the function cannot be asked for the record): 200, nothing changes.
        time.advance(Duration.ofMinutes(10));
        assertThat(aws.count(Operation.FUNCTION_URL)).isEqualTo(4);
        assertThat(p.status().lastError()).isEmpty();
    }

    @Test
    void wrongSecretIs401PermanentAndTheSecretIsNeverShown() throws Exception {
        aws = LoopbackAws.start();
        String wrong = "wrong-secret-do-not-print";
        try (var root = new DnsTestSupport.LogCapture(Logger.ROOT_LOGGER_NAME)) {
            DnsPublisher p = functionUrl(wrong);
            p.ipChanged(v4("127.0.0.2"), Optional.empty(), loopback2());
            time.advance(Duration.ofMinutes(9));

            assertThat(aws.count(Operation.FUNCTION_URL)).isEqualTo(2);
            assertThat(p.status().gaveUp()).isTrue();
            assertThat(p.status().lastError()).hasValueSatisfying(e -> assertThat(e)
                    .contains("401")
                    .contains("dns.lambda.shared-secret")
                    .doesNotContain(wrong));
            assertThat(p.status().toString()).doesNotContain(wrong);
            assertThat(root.all()).isNotEmpty().noneMatch(line -> line.contains(wrong));
        }
    }

    @Test
    void unknownHostIs403Permanent() throws Exception {
        aws = LoopbackAws.start(LoopbackAws.Settings.defaults().withFunctionUrlHosts(Set.of("other.example.com")));
        DnsPublisher p = functionUrl(SECRET);
        p.ipChanged(v4("127.0.0.2"), Optional.empty(), loopback2());
        time.advance(Duration.ofMinutes(5));

        assertThat(p.status().gaveUp()).isTrue();
        assertThat(p.status().lastError())
                .hasValueSatisfying(e -> assertThat(e).contains("403").contains(RECORD));
        assertThat(aws.count(Operation.FUNCTION_URL)).isEqualTo(2);
    }

    @Test
    void functionUrl500IsRetried() throws Exception {
        aws = LoopbackAws.start();
        aws.fail(Operation.FUNCTION_URL, Fault.SERVER_ERROR, 1);
        DnsPublisher p = functionUrl(SECRET);
        p.ipChanged(v4("127.0.0.2"), Optional.empty(), loopback2());
        time.runDue();
        assertThat(p.status().pending()).isTrue();
        assertThat(p.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("500"));

        time.advance(Duration.ofSeconds(3));
        assertThat(aws.recordValue(RECORD, "A")).contains("127.0.0.2");
        assertThat(p.status().lastError()).isEmpty();
    }

    @Test
    void invokeSendsTheDocumentedPayloadSigned() throws Exception {
        aws = LoopbackAws.start();
        DnsPublisher p = invoke("failberry-ddns");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();

        RecordedRequest r = aws.requests(Operation.INVOKE).get(0);
        assertThat(r.path()).isEqualTo("/2015-03-31/functions/failberry-ddns/invocations");
        assertThat(r.body())
                .isEqualTo("{\"hostname\":\"lte.home.example.com\",\"ip\":\"198.51.100.7\",\"type\":\"A\"}");
        assertThat(r.header("Authorization")).hasValueSatisfying(a -> assertThat(a)
                .startsWith("AWS4-HMAC-SHA256 Credential=" + LoopbackAws.ACCESS_KEY + "/")
                .contains("/us-east-1/lambda/aws4_request"));
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        assertThat(p.status().publishedIp()).contains("198.51.100.7");
        assertThat(p.status().provider()).isEqualTo("lambda-invoke");
    }

    @Test
    void functionErrorIsReportedAndRetried() throws Exception {
        aws = LoopbackAws.start();
        aws.fail(Operation.INVOKE, Fault.FUNCTION_ERROR, 1);
        DnsPublisher p = invoke("failberry-ddns");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();

        assertThat(p.status().lastError()).hasValueSatisfying(e -> assertThat(e)
                .contains("Lambda function failberry-ddns failed (Unhandled")
                .contains("ChangeResourceRecordSets failed inside"));
        assertThat(p.status().pending()).isTrue();
        assertThat(aws.recordValue(RECORD, "A")).isEmpty();

        time.advance(Duration.ofSeconds(3));
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        assertThat(p.status().lastError()).isEmpty();
    }

    @Test
    void tooManyRequestsIsRetriedAndUnknownFunctionIsPermanent() throws Exception {
        aws = LoopbackAws.start();
        aws.fail(Operation.INVOKE, Fault.TOO_MANY_REQUESTS, 1);
        DnsPublisher p = invoke("failberry-ddns");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        assertThat(p.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("TooManyRequestsException"));
        time.advance(Duration.ofSeconds(3));
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");

        p.close();
        DnsPublisher missing = invoke("no-such-function");
        missing.ipChanged(v4("198.51.100.8"), Optional.empty(), Optional.empty());
        time.advance(Duration.ofMinutes(5));
        assertThat(missing.status().gaveUp()).isTrue();
        assertThat(missing.status().lastError())
                .hasValueSatisfying(
                        e -> assertThat(e).contains("ResourceNotFoundException").contains("dns.lambda.function-name"));
    }
}
