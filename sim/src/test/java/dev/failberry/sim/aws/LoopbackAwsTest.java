package dev.failberry.sim.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheckAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.RRType;

/** The simulator itself: routing, listing order, health-check idempotency, faults, stop/restart, its name server. */
class LoopbackAwsTest {
    LoopbackAws aws;
    Route53Client r53;

    @BeforeEach
    void setUp() throws Exception {
        aws = LoopbackAws.start();
        r53 = Route53Client.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(LoopbackAws.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @AfterEach
    void tearDown() {
        r53.close();
        aws.close();
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /2013-04-01/hostedzone/Z1/rrset/, CHANGE_RRSETS",
        "GET, /2013-04-01/hostedzone/Z1/rrset, LIST_RRSETS",
        "GET, /2013-04-01/change/C1, GET_CHANGE",
        "POST, /2013-04-01/healthcheck, CREATE_HEALTH_CHECK",
        "GET, /2013-04-01/healthcheck, LIST_HEALTH_CHECKS",
        "GET, /2013-04-01/healthcheck/abc, GET_HEALTH_CHECK",
        "POST, /2015-03-31/functions/f/invocations, INVOKE",
        "POST, /lambda-url/, FUNCTION_URL",
        "DELETE, /2013-04-01/healthcheck/abc, UNKNOWN"
    })
    void routesOperations(String method, String path, Operation op) {
        assertThat(LoopbackAws.operation(method, path)).isEqualTo(op);
    }

    @Test
    void listsInRoute53OrderFromTheStartNameWithTruncation() {
        aws.putRecord("b.example.com", "A", 60, "192.0.2.2");
        aws.putRecord("a.example.com", "AAAA", 60, "2001:db8::1");
        aws.putRecord("a.example.com", "A", 60, "192.0.2.1");
        aws.putRecord("*.example.com", "A", 60, "192.0.2.9");
        aws.putRecord("x.a.example.com", "A", 60, "192.0.2.3");

        var page = r53.listResourceRecordSets(b -> b.hostedZoneId("Z0LOOPBACK0000")
                .startRecordName("a.example.com")
                .startRecordType(RRType.AAAA)
                .maxItems("2"));
        assertThat(page.resourceRecordSets())
                .extracting(s -> s.name() + " " + s.typeAsString())
                .containsExactly("a.example.com. AAAA", "x.a.example.com. A");
        assertThat(page.isTruncated()).isTrue();
        assertThat(page.nextRecordName()).isEqualTo("b.example.com.");

        var wildcard = r53.listResourceRecordSets(b -> b.hostedZoneId("Z0LOOPBACK0000")
                .startRecordName("*.example.com")
                .maxItems("1"));
        assertThat(wildcard.resourceRecordSets().get(0).name()).isEqualTo("\\052.example.com.");
    }

    @Test
    void healthCheckWithSameReferenceIsReturnedAndDifferentSettingsConflict() {
        var config = software.amazon.awssdk.services.route53.model.HealthCheckConfig.builder()
                .type(HealthCheckType.HTTP_STR_MATCH)
                .fullyQualifiedDomainName("lte.home.example.com")
                .port(9000)
                .resourcePath("/health")
                .searchString("failberry ok")
                .requestInterval(30)
                .failureThreshold(3)
                .build();
        var first = r53.createHealthCheck(b -> b.callerReference("ref-1").healthCheckConfig(config));
        var again = r53.createHealthCheck(b -> b.callerReference("ref-1").healthCheckConfig(config));
        assertThat(again.healthCheck().id()).isEqualTo(first.healthCheck().id());
        assertThat(first.location())
                .endsWith("/healthcheck/" + first.healthCheck().id());
        assertThat(r53.getHealthCheck(b -> b.healthCheckId(first.healthCheck().id()))
                        .healthCheck()
                        .healthCheckConfig())
                .isEqualTo(config);
        assertThatThrownBy(() -> r53.createHealthCheck(b -> b.callerReference("ref-1")
                        .healthCheckConfig(
                                config.toBuilder().failureThreshold(5).build())))
                .isInstanceOf(HealthCheckAlreadyExistsException.class);
        assertThat(aws.healthChecks()).hasSize(1);
    }

    @Test
    void functionUrlAnswersGetAndRejectsBadRequests() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> get = post(http, "{\"execution_mode\":\"get\"}");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("{\"return_status\":\"success\",\"return_message\":\"127.0.0.1\"}");
        assertThat(post(
                                http,
                                "{\"execution_mode\":\"set\",\"ddns_hostname\":\"lte.home.example.com\",\"validation_hash\":\"zz\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(http, "{\"execution_mode\":\"set\"}").statusCode()).isEqualTo(502);
        aws.fail(Operation.FUNCTION_URL, Fault.TOO_MANY_REQUESTS, 1);
        assertThat(post(http, "{\"execution_mode\":\"get\"}").statusCode()).isEqualTo(429);
        assertThat(aws.requests(Operation.FUNCTION_URL)).last().satisfies(r -> assertThat(r.fault())
                .contains(Fault.TOO_MANY_REQUESTS));
    }

    @Test
    void stopRefusesConnectionsAndRestartComesBackOnTheSamePort() throws Exception {
        int port = aws.port();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        aws.stop();
        assertThatThrownBy(() -> post(http, "{\"execution_mode\":\"get\"}")).isInstanceOf(java.io.IOException.class);
        aws.restart();
        assertThat(aws.port()).isEqualTo(port);
        assertThat(post(http, "{\"execution_mode\":\"get\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void nameServerAnswersFromTheZoneAndRecordsQueries() throws Exception {
        aws.putRecord("lte.home.example.com", "A", 60, "192.0.2.1");

        byte[] answer = DnsProbe.ask(
                aws.dnsServer(), DnsProbe.query(7, "lte.home.example.com", 1, false), 7, Duration.ofSeconds(5));
        byte[] ns = DnsProbe.ask(aws.dnsServer(), DnsProbe.query(8, "example.com", 2, true), 8, Duration.ofSeconds(5));

        assertThat(DnsProbe.authoritative(answer)).isTrue();
        assertThat(DnsProbe.answers(answer)).containsExactly("A 60 192.0.2.1");
        assertThat(DnsProbe.answers(ns)).containsExactly("NS 172800 ns1.example.com.");
        assertThat(aws.dnsServer().getAddress().isLoopbackAddress()).isTrue();
        assertThat(aws.dnsQueries())
                .containsExactly(
                        new DnsQuery("lte.home.example.com", "A", false), new DnsQuery("example.com", "NS", true));
    }

    @Test
    void silentNameServerDropsQueriesAndStopRestartKeepsItsPort() throws Exception {
        aws.putRecord("lte.home.example.com", "A", 60, "192.0.2.1");
        var server = aws.dnsServer();
        aws.dnsSilent(true);
        assertThatThrownBy(() -> DnsProbe.ask(
                        server, DnsProbe.query(1, "lte.home.example.com", 1, false), 1, Duration.ofMillis(200)))
                .isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(aws.dnsQueries()).isEmpty();
        aws.dnsSilent(false);

        aws.stop();
        aws.restart();

        assertThat(aws.dnsServer()).isEqualTo(server);
        byte[] answer =
                DnsProbe.ask(server, DnsProbe.query(2, "lte.home.example.com", 1, false), 2, Duration.ofSeconds(5));
        assertThat(DnsProbe.answers(answer)).containsExactly("A 60 192.0.2.1");
    }

    private HttpResponse<String> post(HttpClient http, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(aws.functionUrl().toString()))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
