package dev.failberry.lab;

import static dev.failberry.lab.LabDaemon.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.sim.aws.CloudWatchSim;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import dev.failberry.sim.modem.SimState.DialOutcome;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CloudWatch heartbeat of {@code dns.failover.mobile-check = cloudwatch} in the network lab ({@link NetLab}):
 * the real daemon in the Pi's namespace with {@code dns.provider = route53}, its AWS helper process, and AWS
 * stand-ins ({@link LoopbackAws}) "on the internet" (addresses in the inet namespace): Route53 on one address,
 * CloudWatch on another, so that counters can tell the heartbeat's packets from the record's updates.
 *
 * <p>The Pi's default route is the wired router (as on a Pi whose LAN has a working router), so a beat that
 * lost its source binding would leave by eth0 and arrive NATed from the router's WAN address. The beats must
 * instead arrive from the mobile link's own address, and nft counters in the Pi (after every routing decision,
 * in postrouting) must see them leave by ppp0 and never by eth0. When the link is down no beat arrives, not
 * even by the wired router; when it is back they resume. A beat that CloudWatch holds unanswered when the link
 * drops fails at once and does not delay the record's update for the link's new address.
 *
 * <p>The heartbeat interval is the smallest the config validator accepts (1 minute: CloudWatch alarms that
 * Route53 can follow have whole-minute periods), so this class takes about 2.5 minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class HeartbeatLabTest {
    static final String ROUTE53 = "10.99.0.53";
    static final String CLOUDWATCH = "10.99.0.60";
    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final String TABLE = "hblab_counters";
    private static final Pattern COUNTER =
            Pattern.compile("counter packets (\\d+) bytes (\\d+) comment \"([a-z0-9-]+)\"");

    @RegisterExtension
    static final LabExtension fixture = new LabExtension();

    private NetLab lab;
    private LabDaemon daemon;
    private LoopbackAws route53;
    private LoopbackAws cloudWatch;

    @BeforeAll
    void startLab() throws Exception {
        lab = fixture.lab();
        lab.ip(lab.inet, "addr", "add", ROUTE53 + "/32", "dev", "lo");
        lab.ip(lab.inet, "addr", "add", CLOUDWATCH + "/32", "dev", "lo");
        route53 = fixture.closeAtEnd(Netns.call(
                lab.inet, () -> LoopbackAws.start(LoopbackAws.Settings.defaults(), InetAddress.getByName(ROUTE53))));
        cloudWatch = fixture.closeAtEnd(Netns.call(
                lab.inet, () -> LoopbackAws.start(LoopbackAws.Settings.defaults(), InetAddress.getByName(CLOUDWATCH))));
        // what crosses the Pi's interfaces to and from the CloudWatch stand-in, counted after every routing
        // decision (the daemon's marks and rules included) and per interface
        lab.nft(lab.pi, """
                table inet %1$s {
                	chain out {
                		type filter hook postrouting priority 300; policy accept;
                		ip daddr %2$s oifname "ppp0" counter comment "to-cw-ppp0"
                		ip daddr %2$s oifname "eth0" counter comment "to-cw-eth0"
                		ip daddr %2$s counter comment "to-cw-any"
                	}
                	chain in {
                		type filter hook prerouting priority -300; policy accept;
                		ip saddr %2$s iifname "ppp0" counter comment "from-cw-ppp0"
                		ip saddr %2$s iifname "eth0" counter comment "from-cw-eth0"
                		ip saddr %2$s counter comment "from-cw-any"
                	}
                }
                """.formatted(TABLE, CLOUDWATCH));
        daemon = fixture.daemon(new LabDaemon(lab, fixture.scratch(), false, Map.of(), """
                  ppp.redial { max-backoff = 1s, jitter = 0 }
                  recovery.down-grace = 10m
                  dns {
                    provider = route53
                    record = "lte.home.example.com"
                    route53 { hosted-zone-id = "%s", endpoint = "%s" }
                    verify-name-servers = ["%s:%d"]
                    failover {
                      mobile-check = cloudwatch
                      heartbeat { interval = 1m, endpoint = "%s" }
                    }
                  }
                """.formatted(
                        route53.settings().zoneId(),
                        route53.endpoint(),
                        ROUTE53,
                        route53.dnsServer().getPort(),
                        cloudWatch.endpoint())));
        daemon.environment(
                Map.of("AWS_ACCESS_KEY_ID", LoopbackAws.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", LoopbackAws.SECRET_KEY));
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void whileTheLinkIsUpBeatsLeaveThroughTheMobileLinkFromItsAddressThoughTheDefaultRouteIsWired() throws Exception {
        assertThat(lab.show(lab.pi, "route", "show", "default"))
                .as("the Pi's main table sends everything else by the wired router")
                .contains("default via " + NetLab.ROUTER_LAN + " dev eth0")
                .doesNotContain("ppp0");
        // the first beat goes as the link comes up, the second one interval later
        await().atMost(INTERVAL.plusSeconds(45))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cloudWatch.datapoints().size() >= 2);
        List<CloudWatchSim.Datapoint> beats = cloudWatch.datapoints();
        assertThat(beats).hasSize(2).allSatisfy(d -> {
            assertThat(d.source())
                    .as("from the mobile link's address, not NATed by the wired router (" + NetLab.ROUTER_WAN + ")")
                    .isEqualTo(ReplyRoutingLab.MOBILE);
            assertThat(d.namespace()).isEqualTo("FailberryPi");
            assertThat(d.metric()).isEqualTo("Heartbeat");
            assertThat(d.dimensions()).containsEntry("Record", "lte.home.example.com");
            assertThat(d.region()).isEqualTo("us-east-1");
        });
        // the first beat waits for the helper process to start, the second for its tick only
        assertThat(Duration.between(beats.get(0).arrival(), beats.get(1).arrival()))
                .isBetween(INTERVAL.minusSeconds(20), INTERVAL.plusSeconds(10));

        Map<String, long[]> c = settledCounters();
        assertThat(c.get("to-cw-eth0")[0]).as("beats by the wired interface").isZero();
        assertThat(c.get("from-cw-eth0")[0])
                .as("answers by the wired interface")
                .isZero();
        assertThat(c.get("to-cw-ppp0"))
                .as("every packet to CloudWatch left by ppp0")
                .isEqualTo(c.get("to-cw-any"));
        assertThat(c.get("from-cw-ppp0"))
                .as("every packet from CloudWatch came in by ppp0")
                .isEqualTo(c.get("from-cw-any"));
        assertThat(c.get("to-cw-ppp0")[0]).as("packets of the two beats").isPositive();
        long up = c.get("to-cw-ppp0")[1];
        long down = c.get("from-cw-ppp0")[1];
        System.out.printf(
                "heartbeat on the mobile link (lab, plain HTTP, IP packets): %d beats, %.1f bytes up + %.1f bytes down"
                        + " = %.1f bytes per beat in %.1f + %.1f packets%n",
                beats.size(),
                up / 2.0,
                down / 2.0,
                (up + down) / 2.0,
                c.get("to-cw-ppp0")[0] / 2.0,
                c.get("from-cw-ppp0")[0] / 2.0);
        // one request on its own connection: handshake, signed CBOR request, answer, close (~2 kB)
        assertThat((up + down) / 2).isBetween(1_000L, 4_000L);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    Map<String, Object> hb = heartbeatStatus();
                    assertThat(number(hb, "interval_seconds")).isEqualTo(60);
                    assertThat(number(hb, "sent")).isEqualTo(2);
                    assertThat(number(hb, "failed")).isZero();
                    assertThat(hb).containsEntry("last_error", null).containsKey("last_sent");
                });
        assertThat(Instant.parse(String.valueOf(heartbeatStatus().get("last_sent"))))
                .isBetween(
                        beats.get(1).arrival().minusSeconds(5),
                        beats.get(1).arrival().plusSeconds(5));
    }

    @Test
    @Order(2)
    void noBeatWhileTheLinkIsDownNotEvenByTheWiredRouterAndTheyResumeWhenItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cloudWatch.datapoints().size() >= 2);
        List<CloudWatchSim.Datapoint> before = cloudWatch.datapoints();
        Instant lastBeat = before.get(before.size() - 1).arrival();
        // the carrier ends the session and refuses the redials: ppp0 goes and stays gone
        daemon.modem().setDialOutcome(DialOutcome.NO_CARRIER);
        daemon.dropCarrier();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> !"up".equals(part(daemon.status(), "ppp").get("state")));
        Map<String, long[]> atDown = counters();

        // silence past the tick that was due one interval after the last beat
        Duration silence =
                Duration.between(Instant.now(), lastBeat.plus(INTERVAL).plusSeconds(8));
        assertThat(silence).as("the link went down before the next tick").isPositive();
        await().during(silence)
                .atMost(silence.plusSeconds(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cloudWatch.datapoints().size() == before.size());
        Map<String, long[]> afterSilence = counters();
        assertThat(afterSilence.get("to-cw-any"))
                .as("nothing sent to CloudWatch")
                .isEqualTo(atDown.get("to-cw-any"));
        assertThat(afterSilence.get("to-cw-eth0")[0])
                .as("no beat by the wired router")
                .isZero();
        assertThat(number(heartbeatStatus(), "sent")).isEqualTo(before.size());
        assertThat(number(heartbeatStatus(), "failed")).isZero();

        // the carrier accepts the next dial: the link comes back and beats at once
        daemon.modem().setDialOutcome(DialOutcome.CONNECT);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cloudWatch.datapoints().size() > before.size());
        assertThat(cloudWatch
                        .datapoints()
                        .subList(before.size(), cloudWatch.datapoints().size()))
                .allSatisfy(d -> assertThat(d.source()).isEqualTo(ReplyRoutingLab.MOBILE));
        Map<String, long[]> c = settledCounters();
        assertThat(c.get("to-cw-eth0")[0]).isZero();
        assertThat(c.get("to-cw-ppp0")).isEqualTo(c.get("to-cw-any"));
        assertThat(c.get("to-cw-ppp0")[0]).isGreaterThan(atDown.get("to-cw-ppp0")[0]);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(number(heartbeatStatus(), "sent"))
                            .isEqualTo(cloudWatch.datapoints().size());
                    assertThat(number(heartbeatStatus(), "failed")).isZero();
                });
    }

    /**
     * A beat in flight when the link drops: CloudWatch has the request and has not answered when ppp0 goes, and
     * the link comes straight back with a new address. The beat must not hold the DNS worker (and the helper
     * process, which serves one call at a time) until its timeout: it fails as soon as its source address is
     * gone, once, with its reason, and the UPSERT of the new address follows the link's return within
     * 4 s. Nothing goes by the wired router; beats resume from the new address. Measured before beats in
     * flight were abandoned: the failure 10.1 s after the drop (the SDK's attempt timeout), the UPSERT 8.2 s
     * after the link was back (1.9 s after the drop); since: 0.2-0.3 s and 0.02-0.03 s (two runs).
     */
    @Test
    @Order(3)
    void aBeatInFlightWhenTheLinkDropsFailsAtOnceAndDoesNotDelayTheNewAddressesUpsert() throws Exception {
        final String newMobile = "198.51.100.8";
        final Duration failBound = Duration.ofSeconds(4);
        final Duration upsertBound = Duration.ofSeconds(4);
        daemon.awaitConnected(Duration.ofSeconds(30));
        int beatsBefore = cloudWatch.datapoints().size();
        long failedBefore = number(heartbeatStatus(), "failed");
        int changesBefore = route53.count(Operation.CHANGE_RRSETS);
        // the link's next run keeps its address, the one after gets a new one
        daemon.scenario(Map.of("local-ip.2", newMobile));
        LoopbackAws.Hold held = cloudWatch.hold(Operation.PUT_METRIC_DATA);
        try {
            // a flap: the link is back at once and beats at once; CloudWatch holds that beat unanswered
            long flap = System.nanoTime();
            daemon.dropCarrier();
            assertThat(held.awaitArrival(Duration.ofSeconds(30))).isTrue();
            assertThat(held.arrivedNanos())
                    .as("the link-up beat, not a tick before the flap")
                    .isGreaterThan(flap);
            assertThat(held.source()).isEqualTo(ReplyRoutingLab.MOBILE);

            // the link drops under it and comes back with a new address
            long drop = System.nanoTime();
            daemon.dropCarrier();
            long[] at = {0, 0, 0}; // link back, the held beat's failure reported, the UPSERT arrived
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (at[0] == 0 && ppp0Has(newMobile)) {
                            at[0] = System.nanoTime();
                        }
                        if (at[1] == 0 && failedCount() > failedBefore) {
                            at[1] = System.nanoTime();
                        }
                        if (at[2] == 0 && route53.count(Operation.CHANGE_RRSETS) > changesBefore) {
                            at[2] = route53.requests(Operation.CHANGE_RRSETS)
                                    .get(changesBefore)
                                    .arrivalNanos();
                        }
                        return at[0] != 0 && at[1] != 0 && at[2] != 0;
                    });
            Duration back = Duration.ofNanos(at[0] - drop);
            Duration failed = Duration.ofNanos(at[1] - drop);
            Duration upsert = Duration.ofNanos(at[2] - at[0]);
            System.out.printf(
                    "beat in flight at the drop: link back %d ms after the drop; the beat's failure reported %d ms"
                            + " after the drop (%d ms after it reached CloudWatch); UPSERT %d ms after the link"
                            + " was back%n",
                    back.toMillis(),
                    failed.toMillis(),
                    Duration.ofNanos(at[1] - held.arrivedNanos()).toMillis(),
                    upsert.toMillis());
            assertThat(failed)
                    .as("the in-flight beat fails once its link is gone")
                    .isLessThan(failBound);
            assertThat(upsert)
                    .as("the new address's UPSERT does not wait behind the in-flight beat")
                    .isLessThan(upsertBound);
            assertThat(route53.requests(Operation.CHANGE_RRSETS)
                            .get(changesBefore)
                            .body())
                    .contains(newMobile);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            route53.recordValue("lte.home.example.com", "A").equals(java.util.Optional.of(newMobile)));

            // beats resume from the new address at once; the held one never counts as sent
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> cloudWatch.datapoints().size() > beatsBefore);
            assertThat(cloudWatch
                            .datapoints()
                            .subList(beatsBefore, cloudWatch.datapoints().size()))
                    .allSatisfy(d -> assertThat(d.source()).isEqualTo(newMobile));
            daemon.awaitConnected(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        Map<String, Object> hb = heartbeatStatus();
                        assertThat(number(hb, "failed")).isEqualTo(failedBefore + 1);
                        assertThat(number(hb, "sent"))
                                .isEqualTo(cloudWatch.datapoints().size());
                        assertThat(hb).containsEntry("last_error", null);
                    });
            List<String> warned = daemon.log()
                    .lines()
                    .filter(l -> l.contains("CloudWatch heartbeat failed"))
                    .toList();
            assertThat(warned)
                    .as("the failure is logged once, with its reason")
                    .singleElement()
                    .asString()
                    .contains("WARN")
                    .contains(ReplyRoutingLab.MOBILE + " is no longer an address of this host");
            assertThat(daemon.log()).contains("CloudWatch heartbeat sent again after");

            Map<String, long[]> c = settledCounters();
            assertThat(c.get("to-cw-eth0")[0])
                    .as("nothing of the beats by the wired router")
                    .isZero();
            assertThat(c.get("from-cw-eth0")[0]).isZero();
            assertThat(c.get("to-cw-ppp0")).isEqualTo(c.get("to-cw-any"));
            assertThat(lab.http(lab.inet, newMobile, LabDaemon.HEALTH, "/health", "lte"))
                    .isEqualTo("200 OK | failberry ok");
        } finally {
            held.release();
        }
    }

    private boolean ppp0Has(String address) {
        try {
            return lab.show(lab.pi, "-4", "-o", "addr", "show", "dev", "ppp0").contains("inet " + address + " ");
        } catch (AssertionError noPpp0) {
            return false;
        }
    }

    private long failedCount() {
        try {
            return number(heartbeatStatus(), "failed");
        } catch (Exception e) {
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> heartbeatStatus() throws Exception {
        return (Map<String, Object>) part(daemon.status(), "dns").get("heartbeat");
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    /** Packets and bytes per counter once a beat's connection is over (no change for a second). */
    private Map<String, long[]> settledCounters() {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    long total =
                            counters().values().stream().mapToLong(v -> v[1]).sum();
                    boolean same = total == last[0];
                    last[0] = total;
                    return same && total > 0;
                });
        return counters();
    }

    /** {@code name -> [packets, bytes]} of the counters above. */
    private Map<String, long[]> counters() {
        var r = lab.nftIn(lab.pi, "list", "table", "inet", TABLE);
        assertThat(r.ok()).as(r.output()).isTrue();
        Map<String, long[]> out = new java.util.HashMap<>();
        Matcher m = COUNTER.matcher(r.output());
        while (m.find()) {
            out.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        assertThat(out).hasSize(6);
        return out;
    }
}
