package dev.failberry.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.testutil.LookupRecorder;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/** Tables for the pure parts: error classification, record matching, HTTP response parsing. */
class PureFunctionsTest {
    @ParameterizedTest
    @CsvSource({
        "Throttling, 400, THROTTLED",
        "PriorRequestNotComplete, 400, THROTTLED",
        "TooManyRequestsException, 429, THROTTLED",
        "AccessDenied, 403, PERMANENT",
        "AccessDeniedException, 403, PERMANENT",
        "NoSuchHostedZone, 404, PERMANENT",
        "InvalidChangeBatch, 400, PERMANENT",
        "InvalidClientTokenId, 403, PERMANENT",
        "SignatureDoesNotMatch, 403, PERMANENT",
        "ResourceNotFoundException, 404, PERMANENT",
        "InternalFailure, 500, SERVER",
        "ServiceUnavailable, 503, SERVER",
        "ExpiredToken, 400, SERVER",
        "SomethingNew, 400, PERMANENT"
    })
    void classifiesServiceErrors(String code, int status, DnsException.Kind kind) {
        AwsServiceException e = AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage("msg\n  two lines")
                        .build())
                .build();
        DnsException d = AwsErrors.classify("Route53 X", e);
        assertThat(d.kind()).isEqualTo(kind);
        assertThat(d.getMessage()).startsWith("Route53 X failed: " + code + " (msg two lines)");
    }

    @Test
    void classifiesClientErrors() {
        assertThat(AwsErrors.classify(
                                "op",
                                SdkClientException.create(
                                        "Unable to execute HTTP request: Connection refused",
                                        new java.net.ConnectException("Connection refused")))
                        .kind())
                .isEqualTo(DnsException.Kind.NETWORK);
        assertThat(AwsErrors.classify("op", ApiCallTimeoutException.create(1000))
                        .kind())
                .isEqualTo(DnsException.Kind.NETWORK);
        DnsException creds = AwsErrors.classify(
                "op",
                SdkClientException.create(
                        "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(...)"));
        assertThat(creds.kind()).isEqualTo(DnsException.Kind.PERMANENT);
        assertThat(creds.getMessage()).contains("no usable AWS credentials");
    }

    @Test
    void currentValueComparesNameTypeExactlyAndIgnoresFailoverSets() {
        InetAddress ip = DnsTestSupport.v4("198.51.100.7");
        ResourceRecordSet exact = set("LTE.home.example.com.", RRType.A, "198.51.100.7", null);
        ResourceRecordSet later = set("mail.home.example.com.", RRType.A, "198.51.100.7", null);
        ResourceRecordSet aaaa = set("lte.home.example.com.", RRType.AAAA, "2001:db8::1", null);
        ResourceRecordSet failover = set("lte.home.example.com.", RRType.A, "198.51.100.7", "lte");
        String name = "lte.home.example.com";
        assertThat(Route53Provider.currentValue(List.of(exact), name, RecordType.A))
                .contains(ip);
        assertThat(Route53Provider.currentValue(List.of(later), name, RecordType.A))
                .isEmpty();
        assertThat(Route53Provider.currentValue(List.of(aaaa), name, RecordType.A))
                .isEmpty();
        assertThat(Route53Provider.currentValue(List.of(failover), name, RecordType.A))
                .isEmpty();
        assertThat(Route53Provider.currentValue(
                        List.of(set("lte.home.example.com.", RRType.A, "not-an-ip", null)), name, RecordType.A))
                .isEmpty();
    }

    static ResourceRecordSet set(String name, RRType type, String value, String setId) {
        var b = ResourceRecordSet.builder()
                .name(name)
                .type(type)
                .ttl(60L)
                .resourceRecords(ResourceRecord.builder().value(value).build());
        if (setId != null) {
            b.setIdentifier(setId).failover(ResourceRecordSetFailover.SECONDARY);
        }
        return b.build();
    }

    @ParameterizedTest
    @CsvSource({
        "198.51.100.7, true",
        "2001:db8::1, true",
        "::ffff:1.2.3.4, false",
        "example.com, false",
        "256.1.1.1, false",
        "1.2.3, false",
        "'', false"
    })
    void parsesOnlyLiterals(String literal, boolean ok) {
        assertThat(Ips.parse(literal).isPresent()).isEqualTo(ok);
    }

    /** Found by TextParserFuzzTest: 2000 nested brackets overflowed the stack inside Typesafe's recursive parser. */
    @ParameterizedTest
    @ValueSource(strings = {".:1.2.3.4", ".:", "..::1", ".::ffff:1.2.3.4"})
    void textThatOnlyLooksLikeALiteralIsNotLookedUp(String text) {
        try (LookupRecorder dns = LookupRecorder.install()) {
            assertThat(Ips.parse(text)).isEmpty();
            assertThat(dns.drain()).isEmpty();
        }
    }

    @Test
    void globalV6() {
        assertThat(Ips.isGlobalV6(DnsTestSupport.v6("2a02:1:2::3"))).isTrue();
        assertThat(Ips.isGlobalV6(DnsTestSupport.v6("fe80::1"))).isFalse();
        assertThat(Ips.isGlobalV6(DnsTestSupport.v6("fd00::1"))).isFalse();
    }

    @Test
    void callerReferenceIsStableAndFollowsTheSettings() {
        var a = new HealthCheckSpec("lte", "LTE.home.example.com.", 9000, "/health", "failberry ok", 30, 3);
        var same = new HealthCheckSpec("lte", "lte.home.example.com", 9000, "/health", "failberry ok", 30, 3);
        var other = new HealthCheckSpec("lte", "lte.home.example.com", 9000, "/health", "failberry ok", 10, 3);
        assertThat(a.callerReference()).isEqualTo(same.callerReference()).matches("failberry-lte-[0-9a-f]{20}");
        assertThat(other.callerReference()).isNotEqualTo(a.callerReference());
        assertThat(a.matches(a.toConfig())).isTrue();
        assertThat(a.matches(other.toConfig())).isFalse();
    }

    @Test
    void invokeAnswerSaysWhetherAnythingChanged() {
        assertThat(LambdaInvokeProvider.unchanged("{\"status\":\"unchanged\"}")).isTrue();
        assertThat(LambdaInvokeProvider.unchanged("{\"changed\":false}")).isTrue();
        assertThat(LambdaInvokeProvider.unchanged("{\"status\":\"updated\"}")).isFalse();
        assertThat(LambdaInvokeProvider.unchanged("null")).isFalse();
        assertThat(LambdaInvokeProvider.payload("h.example.com", DnsTestSupport.v6("2001:db8::1"), RecordType.AAAA))
                .isEqualTo("{\"hostname\":\"h.example.com\",\"ip\":\"2001:db8:0:0:0:0:0:1\",\"type\":\"AAAA\"}");
    }
}
