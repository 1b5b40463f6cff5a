package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.RECORD;
import static dev.failberry.dns.DnsTestSupport.v4;
import static dev.failberry.dns.DnsTestSupport.v6;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.aws.Fault;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import dev.failberry.sim.aws.RecordedRequest;
import dev.failberry.time.VirtualTime;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher with the real SDK Route53 client against {@link LoopbackAws} over real HTTP, in virtual time. */
class Route53PublisherTest {
    @TempDir
    Path stateDir;

    LoopbackAws aws;
    VirtualTime time;
    List<DnsStatus> statuses = new ArrayList<>();
    List<DnsPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        aws = LoopbackAws.start();
        time = new VirtualTime();
    }

    @AfterEach
    void tearDown() {
        publishers.forEach(DnsPublisher::close);
        aws.close();
    }

    DnsPublisher publisher(String extraConfig) throws Exception {
        return publisher(extraConfig, Map.of());
    }

    DnsPublisher publisher(String extraConfig, Map<String, Object> unused) throws Exception {
        FailberryConfig config = LoopbackDnsConfig.route53Config(aws, stateDir, extraConfig);
        DnsBackend backend =
                DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
        return start(config, backend);
    }

    DnsPublisher start(FailberryConfig config, DnsBackend backend) {
        var p = new DnsPublisher(
                backend,
                DnsPublisher.Settings.from(config.dns()),
                time,
                new PublishedStore(config.stateDir(), time, backend.name(), backend.record()),
                statuses::add,
                new SplittableRandom(42));
        publishers.add(p);
        p.start();
        time.runDue();
        return p;
    }

    @Test
    void publishesSignedUpsertWithTtlAtOnce() throws Exception {
        DnsPublisher p = publisher("dns.ttl = 45");

        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();

        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        RecordedRequest change = aws.requests(Operation.CHANGE_RRSETS).get(0);
        assertThat(change.method()).isEqualTo("POST");
        assertThat(change.path()).isEqualTo("/2013-04-01/hostedzone/Z0LOOPBACK0000/rrset/");
        assertThat(change.body())
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeBatch>"
                        + "<Comment>failberry ddns</Comment><Changes><Change><Action>UPSERT</Action><ResourceRecordSet>"
                        + "<Name>lte.home.example.com</Name><Type>A</Type><TTL>45</TTL><ResourceRecords><ResourceRecord>"
                        + "<Value>198.51.100.7</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes>"
                        + "</ChangeBatch></ChangeResourceRecordSetsRequest>");
        assertThat(change.header("Authorization")).hasValueSatisfying(auth -> assertThat(auth)
                .startsWith("AWS4-HMAC-SHA256 Credential=" + LoopbackAws.ACCESS_KEY + "/")
                .contains("/us-east-1/route53/aws4_request")
                .contains("SignedHeaders=")
                .contains("Signature="));
        assertThat(change.header("X-Amz-Date")).isPresent();

        RecordedRequest list = aws.requests(Operation.LIST_RRSETS).get(0);
        assertThat(list.path()).isEqualTo("/2013-04-01/hostedzone/Z0LOOPBACK0000/rrset");
        assertThat(list.query())
                .contains("name=lte.home.example.com")
                .contains("type=A")
                .contains("maxitems=1");

        DnsStatus s = p.status();
        assertThat(s.provider()).isEqualTo("route53");
        assertThat(s.publishedIp()).contains("198.51.100.7");
        assertThat(s.lastUpdate()).contains(time.now());
        assertThat(s.lastError()).isEmpty();
        assertThat(s.pending()).isFalse();
        assertThat(statuses).anyMatch(DnsStatus::pending);
    }

    @Test
    void recordAlreadyHoldingTheIpMakesNoChangeCall() throws Exception {
        aws.putRecord(RECORD, "A", 60, "198.51.100.7");
        DnsPublisher p = publisher("");

        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();

        assertThat(aws.count(Operation.LIST_RRSETS)).isEqualTo(1);
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isZero();
        assertThat(p.status().publishedIp()).contains("198.51.100.7");
    }

    /**
     * Found measuring IP change -> UPSERT through the whole daemon: every change read the record first,
     * a whole extra round trip to Route53 (through the helper process, over the mobile link) before the
     * UPSERT, although the record held this daemon's own previous address.
     */
    @Test
    void anAddressChangeAfterOurOwnPublicationChangesWithoutReadingFirst() throws Exception {
        DnsPublisher p = publisher("");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        assertThat(aws.count(Operation.LIST_RRSETS))
                .as("never published: read first")
                .isEqualTo(1);

        p.ipChanged(v4("198.51.100.8"), Optional.empty(), Optional.empty());
        time.runDue();

        assertThat(aws.count(Operation.LIST_RRSETS)).isEqualTo(1);
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(2);
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.8");
        assertThat(p.status().publishedIp()).contains("198.51.100.8");
    }

    @Test
    void listingThatStartsAtAnotherNameIsNotMistakenForTheRecord() throws Exception {
        // ListResourceRecordSets lists from the name onwards: the first set returned is a later name.
        aws.putRecord("mail.home.example.com", "A", 60, "198.51.100.7");
        DnsPublisher p = publisher("");

        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();

        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
    }

    @Test
    void repeatedEventForThePublishedIpMakesNoCall() throws Exception {
        DnsPublisher p = publisher("");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        int calls = aws.requests().size();

        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.advance(Duration.ofMinutes(5));

        assertThat(aws.requests()).hasSize(calls);
    }

    @Test
    void throttledTwiceThenSucceedsWithOwnBackoff() throws Exception {
        aws.fail(Operation.CHANGE_RRSETS, Fault.THROTTLING, 1);
        aws.fail(Operation.CHANGE_RRSETS, Fault.PRIOR_REQUEST_NOT_COMPLETE, 1);
        DnsPublisher p = publisher("dns.retry-initial = 2s\ndns.retry-max = 1m");

        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
        assertThat(p.status().pending()).isTrue();
        assertThat(p.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("Throttling"));

        List<Long> attemptsAtMs = attemptTimes(Operation.CHANGE_RRSETS, 3, Duration.ofMinutes(1));

        // 2 s ±20 %, then 4 s ±20 %: our backoff, not the SDK's ~0.2 s.
        assertThat(attemptsAtMs.get(1) - attemptsAtMs.get(0)).isBetween(1_600L, 2_500L);
        assertThat(attemptsAtMs.get(2) - attemptsAtMs.get(1)).isBetween(3_200L, 4_900L);
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        assertThat(p.status().lastError()).isEmpty();
        assertThat(p.status().pending()).isFalse();
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(3);
    }

    @Test
    void accessDeniedIsOneClearErrorAndNoRetryStorm() throws Exception {
        aws.failAlways(Operation.CHANGE_RRSETS, Fault.ACCESS_DENIED);
        try (var log = new DnsTestSupport.LogCapture(DnsPublisher.class)) {
            DnsPublisher p = publisher("dns.verify-interval = 10m");

            p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
            time.advance(Duration.ofMinutes(9));

            assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
            DnsStatus s = p.status();
            assertThat(s.gaveUp()).isTrue();
            assertThat(s.pending()).isFalse();
            assertThat(s.lastError())
                    .hasValueSatisfying(
                            e -> assertThat(e).contains("AccessDenied").contains("iam-policy.json"));

            // Verification retries once per interval and does not log the same reason again.
            time.advance(Duration.ofMinutes(51));
            assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1 + 6);
            assertThat(log.lines(Level.WARN)).hasSize(1);
            assertThat(log.lines(Level.WARN).get(0))
                    .startsWith("ERROR dns: giving up on publishing " + RECORD)
                    .contains("AccessDenied");
        }
    }

    @Test
    void noSuchHostedZoneAndInvalidChangeBatchArePermanent() throws Exception {
        aws.fail(Operation.LIST_RRSETS, Fault.NO_SUCH_HOSTED_ZONE, 1);
        DnsPublisher p = publisher("");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.advance(Duration.ofMinutes(5));
        assertThat(p.status().gaveUp()).isTrue();
        assertThat(p.status().lastError())
                .hasValueSatisfying(
                        e -> assertThat(e).contains("NoSuchHostedZone").contains("dns.route53.hosted-zone-id"));
        assertThat(aws.count(Operation.LIST_RRSETS)).isEqualTo(1);

        aws.fail(Operation.CHANGE_RRSETS, Fault.INVALID_CHANGE_BATCH, 1);
        p.ipChanged(v4("198.51.100.8"), Optional.empty(), Optional.empty());
        time.advance(Duration.ofMinutes(1));
        assertThat(p.status().gaveUp()).isTrue();
        assertThat(p.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("InvalidChangeBatch"));
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
    }

    @Test
    void endpointDownIsRetriedWithGrowingBackoffUntilItReturns() throws Exception {
        DnsPublisher p = publisher(
                "dns.retry-initial = 2s\ndns.retry-max = 30s\naws.api-call-attempt-timeout = 1s\naws.api-call-timeout = 2s");
        List<Long> failuresAtMs = new ArrayList<>();
        statuses.clear();
        aws.stop();

        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        for (int i = 0; i < 600 && failuresAtMs.size() < 7; i++) {
            int before = statuses.size();
            time.advance(Duration.ofMillis(100));
            if (statuses.size() > before) {
                failuresAtMs.add(Duration.ofNanos(time.nanoTime()).toMillis());
            }
        }
        assertThat(p.status().lastError())
                .hasValueSatisfying(e -> assertThat(e).contains("could not reach the endpoint"));
        assertThat(p.status().pending()).isTrue();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < failuresAtMs.size(); i++) {
            gaps.add(failuresAtMs.get(i) - failuresAtMs.get(i - 1));
        }
        // 4, 8, 16 s (±20 %), then capped at 30 s (-20 %); first gap (2 s) precedes the loop's first sample.
        assertThat(gaps.get(0)).isBetween(3_100L, 5_000L);
        assertThat(gaps.get(1)).isBetween(6_300L, 9_700L);
        assertThat(gaps.get(2)).isBetween(12_700L, 19_300L);
        assertThat(gaps.subList(3, gaps.size())).allSatisfy(g -> assertThat(g).isBetween(23_900L, 30_100L));

        aws.restart();
        time.advance(Duration.ofSeconds(31));
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        assertThat(p.status().lastError()).isEmpty();
        assertThat(p.status().pending()).isFalse();
    }

    @Test
    void newerIpSupersedesPendingRetry() throws Exception {
        aws.fail(Operation.CHANGE_RRSETS, Fault.SERVER_ERROR, 1);
        DnsPublisher p = publisher("");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        assertThat(p.status().pending()).isTrue();

        p.ipChanged(v4("198.51.100.9"), Optional.empty(), Optional.empty());
        time.runDue();
        time.advance(Duration.ofMinutes(9));

        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.9");
        assertThat(aws.requests(Operation.CHANGE_RRSETS)).hasSize(2).last().satisfies(r -> assertThat(r.body())
                .contains("198.51.100.9"));
    }

    @Test
    void driftIsRepairedOnVerification() throws Exception {
        DnsPublisher p = publisher("dns.verify-interval = 1m");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        aws.putRecord(RECORD, "A", 300, "203.0.113.66");

        try (var log = new DnsTestSupport.LogCapture(DnsPublisher.class)) {
            time.advance(Duration.ofMinutes(1));
            assertThat(log.lines(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("drifted")
                    .contains("203.0.113.66");
        }
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(2);
        assertThat(p.status().lastVerified()).contains(time.now());
    }

    @Test
    void publishesAaaaInTheSameChangeWhenIpv6IsOnAndGlobal() throws Exception {
        DnsPublisher p = publisher("dns.ipv6 = true");
        p.ipChanged(v4("198.51.100.7"), Optional.of(v6("2001:db8:1::7")), Optional.empty());
        time.runDue();

        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        assertThat(aws.recordValue(RECORD, "AAAA")).contains("2001:db8:1:0:0:0:0:7");
        assertThat(p.status().publishedIpv6()).contains("2001:db8:1:0:0:0:0:7");

        // A link-local address is never published.
        p.ipChanged(v4("198.51.100.8"), Optional.of(v6("fe80::1")), Optional.empty());
        time.runDue();
        assertThat(aws.requests(Operation.CHANGE_RRSETS).get(1).body()).doesNotContain("AAAA");
    }

    @Test
    void waitsForInsyncWhenAsked() throws Exception {
        aws.insyncAfterPolls(2);
        DnsPublisher p = publisher("dns.route53.wait-for-insync = true");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        assertThat(p.status().pending()).isTrue();

        time.advance(Duration.ofSeconds(10));
        assertThat(aws.count(Operation.GET_CHANGE)).isEqualTo(2);
        assertThat(p.status().pending()).isTrue();
        time.advance(Duration.ofSeconds(5));
        assertThat(aws.count(Operation.GET_CHANGE)).isEqualTo(3);
        assertThat(aws.requests(Operation.GET_CHANGE).get(0).path()).startsWith("/2013-04-01/change/C");
        assertThat(p.status().pending()).isFalse();
    }

    @Test
    void lastPublishedIpSurvivesRestart() throws Exception {
        DnsPublisher first = publisher("");
        first.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        first.close();
        assertThat(stateDir.resolve(PublishedStore.FILE_NAME)).exists();
        aws.clearRequests();

        DnsPublisher second = publisher("");
        assertThat(second.status().publishedIp()).contains("198.51.100.7");
        second.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.advance(Duration.ofMinutes(5));
        assertThat(aws.requests()).isEmpty();

        second.ipChanged(v4("198.51.100.8"), Optional.empty(), Optional.empty());
        time.runDue();
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.8");
    }

    @Test
    void corruptStateFileIsSetAsideAndIgnored() throws Exception {
        Files.writeString(
                stateDir.resolve(PublishedStore.FILE_NAME),
                "provider=route53\nrecord=lte.home.example.com\nrequested.A=not-an-ip\nupdated=yesterday\n");
        DnsPublisher p = publisher("");

        try (var files = Files.list(stateDir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(PublishedStore.FILE_NAME + ".corrupt-"));
        }
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
        assertThat(PublishedStoreReader.read(stateDir)).containsEntry("requested.A", "198.51.100.7");
    }

    @Test
    void linkDownStopsRetries() throws Exception {
        aws.failAlways(Operation.CHANGE_RRSETS, Fault.SERVICE_UNAVAILABLE);
        DnsPublisher p = publisher("");
        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.empty());
        time.runDue();
        p.linkDown();
        time.advance(Duration.ofMinutes(30));
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(1);
        assertThat(p.status().pending()).isFalse();
    }

    /** Advances virtual time in 100 ms steps and returns when each call of {@code op} arrived (virtual ms). */
    private List<Long> attemptTimes(Operation op, int wanted, Duration max) {
        List<Long> at =
                new ArrayList<>(List.of(Duration.ofNanos(time.nanoTime()).toMillis()));
        int seen = aws.count(op);
        for (long t = 0; t < max.toMillis() && at.size() < wanted; t += 100) {
            time.advance(Duration.ofMillis(100));
            if (aws.count(op) > seen) {
                seen = aws.count(op);
                at.add(Duration.ofNanos(time.nanoTime()).toMillis());
            }
        }
        return at;
    }

    /** Reads the state file as plain properties. */
    static final class PublishedStoreReader {
        static Map<String, String> read(Path dir) throws Exception {
            var props = new java.util.Properties();
            try (var in = Files.newInputStream(dir.resolve(PublishedStore.FILE_NAME))) {
                props.load(in);
            }
            Map<String, String> out = new java.util.HashMap<>();
            props.forEach((k, v) -> out.put(k.toString(), v.toString()));
            return out;
        }
    }

    static InetAddress any() {
        return v4("0.0.0.0");
    }

    /**
     * The daemon's side of mobile-check = cloudwatch with dns.sdk-process = false: the publisher beats from the
     * link's address while the link is up (real SDK, real HTTP, virtual time) and falls silent when it goes down.
     */
    @Test
    void theHeartbeatRunsWhileTheLinkIsUpAndStopsWhenItGoesDown() throws Exception {
        FailberryConfig config = LoopbackDnsConfig.route53Config(aws, stateDir, """
                dns.sdk-process = false
                dns.failover.mobile-check = cloudwatch
                dns.failover.heartbeat.endpoint = "%s"
                """.formatted(aws.endpoint()));
        DnsBackend backend =
                DnsBackends.create(config, LoopbackAws.credentials(), false).orElseThrow();
        DnsPublisher p = start(config, backend);
        HeartbeatSender sender = CloudWatchHeartbeat.forDaemon(config, backend, LoopbackAws::credentials)
                .orElseThrow();
        p.heartbeat(sender, config.dns().failover().heartbeat().interval());

        p.ipChanged(v4("198.51.100.7"), Optional.empty(), Optional.of(java.net.InetAddress.getByName("127.0.0.3")));
        time.runDue();
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");
        assertThat(aws.datapoints()).singleElement().satisfies(d -> assertThat(d.source())
                .isEqualTo("127.0.0.3"));
        time.advance(java.time.Duration.ofMinutes(10));
        assertThat(aws.datapoints()).hasSize(3);

        p.linkDown();
        time.advance(java.time.Duration.ofHours(1));
        assertThat(aws.datapoints()).hasSize(3);
        assertThat(CloudWatchHeartbeat.forDaemon(
                        LoopbackDnsConfig.route53Config(aws, stateDir, ""), backend, LoopbackAws::credentials))
                .as("no heartbeat with mobile-check = none")
                .isEmpty();
    }
}
