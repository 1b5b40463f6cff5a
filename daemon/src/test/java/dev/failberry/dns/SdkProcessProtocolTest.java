package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.v4;
import static dev.failberry.dns.DnsTestSupport.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.dns.DnsBackend.PublishOutcome;
import dev.failberry.dns.SdkProcessProtocol.ProtocolException;
import dev.failberry.dns.SdkProcessProtocol.Spec;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SdkProcessProtocolTest {
    @TempDir
    Path dir;

    /** A backend that answers from fields, recording what it was asked. */
    static final class Scripted implements DnsBackend {
        final List<String> calls = new ArrayList<>();
        Optional<InetAddress> value = Optional.empty();
        DnsException failure;
        RuntimeException crash;

        @Override
        public String name() {
            return "route53";
        }

        @Override
        public String record() {
            return "lte.home.example.com";
        }

        @Override
        public boolean supports(RecordType type) {
            return true;
        }

        @Override
        public boolean canRead() {
            return true;
        }

        @Override
        public Optional<InetAddress> read(RecordType type) throws DnsException {
            calls.add("read " + type);
            check();
            return value;
        }

        @Override
        public PublishOutcome publish(Map<RecordType, InetAddress> values, Optional<InetAddress> source)
                throws DnsException {
            calls.add("publish " + values + " from "
                    + source.map(InetAddress::getHostAddress).orElse("-"));
            check();
            return new PublishOutcome(values, true, Optional.of("C123"), "UPSERT [A]\nTTL 60");
        }

        @Override
        public boolean insync(String changeId) throws DnsException {
            calls.add("insync " + changeId);
            check();
            return true;
        }

        private void check() throws DnsException {
            if (crash != null) {
                throw crash;
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void warmUp() {
            calls.add("warm");
            if (crash != null) {
                throw crash;
            }
        }

        @Override
        public void close() {}
    }

    @Test
    void specForRoute53RoundTripsAndCarriesNoSecret() throws Exception {
        var config = DnsTestSupport.config(dir, """
                dns.provider = route53
                dns.record = "lte.home.example.com"
                dns.route53.hosted-zone-id = "Z1D633PJN98FT9"
                dns.route53.endpoint = "http://127.0.0.1:4566"
                dns.sdk-process-idle = 30s
                aws.region = "eu-west-1"
                """);
        Spec spec = Spec.of(config).orElseThrow();
        assertThat(spec)
                .isEqualTo(new Spec(
                        "route53",
                        "lte.home.example.com",
                        60,
                        Optional.of("Z1D633PJN98FT9"),
                        Optional.empty(),
                        Optional.of(URI.create("http://127.0.0.1:4566")),
                        "eu-west-1",
                        config.aws().apiCallTimeout(),
                        config.aws().apiCallAttemptTimeout(),
                        Duration.ofSeconds(30)));
        assertThat(Spec.decode(spec.encode())).isEqualTo(spec);
    }

    /** With a heartbeat the helper must outlive the gap between two beats (else a JVM starts for each). */
    @Test
    void specWithTheHeartbeatRoundTripsAndKeepsTheHelperBetweenBeats() throws Exception {
        var config = DnsTestSupport.config(dir, """
                dns.provider = route53
                dns.record = "lte.home.example.com"
                dns.route53.hosted-zone-id = "Z1D633PJN98FT9"
                dns.sdk-process-idle = 60s
                dns.failover.mobile-check = cloudwatch
                dns.failover.heartbeat { interval = 5m, namespace = "Home/Pi", endpoint = "http://127.0.0.1:4566" }
                """);
        Spec spec = Spec.of(config).orElseThrow();
        assertThat(spec.heartbeat())
                .contains(new Spec.Heartbeat("Home/Pi", Optional.of(URI.create("http://127.0.0.1:4566"))));
        assertThat(spec.idleExit()).isEqualTo(Duration.ofMinutes(10));
        assertThat(Spec.decode(spec.encode())).isEqualTo(spec);
        assertThat(SdkProcessProtocol.beatRequest(Optional.of(DnsTestSupport.v4("10.64.1.2"))))
                .isEqualTo("{\"op\":\"beat\",\"source\":\"10.64.1.2\"}");
        assertThat(SdkProcessProtocol.beatRequest(Optional.empty())).isEqualTo("{\"op\":\"beat\"}");
    }

    @Test
    void specOnlyForProvidersThatUseTheSdk() throws Exception {
        var invoke = DnsTestSupport.config(dir, """
                dns.provider = lambda
                dns.record = "lte.home.example.com"
                dns.lambda.mode = invoke
                dns.lambda.function-name = "failberry-ddns"
                """);
        assertThat(Spec.of(invoke))
                .get()
                .extracting(Spec::provider, Spec::functionName)
                .containsExactly("lambda-invoke", Optional.of("failberry-ddns"));
        var url = DnsTestSupport.config(dir, """
                dns.provider = lambda
                dns.record = "lte.home.example.com"
                dns.lambda.function-url = "https://abc.lambda-url.eu-west-1.on.aws/"
                dns.lambda.shared-secret = "s3cret-value"
                """);
        assertThat(Spec.of(url))
                .as("the function URL needs no SDK: stays in the daemon")
                .isEmpty();
        assertThat(Spec.of(DnsTestSupport.config(dir, ""))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "nonsense",
                "{}",
                "{\"provider\":\"gcp\"}",
                "{\"provider\":\"route53\",\"record\":\"a.example.com\",\"ttl\":\"60\",\"region\":\"us-east-1\",\"callTimeout\":\"PT30S\",\"attemptTimeout\":\"PT10S\",\"idle\":\"PT1M\"}",
                "{\"provider\":\"route53\",\"zone\":\"Z1\",\"record\":\"a.example.com\",\"ttl\":\"sixty\",\"region\":\"us-east-1\",\"callTimeout\":\"PT30S\",\"attemptTimeout\":\"PT10S\",\"idle\":\"PT1M\"}"
            })
    void badStartLinesAreProtocolErrors(String line) {
        assertThatThrownBy(() -> Spec.decode(line)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void requestsReachTheBackendAndRepliesDecode() throws Exception {
        Scripted b = new Scripted();
        b.value = Optional.of(v4("198.51.100.7"));
        assertThat(SdkProcessProtocol.decodeRead(
                        SdkProcessProtocol.serve(SdkProcessProtocol.readRequest(RecordType.A), b)))
                .contains(v4("198.51.100.7"));
        b.value = Optional.empty();
        assertThat(SdkProcessProtocol.decodeRead(
                        SdkProcessProtocol.serve(SdkProcessProtocol.readRequest(RecordType.AAAA), b)))
                .isEmpty();

        Map<RecordType, InetAddress> values =
                Map.of(RecordType.A, v4("198.51.100.8"), RecordType.AAAA, v6("2001:db8::1"));
        PublishOutcome o = SdkProcessProtocol.decodePublish(SdkProcessProtocol.serve(
                SdkProcessProtocol.publishRequest(values, Optional.of(v4("198.51.100.8"))), b));
        assertThat(o.published()).isEqualTo(values);
        assertThat(o.changed()).isTrue();
        assertThat(o.changeId()).contains("C123");
        assertThat(o.detail()).isEqualTo("UPSERT [A] TTL 60");

        assertThat(SdkProcessProtocol.decodeInsync(
                        SdkProcessProtocol.serve(SdkProcessProtocol.insyncRequest("C123"), b)))
                .isTrue();
        SdkProcessProtocol.decodeWarm(SdkProcessProtocol.serve(SdkProcessProtocol.warmRequest(), b));
        assertThat(b.calls)
                .containsExactly(
                        "read A",
                        "read AAAA",
                        "publish " + new java.util.EnumMap<>(values) + " from 198.51.100.8",
                        "insync C123",
                        "warm");
    }

    @Test
    void backendFailuresKeepTheirKind() {
        Scripted b = new Scripted();
        for (DnsException.Kind kind : DnsException.Kind.values()) {
            b.failure = new DnsException(kind, "Route53 ChangeResourceRecordSets: " + kind + "\nsecond line");
            String reply = SdkProcessProtocol.serve(SdkProcessProtocol.readRequest(RecordType.A), b);
            assertThatThrownBy(() -> SdkProcessProtocol.decodeRead(reply))
                    .isInstanceOfSatisfying(DnsException.class, e -> {
                        assertThat(e.kind()).isEqualTo(kind);
                        assertThat(e.getMessage())
                                .isEqualTo("Route53 ChangeResourceRecordSets: " + kind + " second line");
                    });
        }
    }

    @Test
    void aCrashingClientIsAPermanentErrorNotADeadHelper() {
        Scripted b = new Scripted();
        b.crash = new IllegalStateException("no TLS provider");
        String reply = SdkProcessProtocol.serve(SdkProcessProtocol.insyncRequest("C1"), b);
        assertThatThrownBy(() -> SdkProcessProtocol.decodeInsync(reply))
                .isInstanceOfSatisfying(DnsException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("no TLS provider");
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "{\"op\":\"format-disk\"}",
                "{\"op\":\"read\"}",
                "{\"op\":\"read\",\"type\":\"MX\"}",
                "{\"op\":\"publish\",\"A\":\"not-an-ip\"}",
                "{\"op\":\"insync\"}",
                "[1,2]"
            })
    void badRequestsGetAnErrorReplyAndNeverReachTheBackend(String line) {
        Scripted b = new Scripted();
        String reply = SdkProcessProtocol.serve(line, b);
        assertThatThrownBy(() -> SdkProcessProtocol.decodeRead(reply))
                .isInstanceOfSatisfying(
                        DnsException.class, e -> assertThat(e.getMessage()).startsWith("helper protocol: "));
        assertThat(b.calls).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "nonsense",
                "{\"ok\":\"publish\"}",
                "{\"ok\":\"read\"}",
                "{\"ok\":\"read\",\"value\":\"999.1.1.1\"}",
                "{\"error\":\"EXPLODED\",\"message\":\"x\"}"
            })
    void garbledRepliesAreProtocolErrors(String line) {
        assertThatThrownBy(() -> SdkProcessProtocol.decodeRead(line)).isInstanceOf(ProtocolException.class);
    }
}
