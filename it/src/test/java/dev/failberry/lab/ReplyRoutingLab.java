package dev.failberry.lab;

import static dev.failberry.lab.LabDaemon.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * Inbound failover on a home network, end to end: the real daemon in the lab ({@link NetLab}), for one
 * setting of {@code ppp.default-route} (the subclasses). Each test is one user-visible promise of
 * reply routing and the firewall; they share one lab and run in order (the later ones redial and
 * restart the daemon).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
abstract class ReplyRoutingLab {
    static final String MOBILE = "198.51.100.7";
    static final String MOBILE_2 = "198.51.100.8";
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) ");

    @RegisterExtension
    static final LabExtension fixture = new LabExtension();

    NetLab lab;
    LabDaemon daemon;

    /** {@code ppp.default-route} for this class. */
    abstract boolean defaultRoute();

    /** The pppd stand-in's scenario: the second dial gets a new address; subclasses add a version. */
    Map<String, String> pppd() {
        return Map.of("local-ip.2", MOBILE_2);
    }

    @BeforeAll
    void startLab() throws Exception {
        lab = fixture.lab();
        daemon = fixture.daemon(new LabDaemon(lab, fixture.scratch(), defaultRoute(), pppd(), ""));
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(45));
    }

    @Test
    @Order(1)
    void bothHealthPathsAnswer() throws Exception {
        // the wired record's check, forwarded by the router to the Pi's LAN address
        assertThat(lab.http(lab.inet, NetLab.ROUTER_WAN, LabDaemon.HEALTH, "/health", "wired.home.example.com"))
                .isEqualTo("200 OK | failberry ok");
        // the mobile record's check, to the link's own address
        assertThat(lab.http(lab.inet, MOBILE, LabDaemon.HEALTH, "/health", "lte.home.example.com"))
                .isEqualTo("200 OK | failberry ok");
        // the lab's Pi has a strict rp_filter, as many installs do: the daemon loosened it on eth0
        assertThat(lab.readSysctl(lab.pi, "net/ipv4/conf/eth0/rp_filter")).isEqualTo("2");
        assertThat(daemon.log()).contains("rp_filter on eth0 was strict (1): set net.ipv4.conf.eth0.rp_filter = 2");
        // the default wired probes (1.1.1.1:443, 8.8.8.8:443) answer through the wired router
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> "up".equals(part(daemon.status(), "wired").get("path")));
        Map<String, Object> s = daemon.status();
        assertThat(part(s, "wired"))
                .containsEntry("interface", "eth0")
                .containsEntry("gateway", NetLab.ROUTER_LAN)
                .containsEntry("address", NetLab.PI_LAN)
                .containsEntry("path", "up");
        assertThat(lab.clients("1.1.1.1")).isNotEmpty().containsOnly(NetLab.ROUTER_WAN);
        assertThat(part(s, "firewall"))
                .containsEntry("managed", true)
                .containsEntry("forwards", 1)
                .containsEntry("blocked_by_cap", false)
                .containsEntry("last_error", null);
        assertThat(part(s, "routing"))
                .containsEntry("link_interface", "ppp0")
                .containsEntry("link_ip", MOBILE)
                .containsEntry("last_error", null);
        System.out.printf(
                "lab %s: firewall load %s ms, rules for %s in place %s ms after pppd's address line%n",
                getClass().getSimpleName(), part(s, "firewall").get("load_ms"), MOBILE, addressToRulesMillis(MOBILE));
    }

    @Test
    @Order(2)
    void aLanServiceAnswersThroughTheMobileAddress() throws Exception {
        // firewall.forward tcp 8080 -> 192.168.1.10:8080; the LAN host sees the Pi (source NAT towards the
        // LAN), so its answer comes back through the Pi even though its own gateway is the wired router
        assertThat(lab.line(lab.inet, null, MOBILE, NetLab.LAN_SERVICE_PORT, Duration.ofSeconds(3)))
                .isEqualTo("lan service, you are " + NetLab.PI_LAN);
    }

    @Test
    @Order(3)
    void noOtherPortIsOpenOnTheMobileLink() throws Exception {
        // a service on the Pi (think SSH on 2222) answers on the LAN ...
        assertThat(lab.line(lab.lan, null, NetLab.PI_LAN, 2222, Duration.ofSeconds(3)))
                .startsWith("pi ssh, you are");
        // ... but not on the mobile link, and neither does anything else
        for (int port : List.of(2222, LabDaemon.ADMIN, 22, 8081)) {
            assertThat(lab.connects(lab.inet, MOBILE, port, Duration.ofMillis(700)))
                    .as("port %d", port)
                    .isFalse();
        }
        assertThat(lab.nftIn(lab.pi, "list", "table", "inet", "failberry").output())
                .contains("counter packets")
                .contains("nothing else inbound on the mobile link");
    }

    @Test
    @Order(4)
    void aLanHostUsingThePiAsGatewayGetsOutWithTheMobileAddress() throws Exception {
        lab.ip(lab.lan, "route", "replace", "default", "via", NetLab.PI_LAN);
        try {
            assertThat(lab.line(lab.lan, null, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                    .isEqualTo("echo, you are " + MOBILE);
        } finally {
            lab.ip(lab.lan, "route", "replace", "default", "via", NetLab.ROUTER_LAN);
        }
        // the Pi's own traffic: wired (off the SIM) unless the link is the default route
        assertThat(lab.line(lab.pi, null, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                .isEqualTo("echo, you are " + (defaultRoute() ? MOBILE : NetLab.ROUTER_WAN));
        // what the daemon binds to the link's address leaves through the link either way
        assertThat(lab.line(lab.pi, MOBILE, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                .isEqualTo("echo, you are " + MOBILE);
    }

    @Test
    @Order(5)
    void aRedialWithANewAddressMovesTheRules() throws Exception {
        daemon.dropCarrier();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> MOBILE_2.equals(part(daemon.status(), "routing").get("link_ip")));
        String rules = lab.show(lab.pi, "rule", "show");
        assertThat(rules).contains("7103:\tfrom " + MOBILE_2 + " lookup 7102").doesNotContain(MOBILE);
        daemon.awaitConnected(Duration.ofSeconds(20));
        assertThat(lab.http(lab.inet, MOBILE_2, LabDaemon.HEALTH, "/health", "lte"))
                .isEqualTo("200 OK | failberry ok");
        assertThat(lab.line(lab.inet, null, MOBILE_2, NetLab.LAN_SERVICE_PORT, Duration.ofSeconds(3)))
                .isEqualTo("lan service, you are " + NetLab.PI_LAN);
        System.out.printf(
                "lab %s: redial to %s: rules in place %s ms after pppd's address line (apply %s ms)%n",
                getClass().getSimpleName(),
                MOBILE_2,
                addressToRulesMillis(MOBILE_2),
                part(daemon.status(), "routing").get("apply_ms"));
    }

    @Test
    @Order(6)
    void aStopRemovesEverythingAndARestartPutsOneOfEachBack() throws Exception {
        assertThat(daemon.stop()).isIn(0, 143);
        assertThat(ours(lab.show(lab.pi, "rule", "show"))).isEmpty();
        assertThat(ours(lab.show(lab.pi, "-6", "rule", "show"))).isEmpty();
        assertThat(lab.show(lab.pi, "route", "show", "table", "all")).doesNotContain("table 7101", "table 7102");
        assertThat(lab.show(lab.pi, "-6", "route", "show", "table", "all")).doesNotContain("table 7101", "table 7102");
        assertThat(lab.nftIn(lab.pi, "list", "tables").output()).doesNotContain("failberry");
        assertThat(lab.show(lab.pi, "link", "show")).doesNotContain("ppp0");
        assertThat(lab.show(lab.pi, "route", "show", "default")).contains("via " + NetLab.ROUTER_LAN + " dev eth0");

        daemon.scenario(pppdAfterRestart());
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(45));
        assertOneOfEach();
    }

    @Test
    @Order(7)
    void aCrashLeavesRulesThatTheNextStartTakesOverWithoutDuplicates() throws Exception {
        // a crash (SIGKILL to the daemon and pppd): rules, table and the interface are left behind ...
        daemon.kill();
        assertThat(ours(lab.show(lab.pi, "rule", "show"))).hasSize(6);
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(45));
        // ... and the next start takes them over instead of adding more
        assertOneOfEach();
        assertThat(lab.http(lab.inet, NetLab.ROUTER_WAN, LabDaemon.HEALTH, "/health", "wired"))
                .isEqualTo("200 OK | failberry ok");
        assertThat(lab.http(lab.inet, MOBILE, LabDaemon.HEALTH, "/health", "lte"))
                .isEqualTo("200 OK | failberry ok");
    }

    /** The stand-in's scenario for the restarts (the first address again; subclasses may change pppd). */
    Map<String, String> pppdAfterRestart() {
        return Map.of();
    }

    private void assertOneOfEach() throws Exception {
        List<String> rules = ours(lab.show(lab.pi, "rule", "show"));
        assertThat(rules)
                .containsExactly(
                        "7100:\tfrom all lookup main suppress_prefixlength 0",
                        "7101:\tfrom all fwmark 0x1000000/0xf000000 lookup 7101",
                        "7102:\tfrom all fwmark 0x2000000/0xf000000 lookup 7102",
                        "7103:\tfrom " + MOBILE + " lookup 7102",
                        "7104:\tfrom all iif eth0 lookup 7102",
                        "7105:\tfrom " + NetLab.PI_LAN + " lookup 7101");
        assertThat(lab.show(lab.pi, "route", "show", "table", "7101").strip())
                .isEqualTo("default via " + NetLab.ROUTER_LAN + " dev eth0");
        assertThat(lab.show(lab.pi, "route", "show", "table", "7102").strip()).isEqualTo("default dev ppp0 scope link");
        assertThat(lab.nftIn(lab.pi, "list", "tables").output().strip()).isEqualTo("table inet failberry");
    }

    static List<String> ours(String ruleShow) {
        return ruleShow.lines()
                .filter(l -> l.matches("710[0-9]:.*"))
                .map(String::strip)
                .toList();
    }

    /** From the daemon's log: pppd's "local IP address X" line to the "rules and tables in place" line. */
    long addressToRulesMillis(String address) throws Exception {
        long from = -1;
        long to = -1;
        for (String line : daemon.log().lines().toList()) {
            if (line.contains("pppd: local  IP address " + address)) {
                from = millis(line);
                to = -1;
            } else if (from >= 0
                    && to < 0
                    && line.contains("routing: link ppp0 " + address)
                    && line.contains("rules and tables in place")) {
                to = millis(line);
            }
        }
        return from < 0 || to < 0 ? -1 : to - from;
    }

    private static long millis(String line) {
        Matcher m = LOG_TIME.matcher(line);
        if (!m.find()) {
            return -1;
        }
        return ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3))) * 1000
                + Long.parseLong(m.group(4));
    }
}
