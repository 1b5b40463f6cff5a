package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.RECORD;
import static dev.failberry.dns.DnsTestSupport.v4;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.HostPort;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification asks the zone's name servers (the loopback Route53's own UDP name server), not the API:
 * no ListResourceRecordSets, no function invocation, no AWS helper process every ten minutes.
 */
class PublisherVerificationTest {
    private static final Duration VERIFY = Duration.ofMinutes(10);

    @TempDir
    Path stateDir;

    LoopbackAws aws;
    VirtualTime time = new VirtualTime();
    DnsPublisher publisher;
    AuthoritativeDns nameServers;

    @BeforeEach
    void setUp() throws Exception {
        aws = LoopbackAws.start();
    }

    @AfterEach
    void tearDown() {
        if (publisher != null) {
            publisher.close();
        }
        aws.close();
    }

    private DnsPublisher start(String dnsConfig) throws Exception {
        FailberryConfig config = DnsTestSupport.config(stateDir, dnsConfig);
        DnsBackend backend =
                DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
        var server = aws.dnsServer();
        nameServers = new AuthoritativeDns(
                RECORD,
                AuthoritativeDns.Servers.fixed(
                        List.of(new HostPort(server.getAddress().getHostAddress(), server.getPort()))),
                Duration.ofMillis(500),
                time.time());
        publisher = new DnsPublisher(
                backend,
                DnsPublisher.Settings.from(config.dns()),
                time,
                new PublishedStore(stateDir, time, backend.name(), backend.record()),
                DnsListener.NONE,
                new SplittableRandom(7),
                nameServers::read);
        publisher.start();
        time.runDue();
        return publisher;
    }

    private DnsPublisher route53() throws Exception {
        return start("""
                dns.provider = route53
                dns.record = "%s"
                dns.route53.hosted-zone-id = "%s"
                dns.route53.endpoint = "%s"
                """.formatted(RECORD, aws.settings().zoneId(), aws.endpoint()));
    }

    private DnsPublisher functionUrl() throws Exception {
        return start("""
                dns.provider = lambda
                dns.record = "%s"
                dns.lambda.function-url = "%s"
                dns.lambda.shared-secret = "%s"
                """.formatted(
                RECORD, aws.functionUrl(), aws.settings().functionUrlSecret().value()));
    }

    @Test
    void verificationAsksTheNameServersNotTheApi() throws Exception {
        DnsPublisher p = route53();
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        int listCalls = aws.count(Operation.LIST_RRSETS);
        int queries = aws.dnsQueries().size();

        time.advance(VERIFY);
        time.advance(VERIFY);

        assertThat(aws.count(Operation.LIST_RRSETS)).isEqualTo(listCalls);
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
        assertThat(aws.dnsQueries()).hasSizeGreaterThan(queries).allSatisfy(q -> assertThat(q.recursionDesired())
                .isFalse());
        assertThat(p.status().lastVerified()).isPresent();
        assertThat(p.status().lastError()).isEmpty();
    }

    @Test
    void driftSeenByTheNameServersIsRepaired() throws Exception {
        DnsPublisher p = route53();
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        aws.putRecord(RECORD, "A", 60, "203.0.113.9");

        try (var log = new DnsTestSupport.LogCapture(DnsPublisher.class)) {
            time.advance(VERIFY);
            assertThat(log.lines(Level.WARN))
                    .containsExactly(
                            "WARN dns: lte.home.example.com A drifted: holds 203.0.113.9, expected 198.51.100.7; repairing");
        }
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(2);
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
    }

    @Test
    void noVerificationWhileAChangeMayStillBePropagating() throws Exception {
        DnsPublisher p = start("""
                dns.provider = route53
                dns.record = "%s"
                dns.route53.hosted-zone-id = "%s"
                dns.route53.endpoint = "%s"
                dns.verify-interval = 1m
                """.formatted(RECORD, aws.settings().zoneId(), aws.endpoint()));
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        int queries = aws.dnsQueries().size();
        time.advance(Duration.ofMinutes(2));
        assertThat(aws.dnsQueries())
                .as("within %s of the change", DnsPublisher.PROPAGATION)
                .hasSize(queries);
        time.advance(Duration.ofMinutes(2));
        assertThat(aws.dnsQueries()).hasSizeGreaterThan(queries);
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
    }

    @Test
    void silentNameServersFallBackToTheProviderAndAreLoggedOnce() throws Exception {
        DnsPublisher p = route53();
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        aws.dnsSilent(true);
        int listCalls = aws.count(Operation.LIST_RRSETS);

        try (var log = new DnsTestSupport.LogCapture(DnsPublisher.class)) {
            time.advance(VERIFY);
            time.advance(VERIFY);
            assertThat(log.lines(Level.INFO))
                    .filteredOn(l -> l.contains("verifying through"))
                    .hasSize(1)
                    .first()
                    .asString()
                    .contains("timed out")
                    .endsWith("verifying through route53 instead");
            aws.dnsSilent(false);
            time.advance(VERIFY);
            assertThat(log.lines(Level.INFO))
                    .contains("INFO dns: the name servers of lte.home.example.com answer again");
        }
        assertThat(aws.count(Operation.LIST_RRSETS)).isEqualTo(listCalls + 2);
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
        assertThat(p.status().lastError()).isEmpty();
    }

    @Test
    void theReferenceFunctionIsNotInvokedToVerifyEvenBehindCarrierNat() throws Exception {
        aws.functionSeesSourceIp("203.0.113.50");
        DnsPublisher p = functionUrl();
        p.ipChanged(v4("100.64.3.4"), Optional.empty(), Optional.of(InetAddress.getLoopbackAddress()));
        time.runDue();
        assertThat(aws.recordValue(RECORD, "A")).contains("203.0.113.50");
        int invocations = aws.count(Operation.FUNCTION_URL);

        time.advance(VERIFY);
        time.advance(VERIFY);

        assertThat(aws.count(Operation.FUNCTION_URL))
                .as("the record holds what the function published")
                .isEqualTo(invocations);
        assertThat(p.status().publishedIp()).contains("203.0.113.50");
        assertThat(p.status().lastVerified()).isPresent();
    }

    @Test
    void withoutNameServersAFunctionUrlIsStillVerifiedByPublishingAgain() throws Exception {
        DnsPublisher p = functionUrl();
        p.ipChanged(v4("127.0.0.1"), Optional.empty(), Optional.of(InetAddress.getLoopbackAddress()));
        time.runDue();
        aws.dnsSilent(true);
        int invocations = aws.count(Operation.FUNCTION_URL);
        time.advance(VERIFY);
        assertThat(aws.count(Operation.FUNCTION_URL)).isGreaterThan(invocations);
        assertThat(p.status().lastError()).isEmpty();
    }
}
