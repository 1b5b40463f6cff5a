package dev.failberry.lab;

import static dev.failberry.lab.LabDaemon.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Partial outages behind the wired router, end to end: the real daemon in the lab ({@link NetLab}) with the
 * mobile link as the default route (the case where a probe that followed the default route would go out
 * of the link and see nothing wrong). Part of the internet disappears behind the wired router (a
 * blackhole route in the router: its uplink loses those destinations, as when international transit
 * fails); the wired record's health check must turn 503 while the mobile record's stays 200, and come back
 * after a clean window. Each test starts its own daemon (its own {@code wired.probe} settings) in one lab.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WiredPathLabTest {
    static final String WIRED_RECORD = "wired.home.example.com";
    private static final String DNS = "dns.failover.wired-record = \"" + WIRED_RECORD + "\"\n";
    private static final Pattern COUNTER = Pattern.compile("packets (\\d+) bytes");

    @RegisterExtension
    static final LabExtension fixture = new LabExtension();

    private NetLab lab;
    private LabDaemon daemon;
    private Path scratch;
    private int daemons;

    @BeforeAll
    void startLab() throws Exception {
        lab = fixture.lab();
        scratch = fixture.scratch();
        // counts what leaves the Pi through the mobile link towards any wired probe target: must stay 0
        lab.nft(lab.pi, """
                table inet labwatch {
                	chain out {
                		type filter hook postrouting priority 300; policy accept;
                		oifname "ppp0" ip daddr { 1.1.1.1, 8.8.8.8, 192.0.2.20 } counter
                	}
                }
                """);
    }

    /**
     * A daemon for this test with {@code failberry { ... }} additions, started and connected (the link is the
     * default route); stopped after the test.
     */
    private void startDaemon(String extra) throws Exception {
        daemons++;
        daemon = fixture.daemonForThisTest(new LabDaemon(
                lab, Files.createDirectories(scratch.resolve("d" + daemons)), true, Map.of(), DNS + extra));
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(45));
    }

    /** The wired record's check as Route53 makes it: to the router's public address, forwarded to the Pi. */
    private String wiredCheck() throws Exception {
        return lab.http(lab.inet, NetLab.ROUTER_WAN, LabDaemon.HEALTH, "/health", WIRED_RECORD);
    }

    /** The mobile record's check: to the link's own address. */
    private String mobileCheck() throws Exception {
        return lab.http(lab.inet, ReplyRoutingLab.MOBILE, LabDaemon.HEALTH, "/health", "lte.home.example.com");
    }

    private Map<String, Object> wired() throws Exception {
        return part(daemon.status(), "wired");
    }

    /** The router's uplink loses these destinations (no route onward, packets dropped: no quick refusal). */
    private void routerLoses(String... destinations) {
        for (String d : destinations) {
            lab.ip(lab.router, "route", "add", "blackhole", d + "/32");
        }
    }

    private void routerRegains(String... destinations) {
        for (String d : destinations) {
            lab.ip(lab.router, "route", "del", "blackhole", d + "/32");
        }
    }

    private long probesOutOfTheLink() {
        String out = lab.nftIn(lab.pi, "list", "table", "inet", "labwatch").output();
        Matcher m = COUNTER.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Polls {@code check} every 250 ms until it answers {@code expected}; returns how long that took. */
    private long millisUntil(java.util.concurrent.Callable<String> check, String prefix, Duration within) {
        long start = System.nanoTime();
        await().atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> check.call().startsWith(prefix));
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    @Order(1)
    @Timeout(240)
    void withTheDefaultsLostInternationalTransitTurnsTheWiredCheck503AndAHealedPathBrings200() throws Exception {
        startDaemon(""); // wired.probe.* as shipped: 1.1.1.1:443 and 8.8.8.8:443, 10 s, 3 s, 3 of 5, required 1
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> "up".equals(wired().get("path")));
        assertThat(wiredCheck()).isEqualTo("200 OK | failberry ok");
        // the probes left through the wired router (the targets see its public address), never the link
        assertThat(lab.clients("1.1.1.1")).isNotEmpty().containsOnly(NetLab.ROUTER_WAN);
        assertThat(lab.clients("8.8.8.8")).isNotEmpty().containsOnly(NetLab.ROUTER_WAN);

        // the line stays up (Route53's checkers, domestic, still reach the house) but nothing overseas answers
        routerLoses(NetLab.ANYCAST.toArray(String[]::new));
        long down = millisUntil(this::wiredCheck, "503", Duration.ofSeconds(45));
        assertThat(wiredCheck())
                .matches("503 Service Unavailable \\| failberry unhealthy: wired path down: "
                        + "2 of 2 targets unreachable since \\d\\d:\\d\\d UTC");
        assertThat(mobileCheck()).isEqualTo("200 OK | failberry ok");
        Map<String, Object> w = wired();
        assertThat(w).containsEntry("path", "down");
        assertThat(String.valueOf(w.get("reason")))
                .startsWith("2 of 2 targets unreachable in 3 of the last 5 rounds: ")
                .contains("1.1.1.1:443")
                .contains("8.8.8.8:443");
        assertThat(daemon.log()).contains("wired path: up -> down (2 of 2 targets unreachable");
        assertThat(probesOutOfTheLink())
                .as("wired probes through the mobile link")
                .isZero();
        int seenBeforeHeal = lab.clients("1.1.1.1").size();

        routerRegains(NetLab.ANYCAST.toArray(String[]::new));
        long up = millisUntil(this::wiredCheck, "200", Duration.ofSeconds(65));
        assertThat(wired()).containsEntry("path", "up");
        assertThat(String.valueOf(wired().get("reason"))).startsWith("5 rounds in a row passed: 2 of 2 targets answer");
        assertThat(daemon.log()).contains("wired path: down -> up (5 rounds in a row passed");
        assertThat(lab.clients("1.1.1.1")
                        .subList(seenBeforeHeal, lab.clients("1.1.1.1").size()))
                .isNotEmpty()
                .containsOnly(NetLab.ROUTER_WAN);
        assertThat(probesOutOfTheLink()).isZero();
        // interval x failures + timeout = 33 s; a clean window after the heal 40-50 s (+ the 250 ms poll)
        assertThat(down).isLessThanOrEqualTo(34_000); // 33 s and the 250 ms poll, the HTTP round trip
        assertThat(up).isBetween(39_000L, 50_500L);
        System.out.printf(
                "lab WiredPathLabTest (defaults): outage -> 503 after %d ms, heal -> 200 after %d ms%n", down, up);
    }

    @Test
    @Order(2)
    @Timeout(120)
    void requiredTwoCatchesADomesticOutageThatRoute53CannotSeeAndTheMobileLinkNeitherHelpsNorHurts() throws Exception {
        startDaemon("wired.probe { targets = [\"" + NetLab.DOMESTIC + ":443\", \"1.1.1.1:443\"], required = 2, "
                + "interval = 1s, timeout = 500ms, window = 4, failures = 2 }\n");
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> "up".equals(wired().get("path")));
        assertThat(lab.clients("domestic")).isNotEmpty().containsOnly(NetLab.ROUTER_WAN);

        // routing to another domestic ISP breaks; international is fine
        routerLoses(NetLab.DOMESTIC);
        long down = millisUntil(this::wiredCheck, "503", Duration.ofSeconds(10));
        assertThat(wiredCheck())
                .matches("503 Service Unavailable \\| failberry unhealthy: wired path down: "
                        + "1 of 2 targets unreachable since \\d\\d:\\d\\d UTC");
        assertThat(mobileCheck()).isEqualTo("200 OK | failberry ok");
        assertThat(String.valueOf(wired().get("reason")))
                .startsWith("1 of 2 targets unreachable (2 must answer) in ")
                .contains(NetLab.DOMESTIC + ":443");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) wired().get("targets");
        assertThat(targets)
                .extracting(t -> t.get("target") + "=" + t.get("ok"))
                .containsExactly(NetLab.DOMESTIC + ":443=false", "1.1.1.1:443=true");
        assertThat(probesOutOfTheLink()).isZero();
        // interval x failures + timeout = 2.5 s
        assertThat(down).isLessThanOrEqualTo(3_500);

        routerRegains(NetLab.DOMESTIC);
        long up = millisUntil(this::wiredCheck, "200", Duration.ofSeconds(10));
        assertThat(up).isLessThanOrEqualTo(5_500); // 4 clean rounds of 1 s

        // the mobile link loses its own probe target (the carrier drops it): its check fails, the wired one not
        lab.ip(lab.carrier, "route", "add", "blackhole", NetLab.PROBE + "/32");
        try {
            millisUntil(this::mobileCheck, "503", Duration.ofSeconds(20));
            assertThat(wiredCheck()).isEqualTo("200 OK | failberry ok");
            assertThat(wired()).containsEntry("path", "up");
        } finally {
            lab.ip(lab.carrier, "route", "del", "blackhole", NetLab.PROBE + "/32");
        }
        System.out.printf(
                "lab WiredPathLabTest (required = 2, 1 s rounds): outage -> 503 after %d ms, "
                        + "heal -> 200 after %d ms%n",
                down, up);
    }

    @Test
    @Order(3)
    @Timeout(90)
    void aWiredInterfaceThatGoesDownMakesThePathUnknownAndItsReturnIsProbedThroughTheRouterAgain() throws Exception {
        startDaemon("wired.probe { interval = 1s, timeout = 500ms, window = 3, failures = 2 }\n");
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> "up".equals(wired().get("path")));
        lab.ip(lab.pi, "link", "set", "eth0", "down");
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> "unknown".equals(wired().get("path")));
        assertThat(String.valueOf(wired().get("reason"))).isEqualTo("not probed: eth0 is down or has no IPv4 address");
        // unknown is never 503 (asked from the Pi itself: the router cannot reach it now)
        assertThat(lab.http(lab.pi, "127.0.0.1", LabDaemon.HEALTH, "/health", WIRED_RECORD))
                .isEqualTo("200 OK | failberry ok");
        assertThat(probesOutOfTheLink())
                .as("no probe fell through to the default route")
                .isZero();

        int before = lab.clients("1.1.1.1").size();
        lab.ip(lab.pi, "link", "set", "eth0", "up");
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> "up".equals(wired().get("path")));
        assertThat(lab.show(lab.pi, "route", "show", "table", "7101").strip())
                .isEqualTo("default via " + NetLab.ROUTER_LAN + " dev eth0");
        assertThat(lab.clients("1.1.1.1").subList(before, lab.clients("1.1.1.1").size()))
                .isNotEmpty()
                .containsOnly(NetLab.ROUTER_WAN);
        assertThat(wiredCheck()).isEqualTo("200 OK | failberry ok");
        assertThat(probesOutOfTheLink()).isZero();
        assertThat(daemon.log().lines().filter(l -> l.contains("wired path:") && l.contains("-> unknown")))
                .hasSize(1);
    }
}
