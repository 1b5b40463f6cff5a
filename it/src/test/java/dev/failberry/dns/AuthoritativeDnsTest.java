package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.RECORD;
import static dev.failberry.dns.DnsTestSupport.v4;
import static dev.failberry.dns.DnsTestSupport.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.config.HostPort;
import dev.failberry.sim.aws.DnsQuery;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.time.VirtualTime;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Reading a record from the zone's authoritative name servers: {@link LoopbackAws}'s over real UDP. */
class AuthoritativeDnsTest {
    static final Duration TIMEOUT = Duration.ofMillis(200);

    @TempDir
    Path stateDir;

    LoopbackAws aws;
    VirtualTime time = new VirtualTime();

    @BeforeEach
    void setUp() throws Exception {
        aws = LoopbackAws.start();
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    HostPort sim() {
        return new HostPort("127.0.0.1", aws.dnsServer().getPort());
    }

    AuthoritativeDns fixed(String record, HostPort... servers) {
        return new AuthoritativeDns(record, AuthoritativeDns.Servers.fixed(List.of(servers)), TIMEOUT, time);
    }

    AuthoritativeDns discovering() {
        return new AuthoritativeDns(
                RECORD, AuthoritativeDns.Servers.discover(List.of(sim()), sim().port()), TIMEOUT, time);
    }

    @Test
    void readsTheSingleValueOfEachTypeAskingWithoutRecursion() throws Exception {
        aws.putRecord(RECORD, "A", 60, "198.51.100.7");
        aws.putRecord(RECORD, "AAAA", 60, "2001:db8::7");
        AuthoritativeDns dns = fixed("LTE.Home.Example.com.", sim());

        assertThat(dns.record()).isEqualTo(RECORD);
        assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));
        assertThat(dns.read(RecordType.AAAA)).contains(v6("2001:db8::7"));
        assertThat(aws.dnsQueries())
                .containsExactly(new DnsQuery(RECORD, "A", false), new DnsQuery(RECORD, "AAAA", false));
    }

    @Test
    void aTruncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
        aws.putRecord(RECORD, "A", 60, "198.51.100.7");
        aws.dnsTruncateUdp(true);
        AuthoritativeDns dns = fixed(RECORD, sim());

        assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));
        assertThat(aws.dnsQueries())
                .containsExactly(new DnsQuery(RECORD, "A", false), new DnsQuery(RECORD, "A", false));
        assertThat(aws.dnsTcpQueries()).containsExactly(new DnsQuery(RECORD, "A", false));

        aws.dnsTruncateUdp(false);
        assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));
        assertThat(aws.dnsTcpQueries()).as("a whole UDP answer needs no TCP").hasSize(1);
    }

    @Test
    void missingNameMissingTypeAndSeveralValuesReadAsNothing() throws Exception {
        aws.putRecord(RECORD, "A", 60, "198.51.100.7");
        publish("multi.example.com", "192.0.2.1", "192.0.2.2");
        AuthoritativeDns multi = fixed("multi.example.com", sim());

        assertThat(fixed("nothere.example.com", sim()).read(RecordType.A)).isEmpty();
        assertThat(fixed(RECORD, sim()).read(RecordType.AAAA)).isEmpty();
        assertThat(multi.read(RecordType.A)).isEmpty();
        assertThat(aws.describeRecords()).contains("multi.example.com A 60 [192.0.2.1, 192.0.2.2]");
    }

    @Test
    void upsertThroughTheRoute53ProviderIsReadBack() throws Exception {
        AuthoritativeDns dns = fixed(RECORD, sim());
        try (DnsBackend backend = DnsBackends.create(
                        LoopbackDnsConfig.route53Config(aws, stateDir, ""), LoopbackAws.credentials(), false)
                .orElseThrow()) {
            backend.publish(Map.of(RecordType.A, v4("198.51.100.7")), Optional.empty());
            assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));

            backend.publish(
                    Map.of(RecordType.A, v4("198.51.100.8"), RecordType.AAAA, v6("2001:db8::8")), Optional.empty());
            assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.8"));
            assertThat(dns.read(RecordType.AAAA)).contains(v6("2001:db8::8"));
        }
    }

    @Test
    void discoversTheZoneApexAndItsServersThenCachesThemForAnHour() throws Exception {
        aws.putRecord(RECORD, "A", 60, "198.51.100.7");
        AuthoritativeDns dns = discovering();

        assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));
        List<DnsQuery> discovery = List.of(
                new DnsQuery(RECORD, "NS", true),
                new DnsQuery("home.example.com", "NS", true),
                new DnsQuery("example.com", "NS", true),
                new DnsQuery("ns1.example.com", "A", true));
        DnsQuery read = new DnsQuery(RECORD, "A", false);
        assertThat(aws.dnsQueries()).containsExactlyElementsOf(concat(discovery, List.of(read)));

        time.advance(AuthoritativeDns.DISCOVERY_TTL.minusSeconds(1));
        assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));
        assertThat(aws.dnsQueries()).hasSize(discovery.size() + 2).last().isEqualTo(read);

        time.advance(Duration.ofSeconds(1));
        assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));
        assertThat(aws.dnsQueries())
                .endsWith(concat(discovery, List.of(read)).toArray(DnsQuery[]::new))
                .hasSize(2 * discovery.size() + 3);
    }

    @Test
    void serversThatAllFailedAreDiscoveredAgainOnTheNextRead() throws Exception {
        aws.putRecord(RECORD, "A", 60, "198.51.100.7");
        AuthoritativeDns dns = discovering();
        assertThat(dns.read(RecordType.A)).isPresent();
        int first = aws.dnsQueries().size();

        aws.dnsSilent(true);
        assertThatThrownBy(() -> dns.read(RecordType.A))
                .isInstanceOfSatisfying(
                        DnsException.class, e -> assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK));
        aws.dnsSilent(false);

        assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));
        assertThat(aws.dnsQueries().subList(first, aws.dnsQueries().size()))
                .extracting(DnsQuery::type)
                .containsExactly("NS", "NS", "NS", "A", "A");
    }

    @Test
    void silentServerFailsAsNetworkWithinTheTimeout() {
        aws.dnsSilent(true);
        AuthoritativeDns dns = fixed(RECORD, sim());

        long started = System.nanoTime();
        assertThatThrownBy(() -> dns.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
            assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
            assertThat(e.getMessage())
                    .isEqualTo("DNS A " + RECORD + ": no authoritative answer from " + sim() + " (timed out)");
            assertThat(e.getStackTrace()).isEmpty();
        });
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(ms).isGreaterThanOrEqualTo(TIMEOUT.toMillis() / 2).isLessThan(TIMEOUT.toMillis() + 800);
    }

    @Test
    void asksTheServersInTurnUntilOneAnswers() throws Exception {
        aws.putRecord(RECORD, "A", 60, "198.51.100.7");
        try (FakeAuthority silent = FakeAuthority.silent()) {
            HostPort closed = closedPort();
            AuthoritativeDns dns = fixed(RECORD, silent.hostPort(), closed, sim());

            assertThat(dns.read(RecordType.A)).contains(v4("198.51.100.7"));

            aws.stop();
            assertThatThrownBy(() -> dns.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
                assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
                assertThat(e.getMessage())
                        .startsWith("DNS A " + RECORD + ": no authoritative answer from ")
                        .contains(silent.hostPort() + " (timed out)")
                        .contains(closed + " (")
                        .contains(sim() + " (")
                        .doesNotContain("\n");
            });
        }
    }

    @Test
    void refusedAndNonAuthoritativeAnswersAreNotTakenAsTheRecord() throws Exception {
        try (FakeAuthority resolver = new FakeAuthority(InetAddress.getLoopbackAddress(), false, v4("203.0.113.66"))) {
            AuthoritativeDns dns = fixed("lte.home.example.org", sim(), resolver.hostPort());

            assertThatThrownBy(() -> dns.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
                assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
                assertThat(e.getMessage())
                        .isEqualTo("DNS A lte.home.example.org: no authoritative answer from "
                                + sim() + " (refused), "
                                + resolver.hostPort() + " (answer not authoritative)");
            });
        }
    }

    @Test
    void ipv6ServerLiteralIsAskedThroughABracketedUrl() throws Exception {
        try (FakeAuthority v6Server = new FakeAuthority(InetAddress.getByName("::1"), true, v4("192.0.2.66"))) {
            assertThat(v6Server.hostPort().host()).contains(":");

            assertThat(fixed(RECORD, v6Server.hostPort()).read(RecordType.A)).contains(v4("192.0.2.66"));
        }
    }

    @Test
    void discoveryFailuresSayWhereTheyHappened() throws Exception {
        AuthoritativeDns outside = new AuthoritativeDns(
                "lte.home.example.org", AuthoritativeDns.Servers.discover(List.of(sim()), sim().port()), TIMEOUT, time);
        assertThatThrownBy(() -> outside.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
            assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
            assertThat(e.getMessage()).isEqualTo("DNS NS lte.home.example.org via [" + sim() + "]: refused");
        });

        AuthoritativeDns singleLabel = new AuthoritativeDns(
                "localhost", AuthoritativeDns.Servers.discover(List.of(sim()), sim().port()), TIMEOUT, time);
        assertThatThrownBy(() -> singleLabel.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
            assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
            assertThat(e.getMessage())
                    .isEqualTo("DNS: no zone with NS records found for localhost via [" + sim() + "]");
        });

        try (FakeAuthority useless = new FakeAuthority(InetAddress.getLoopbackAddress(), false, v4("192.0.2.9"))) {
            AuthoritativeDns noNs = new AuthoritativeDns(
                    RECORD, AuthoritativeDns.Servers.discover(List.of(useless.hostPort()), 53), TIMEOUT, time);
            assertThatThrownBy(() -> noNs.read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
                assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
                assertThat(e.getMessage())
                        .isEqualTo("DNS: no zone with NS records found for " + RECORD + " via [" + useless.hostPort()
                                + "]");
            });
        }

        aws.dnsSilent(true);
        assertThatThrownBy(() -> discovering().read(RecordType.A)).isInstanceOfSatisfying(DnsException.class, e -> {
            assertThat(e.kind()).isEqualTo(DnsException.Kind.NETWORK);
            assertThat(e.getMessage()).isEqualTo("DNS NS " + RECORD + " via [" + sim() + "]: timed out");
        });
    }

    /** A record with several values, written with the SDK (LoopbackAws.putRecord holds one value). */
    private void publish(String name, String... values) {
        List<ResourceRecord> records = Arrays.stream(values)
                .map(v -> ResourceRecord.builder().value(v).build())
                .toList();
        Change change = Change.builder()
                .action(ChangeAction.UPSERT)
                .resourceRecordSet(ResourceRecordSet.builder()
                        .name(name)
                        .type(RRType.A)
                        .ttl(60L)
                        .resourceRecords(records)
                        .build())
                .build();
        try (Route53Client r53 = Route53Client.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(LoopbackAws.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            r53.changeResourceRecordSets(
                    b -> b.hostedZoneId(aws.settings().zoneId()).changeBatch(c -> c.changes(change)));
        }
    }

    private static HostPort closedPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return new HostPort("127.0.0.1", s.getLocalPort());
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
