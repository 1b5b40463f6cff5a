package dev.failberry.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.testutil.LookupRecorder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;

/** Tables for the pure parts: names, JSON, error classification, record matching, HTTP response parsing. */
class PureFunctionsTest {
    @ParameterizedTest
    @CsvSource({
            "lte.home.example.com., lte.home.example.com",
            "LTE.Home.Example.COM, lte.home.example.com",
            "\\052.example.com., *.example.com",
            "a\\055b.example.com, a-b.example.com",
            "plain, plain",
            "trailing\\05, trailing\\05"})
    void normalizesNames(String wire, String expected) {
        assertThat(RecordNames.normalize(wire)).isEqualTo(expected);
    }

    @Test
    void flatJsonRoundTripsAndKeepsNestedValuesRaw() {
        String json = FlatJson.object(new java.util.LinkedHashMap<>(Map.of("a", "x\"y\\z\n")));
        assertThat(json).isEqualTo("{\"a\":\"x\\\"y\\\\z\\n\"}");
        assertThat(FlatJson.parse(json)).containsEntry("a", "x\"y\\z\n");
        Map<String, String> m = FlatJson.parse(" {\"statusCode\": 201, \"ok\": true, \"n\": null, \"h\": {\"k\": [1, \"}\"]},"
                + " \"u\": \"\\u00e9\"} ");
        assertThat(m).containsEntry("statusCode", "201").containsEntry("ok", "true").containsEntry("n", null)
                .containsEntry("h", "{\"k\":[1,\"}\"]}").containsEntry("u", "é");
        assertThatThrownBy(() -> FlatJson.parse("Internal Server Error")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
    }

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
            "SomethingNew, 400, PERMANENT"})
    void classifiesServiceErrors(String code, int status, DnsException.Kind kind) {
        AwsServiceException e = AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("msg\n  two lines").build()).build();
        DnsException d = AwsErrors.classify("Route53 X", e);
        assertThat(d.kind()).isEqualTo(kind);
        assertThat(d.getMessage()).startsWith("Route53 X failed: " + code + " (msg two lines)");
    }

    @Test
    void classifiesClientErrors() {
        assertThat(AwsErrors.classify("op", SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new java.net.ConnectException("Connection refused"))).kind()).isEqualTo(DnsException.Kind.NETWORK);
        assertThat(AwsErrors.classify("op", ApiCallTimeoutException.create(1000)).kind()).isEqualTo(DnsException.Kind.NETWORK);
        DnsException creds = AwsErrors.classify("op", SdkClientException.create(
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
        assertThat(Route53Provider.currentValue(List.of(exact), name, RecordType.A)).contains(ip);
        assertThat(Route53Provider.currentValue(List.of(later), name, RecordType.A)).isEmpty();
        assertThat(Route53Provider.currentValue(List.of(aaaa), name, RecordType.A)).isEmpty();
        assertThat(Route53Provider.currentValue(List.of(failover), name, RecordType.A)).isEmpty();
        assertThat(Route53Provider.currentValue(List.of(set("lte.home.example.com.", RRType.A, "not-an-ip", null)), name,
                RecordType.A)).isEmpty();
    }

    static ResourceRecordSet set(String name, RRType type, String value, String setId) {
        var b = ResourceRecordSet.builder().name(name).type(type).ttl(60L)
                .resourceRecords(ResourceRecord.builder().value(value).build());
        if (setId != null) {
            b.setIdentifier(setId).failover(ResourceRecordSetFailover.SECONDARY);
        }
        return b.build();
    }

    @ParameterizedTest
    @CsvSource({"198.51.100.7, true", "2001:db8::1, true", "::ffff:1.2.3.4, false", "example.com, false",
            "256.1.1.1, false", "1.2.3, false", "'', false"})
    void parsesOnlyLiterals(String literal, boolean ok) {
        assertThat(Ips.parse(literal).isPresent()).isEqualTo(ok);
    }

    /** Found by TextParserFuzzTest: 2000 nested brackets overflowed the stack inside Typesafe's recursive parser. */
    @Test
    void deeplyNestedJsonIsRefusedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> FlatJson.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested");
        String nested = "{\"a\":" + "[".repeat(31) + "]".repeat(31) + ",\"b\":\"[[[[\\\"[[\"}";
        assertThat(FlatJson.parse(nested)).containsEntry("b", "[[[[\"[[").containsKey("a");
    }

    /** Found by TextParserFuzzTest: text that does not start with a hex digit or ':' made the JDK look it up. */
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
    void readsHttpResponsesByLengthChunkedOrEof() throws IOException {
        assertThat(read("HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhello+junk"))
                .isEqualTo(new BoundHttpClient.Response(201, "hello"));
        assertThat(read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"))
                .isEqualTo(new BoundHttpClient.Response(200, "{\"a\":1}"));
        assertThat(read("HTTP/1.0 401 Unauthorized\nContent-Type: application/json\n\nbody to eof"))
                .isEqualTo(new BoundHttpClient.Response(401, "body to eof"));
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n")).isInstanceOf(IOException.class).hasMessageContaining("not an HTTP response");
        assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class);
    }

    /** Found by the notify tests: a 204 without Content-Length was read to EOF, i.e. until the server hung up. */
    @Test
    void noContentHasNoBodyToWaitFor() throws IOException {
        byte[] head = "HTTP/1.1 204 No Content\r\nDate: Tue, 01 Dec 2026 19:00:00 GMT\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        java.io.InputStream keptAlive = new java.io.InputStream() {
            private int i;

            @Override
            public int read() {
                if (i < head.length) {
                    return head[i++] & 0xFF;
                }
                throw new AssertionError("read past the head of a 204: would block on a kept-alive connection");
            }
        };
        assertThat(BoundHttpClient.read(keptAlive)).isEqualTo(new BoundHttpClient.Response(204, ""));
    }

    /** The HiLink stick rotates its session cookie and CSRF tokens in headers: every value must survive. */
    @Test
    void exchangeKeepsRepeatedHeadersInOrder() throws IOException {
        String raw = "HTTP/1.1 200 OK\r\nSet-Cookie: SessionID=a; path=/\r\nset-cookie: other=b\r\n"
                + "__RequestVerificationToken: t1#t2#\r\nContent-Length: 2\r\n\r\nOK";
        BoundHttpClient.Exchange e = BoundHttpClient.exchange(
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), false);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.headers("SET-COOKIE")).containsExactly("SessionID=a; path=/", "other=b");
        assertThat(e.header("__requestverificationtoken")).contains("t1#t2#");
        assertThat(e.body()).isEqualTo("OK");
        assertThatThrownBy(() -> BoundHttpClient.exchange(new ByteArrayInputStream(
                "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)), false))
                .isInstanceOf(IOException.class).hasMessageContaining("Content-Length");
    }

    static BoundHttpClient.Response read(String raw) throws IOException {
        return BoundHttpClient.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
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
