package dev.failberry.lab;

import static dev.failberry.lab.LabDaemon.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.proc.CommandRunner;
import dev.failberry.proc.ThisJvm;
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
 * Bill-shock protection with the real daemon, nft and kernel in the lab ({@link NetLab}): who may use the
 * mobile link ({@code firewall.allow}), a download that crosses the cap with {@code cap-action = block}
 * (blocked within 10 s, counted right, health and the Pi's own traffic going on, {@code cap-allow} keeping
 * the link), lifting and re-applying the block with {@code failberry data}, a restart while blocked, and
 * what one Route53-style health check costs on the link. The LAN hosts are three addresses of the lab's
 * LAN namespace, each using the Pi as its gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class BudgetLabTest {
    static final String MOBILE = ReplyRoutingLab.MOBILE;
    /** In firewall.allow. */
    static final String ALLOWED = NetLab.LAN_HOST;
    /** Not in firewall.allow. */
    static final String OTHER = "192.168.1.11";
    /** In firewall.allow and ppp.data-usage.cap-allow (the alarm panel). */
    static final String ALARM = "192.168.1.12";

    static final int DOWNLOAD = 8088;
    static final long CAP = 3L * 1024 * 1024;
    /** The lab link's speed for the download: 1 MiB/s. */
    static final int RATE = 1024 * 1024;

    @RegisterExtension
    static final LabExtension fixture = new LabExtension();

    private NetLab lab;
    private LabDaemon daemon;
    private Path scratch;

    @BeforeAll
    void startLab() throws Exception {
        lab = fixture.lab();
        scratch = fixture.scratch();
        for (String a : List.of(OTHER, ALARM)) {
            lab.ip(lab.lan, "addr", "add", a + "/24", "dev", "eth0");
        }
        lab.ip(lab.lan, "route", "replace", "default", "via", NetLab.PI_LAN);
        lab.serveStream(lab.inet, NetLab.PROBE, DOWNLOAD, RATE);
        // the real interface counters (the lab's "ppp0" is a veth in the Pi's namespace; `ip netns exec`
        // mounts that namespace's /sys), the cap and the sample interval at their defaults otherwise
        daemon = fixture.daemon(new LabDaemon(lab, scratch, false, Map.of(), """
                firewall.allow = ["%s", "%s"]
                ppp.data-usage {
                  statistics-dir = "/sys/class/net"
                  cap = 3M
                  cap-action = block
                  cap-allow = ["%s"]
                }
                """.formatted(ALLOWED, ALARM, ALARM)));
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(45));
    }

    @Test
    @Order(1)
    void onlyAllowedLanHostsUseTheMobileLinkTheOthersStillReachThePi() throws Exception {
        assertThat(lab.line(lab.lan, ALLOWED, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                .isEqualTo("echo, you are " + MOBILE);
        assertThat(lab.line(lab.lan, ALARM, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                .isEqualTo("echo, you are " + MOBILE);
        assertThat(lab.connects(lab.lan, OTHER, NetLab.ECHO, 7, Duration.ofMillis(1500)))
                .isFalse();
        // the Pi itself is still there for the host that may not use the link
        assertThat(lab.line(lab.lan, OTHER, NetLab.PI_LAN, 2222, Duration.ofSeconds(3)))
                .startsWith("pi ssh, you are " + OTHER);
        assertThat(part(daemon.status(), "firewall").get("allowed")).isEqualTo(List.of(ALLOWED, ALARM));
    }

    @Test
    @Order(2)
    void aDownloadThatCrossesTheCapIsBlockedWithinTenSecondsCountedRightAndHealthGoesOn() throws Exception {
        long before = lab.linkBytes(lab.pi, "ppp0");
        assertThat(before).isLessThan(CAP / 4);
        NetLab.Download d =
                lab.download(lab.lan, ALLOWED, NetLab.PROBE, DOWNLOAD, Duration.ofSeconds(3), Duration.ofSeconds(30));
        long after = lab.linkBytes(lab.pi, "ppp0");
        // the link carried the download plus its headers (and the probes, health checks): the crossing
        // moment is where the download's share of the link's count reached the cap, pro rata
        double linkPerByte = (after - before) / (double) d.bytes();
        long crossing = d.nanosAt((long) Math.ceil((CAP - before) / linkPerByte));
        assertThat(crossing)
                .as("the download crossed the cap (%d bytes downloaded)", d.bytes())
                .isPositive();
        double seconds = (d.lastReadNanos() - crossing) / 1e9;
        System.out.printf(
                "lab budget: cap %d B crossed by a %d B/s download; the last data reached the LAN host %.2f s"
                        + " later (sample-interval 5s); the link counted %.3f B per downloaded byte%n",
                CAP, RATE, seconds, linkPerByte);
        assertThat(seconds).isLessThan(10.0);
        assertThat(d.bytes()).isLessThan(CAP + 11L * RATE);

        Map<String, Object> s = daemon.status();
        Map<String, Object> usage = part(s, "data_usage");
        assertThat(usage)
                .containsEntry("blocked", true)
                .containsEntry("over_cap", true)
                .containsEntry("cap_action", "block");
        assertThat(((Number) usage.get("cap_bytes")).longValue()).isEqualTo(CAP);
        assertThat(part(s, "firewall")).containsEntry("blocked_by_cap", true);
        // counted right: what the daemon counted is what the kernel counted on the link (to a sample)
        await().atMost(Duration.ofSeconds(12))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, Object> u = part(daemon.status(), "data_usage");
                    long counted = ((Number) u.get("rx_bytes")).longValue() + ((Number) u.get("tx_bytes")).longValue();
                    assertThat(counted)
                            .isBetween(lab.linkBytes(lab.pi, "ppp0") - 64 * 1024, lab.linkBytes(lab.pi, "ppp0"));
                });
        // new connections of the LAN: not over the link; the alarm: still; the Pi's own traffic: still
        assertThat(lab.connects(lab.lan, ALLOWED, NetLab.ECHO, 7, Duration.ofMillis(1500)))
                .isFalse();
        assertThat(lab.line(lab.lan, ALARM, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                .isEqualTo("echo, you are " + MOBILE);
        assertThat(lab.http(lab.inet, MOBILE, LabDaemon.HEALTH, "/health", "lte.home.example.com"))
                .isEqualTo("200 OK | failberry ok");
        assertThat(lab.line(lab.pi, MOBILE, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                .isEqualTo("echo, you are " + MOBILE);
        assertThat(daemon.status().get("state")).isEqualTo("CONNECTED");
        assertThat(Files.readString(scratch.resolve("state/budget.properties"))).contains("capped=true");
    }

    @Test
    @Order(3)
    void anAdminLiftsTheBlockAndPutsItBackWithTheCli() throws Exception {
        CommandRunner.Result lift = cli("data", "lift");
        assertThat(lift.exitCode()).as(lift.output()).isZero();
        assertThat(lift.output()).contains("LAN traffic may use the mobile link until");
        assertThat(lab.line(lab.lan, ALLOWED, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                .isEqualTo("echo, you are " + MOBILE);
        assertThat(part(daemon.status(), "data_usage"))
                .containsEntry("blocked", false)
                .containsEntry("admin_override", "lifted");

        CommandRunner.Result show = cli("data", "show");
        assertThat(show.exitCode()).as(show.output()).isZero();
        assertThat(show.output()).contains("block lifted by an admin");

        CommandRunner.Result block = cli("data", "block");
        assertThat(block.exitCode()).as(block.output()).isZero();
        assertThat(lab.connects(lab.lan, ALLOWED, NetLab.ECHO, 7, Duration.ofMillis(1500)))
                .isFalse();
        assertThat(lab.line(lab.lan, ALARM, NetLab.ECHO, 7, Duration.ofSeconds(3)))
                .isEqualTo("echo, you are " + MOBILE);
        assertThat(cli("data", "show").exitCode()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aRestartWhileBlockedStaysBlocked() throws Exception {
        assertThat(daemon.stop()).isIn(0, 143);
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(45));
        // the first table the new daemon loads already blocks
        assertThat(daemon.log()).contains("data budget: blocked since before this start");
        assertThat(lab.connects(lab.lan, ALLOWED, NetLab.ECHO, 7, Duration.ofMillis(1500)))
                .isFalse();
        assertThat(lab.http(lab.inet, MOBILE, LabDaemon.HEALTH, "/health", "lte"))
                .isEqualTo("200 OK | failberry ok");
    }

    /**
     * The cost of one Route53-style check of /health on the link: a request as Route53's checkers send it
     * (their User-Agent, the Host header of the record), answered and closed, both directions with TCP/IP
     * headers, from the table's own counters. Also the daemon's own traffic on the link per hour.
     */
    @Test
    @Order(5)
    @Timeout(150)
    void oneHealthCheckCostsAboutAKilobyteOnTheLink() throws Exception {
        Map<String, long[]> first = counters();
        long t0 = System.nanoTime();
        int checks = 40;
        for (int i = 0; i < checks; i++) {
            assertThat(
                            lab.http11(
                                    lab.inet,
                                    MOBILE,
                                    LabDaemon.HEALTH,
                                    "/health",
                                    "lte.home.example.com:9000",
                                    "Amazon-Route53-Health-Check-Service (ref 2c5e1f0a-6c0a-4b0e-9d51-0123456789ab; report http://amzn.to/1vsZADi)"))
                    .isEqualTo("200 OK | failberry ok");
        }
        Map<String, long[]> second = counters();
        double hours = (System.nanoTime() - t0) / 3.6e12;
        long healthChecks = second.get("health_checks")[0] - first.get("health_checks")[0];
        long healthBytes = second.get("health_in")[1]
                - first.get("health_in")[1]
                + second.get("health_out")[1]
                - first.get("health_out")[1];
        long healthPackets = second.get("health_in")[0]
                - first.get("health_in")[0]
                + second.get("health_out")[0]
                - first.get("health_out")[0];
        assertThat(healthChecks).isEqualTo(checks);
        long perCheck = healthBytes / checks;
        System.out.printf(
                "lab budget: one Route53-style health check = %d B on the link (%.1f packets, both directions, "
                        + "IP headers included; %d checks in %.1f s)%n",
                perCheck, healthPackets / (double) checks, checks, hours * 3600);
        assertThat(perCheck).isBetween(500L, 2000L);
        // the daemon reads the same counters every minute (net refresh) and shows the rates in the status;
        // its own traffic there is measured over its whole run since the last start (at least a minute)
        await().atMost(Duration.ofSeconds(75))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, Object> o = part(part(daemon.status(), "data_usage"), "link_overhead");
                    assertThat(o).isNotNull();
                    assertThat(((Number) o.get("health_checks")).longValue()).isGreaterThanOrEqualTo(checks);
                    assertThat(((Number) o.get("bytes_per_health_check")).longValue())
                            .isBetween(500L, 2000L);
                    assertThat(o.get("own_bytes_per_day")).isNotNull();
                });
        Map<String, Object> o = part(part(daemon.status(), "data_usage"), "link_overhead");
        System.out.printf(
                "lab budget: the daemon's own traffic on the link (probes every 1 s to one target, over %s s): "
                        + "%.0f B/h%n",
                o.get("measured_seconds"), ((Number) o.get("own_bytes_per_day")).doubleValue() / 24);
    }

    /** The table's named counters in the Pi's namespace: name -> {packets, bytes}. */
    private Map<String, long[]> counters() {
        var r = lab.nftIn(lab.pi, "list", "counters", "table", "inet", "failberry");
        assertThat(r.ok()).as(r.output()).isTrue();
        Matcher m = Pattern.compile("counter (\\w+) \\{\\s*packets (\\d+) bytes (\\d+)")
                .matcher(r.output());
        Map<String, long[]> out = new java.util.HashMap<>();
        while (m.find()) {
            out.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        return out;
    }

    /** {@code failberry ARGS --admin ...} as a separate process in the Pi's namespace, as an admin runs it. */
    private CommandRunner.Result cli(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                NetLab.IP,
                "netns",
                "exec",
                lab.pi,
                ThisJvm.javaBinary(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                ThisJvm.absoluteClassPath(),
                "dev.failberry.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.add("--admin");
        cmd.add("127.0.0.1:" + LabDaemon.ADMIN);
        return new CommandRunner().run(cmd, Duration.ofSeconds(60));
    }
}
