package dev.failberry.lab;

import static dev.failberry.lab.LabDaemon.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.sim.hilink.HilinkStandIn;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A HiLink stick ({@code link.type = ethernet}, {@code modem.control = hilink}) end to end in the lab: the
 * stick is the carrier namespace behind a veth whose Pi end is {@code usb0}; there dnsmasq serves DHCP
 * (192.168.8.0/24, as the stick does), nftables NATs to the carrier as the stick's WAN address
 * 198.51.100.77, and the HiLink stand-in answers the API on 192.168.8.1:80 with the captured replies. The
 * Pi runs udhcpc as its DHCP client and the real daemon. Proves: the DHCP address becomes the link, probes
 * pass through it, the WAN address is the public one, the DMZ is pointed at the Pi and inbound through
 * the stick's NAT is answered via the stick (reply routing), and a stick rebooted through the API comes
 * back with a new address and is verified and published again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class StickLabTest {
    static final String WAN = "198.51.100.77";
    static final String STICK = "192.168.8.1";
    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
    private static final Path UDHCPC = Path.of("/usr/sbin/udhcpc");

    @RegisterExtension
    static final LabExtension fixture = new LabExtension()
            .requires(
                    () -> Files.isExecutable(DNSMASQ) && Files.isExecutable(UDHCPC),
                    "stick lab skipped: dnsmasq or udhcpc missing (apt-get install dnsmasq-base udhcpc)");

    NetLab lab;
    LabDaemon daemon;
    HilinkStandIn stick;
    private Path scratch;
    private Process udhcpc;
    private int macs;

    @BeforeAll
    void startLab() throws Exception {
        lab = fixture.lab();
        scratch = fixture.scratch();
        Files.writeString(scratch.resolve("udhcpc.sh"), """
                #!/bin/sh
                # the Pi's DHCP client: the address only (no default route, no resolv.conf), as the README advises
                case "$1" in
                  deconfig) %1$s -4 addr flush dev "$interface" ;;
                  bound) %1$s -4 addr flush dev "$interface"; %1$s addr add "$ip/$mask" dev "$interface" ;;
                  renew) %1$s addr replace "$ip/$mask" dev "$interface" ;;
                esac
                exit 0
                """.formatted(NetLab.IP));
        scratch.resolve("udhcpc.sh").toFile().setExecutable(true);
        plugIn();
        lab.ip(lab.carrier, "addr", "add", STICK + "/24", "dev", "sl0");
        nft(lab.carrier, """
                table ip stick {
                	chain postrouting {
                		type nat hook postrouting priority srcnat; policy accept;
                		oifname "cin0" ip saddr 192.168.8.0/24 snat to %s
                	}
                }
                """.formatted(WAN));
        Process dnsmasq = new ProcessBuilder(
                        NetLab.IP,
                        "netns",
                        "exec",
                        lab.carrier,
                        DNSMASQ.toString(),
                        "--keep-in-foreground",
                        "--conf-file=/dev/null",
                        "--port=0",
                        "--bind-dynamic",
                        "--interface=sl0",
                        "--user=root",
                        "--group=root",
                        "--dhcp-range=192.168.8.100,192.168.8.199,255.255.255.0,2m",
                        "--dhcp-authoritative",
                        "--dhcp-leasefile=" + scratch.resolve("leases"),
                        "--pid-file=" + scratch.resolve("dnsmasq.pid"))
                .redirectErrorStream(true)
                .redirectOutput(scratch.resolve("dnsmasq.log").toFile())
                .start();
        fixture.closeAtEnd(dnsmasq::destroyForcibly);
        stick = fixture.closeAtEnd(NetnsStandIn.start(lab.carrier, (Inet4Address) InetAddress.getByName(WAN), STICK));
        stick.rebootTakes(Duration.ofSeconds(3));
        startDhcpClient();
        daemon = fixture.daemon(new LabDaemon(lab, scratch, """
                  link { type = ethernet, interface = usb0, address-timeout = 30s }
                  modem { control = hilink, poll-interval = 2s, hilink { url = "http://%s", dmz = true, timeout = 2s } }
                  recovery { down-grace = 5s, redial-attempts = 1, redial-cooldown = 5s, reset-cooldown = 60s }
                """.formatted(STICK)));
        daemon.start();
        daemon.awaitConnected(Duration.ofSeconds(60));
    }

    /** The stick appears: a veth with a new MAC (so the DHCP server hands out a new address). */
    private void plugIn() {
        macs++;
        lab.ip(
                lab.pi,
                "link",
                "add",
                "usb0",
                "address",
                String.format("0c:5b:8f:27:9a:%02x", macs),
                "type",
                "veth",
                "peer",
                "name",
                "sl0",
                "netns",
                lab.carrier);
        lab.ip(lab.carrier, "link", "set", "sl0", "up");
        lab.ip(lab.pi, "link", "set", "usb0", "up");
    }

    private void startDhcpClient() throws Exception {
        udhcpc = new ProcessBuilder(
                        NetLab.IP,
                        "netns",
                        "exec",
                        lab.pi,
                        UDHCPC.toString(),
                        "-f",
                        "-i",
                        "usb0",
                        "-s",
                        scratch.resolve("udhcpc.sh").toString(),
                        "-t",
                        "20",
                        "-T",
                        "1",
                        "-A",
                        "1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        scratch.resolve("udhcpc.log").toFile()))
                .start();
        fixture.closeAtEnd(udhcpc::destroyForcibly);
    }

    private void nft(String ns, String ruleset) {
        var r = new dev.failberry.proc.CommandRunner()
                .run(List.of(NetLab.IP, "netns", "exec", ns, NetLab.NFT, "-f", "-"), ruleset, Duration.ofSeconds(20));
        assertThat(r.ok()).as(r.output()).isTrue();
    }

    private static String localIp(Map<String, Object> status) {
        return String.valueOf(part(status, "ppp").get("local_ip"));
    }

    @Test
    @Order(1)
    void theDhcpAddressIsTheLinkProbesPassThroughTheStickAndItsWanAddressIsThePublicOne() throws Exception {
        Map<String, Object> s = daemon.status();
        assertThat(s.get("state")).isEqualTo("CONNECTED");
        assertThat(part(s, "ppp").get("interface")).isEqualTo("usb0");
        assertThat(localIp(s)).startsWith("192.168.8.1");
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> WAN.equals(part(daemon.status(), "ppp").get("public_ip")));
        Map<String, Object> modem = part(daemon.status(), "modem");
        assertThat(modem.get("state")).isEqualTo("registered");
        assertThat(modem.get("port")).isEqualTo("usb0");
        @SuppressWarnings("unchecked")
        Map<String, Object> st = (Map<String, Object>) modem.get("stick");
        assertThat(st.get("wan_ip")).isEqualTo(WAN);
        assertThat(st.get("connection")).isEqualTo("connected");
        // the link's table routes via the stick; the Pi's own default route stays on the wired router
        assertThat(lab.show(lab.pi, "route", "show", "table", "7102")).contains("default via " + STICK + " dev usb0");
        assertThat(lab.show(lab.pi, "route", "show", "default"))
                .contains("via " + NetLab.ROUTER_LAN + " dev eth0")
                .doesNotContain("usb0");
        // the firewall is the PPP link's, on the stick's interface; the budget counts its bytes
        assertThat(part(daemon.status(), "routing").get("link_interface")).isEqualTo("usb0");
        var ruleset = lab.nftIn(lab.pi, "list", "table", "inet", "failberry");
        assertThat(ruleset.output()).contains("iifname \"usb0\"");
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> ((Number) part(daemon.status(), "data_usage").get("rx_bytes")).longValue() > 0);
    }

    @Test
    @Order(2)
    void theDmzIsPointedAtThePiAndInboundThroughTheSticksNatIsAnsweredViaTheStick() throws Exception {
        String pi = localIp(daemon.status());
        await().atMost(Duration.ofSeconds(20)).until(() -> stick.dmzHost().isPresent());
        assertThat(stick.dmzHost().get().getHostAddress()).isEqualTo(pi);
        // the stick's DMZ, as the stand-in was told: everything to its WAN address goes to that host
        nft(lab.carrier, """
                table ip stickdmz {
                	chain prerouting {
                		type nat hook prerouting priority dstnat; policy accept;
                		iifname "cin0" ip daddr %s dnat to %s
                	}
                }
                """.formatted(WAN, pi));
        String health = lab.http(lab.inet, WAN, LabDaemon.HEALTH, "/health", WAN);
        assertThat(health).startsWith("200");
    }

    @Test
    @Order(3)
    void aStickRebootedThroughTheApiComesBackWithANewAddressAndIsVerifiedAndPublishedAgain() throws Exception {
        String before = localIp(daemon.status());
        // traffic stops at the stick: probes fail, the ladder reconnects, then reboots the stick through the API
        nft(lab.carrier, """
                table ip stickcut {
                	chain forward {
                		type filter hook forward priority 0; policy accept;
                		iifname "sl0" drop
                	}
                }
                """);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> stick.reboots() == 1);
        long rebootAt = System.nanoTime();
        // the stick reboots: its interface goes away and comes back with another MAC, the traffic flows again
        var r = new dev.failberry.proc.CommandRunner()
                .run(
                        List.of(
                                NetLab.IP,
                                "netns",
                                "exec",
                                lab.carrier,
                                NetLab.NFT,
                                "delete",
                                "table",
                                "ip",
                                "stickcut"),
                        Duration.ofSeconds(10));
        assertThat(r.ok()).as(r.output()).isTrue();
        lab.ip(lab.pi, "link", "del", "usb0");
        udhcpc.destroyForcibly().waitFor();
        Thread.sleep(2000); // the stick's boot: nothing to await, the stick is simply away
        plugIn();
        lab.ip(lab.carrier, "addr", "add", STICK + "/24", "dev", "sl0");
        nft(lab.carrier, "flush table ip stickdmz\n");
        startDhcpClient();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    Map<String, Object> s = daemon.status();
                    return "CONNECTED".equals(s.get("state"))
                            && !before.equals(localIp(s))
                            && WAN.equals(part(s, "ppp").get("public_ip"));
                });
        long ms = (System.nanoTime() - rebootAt) / 1_000_000;
        System.out.printf("stick lab: stick reboot (API) to link verified and published again: %d ms%n", ms);
        String after = localIp(daemon.status());
        await().atMost(Duration.ofSeconds(20)).until(() -> stick.dmzHost()
                .map(a -> a.getHostAddress().equals(after))
                .orElse(false));
        assertThat(lab.show(lab.pi, "rule", "show")).contains("from " + after + " lookup 7102");
        String log = daemon.log();
        assertThat(log)
                .contains("reconnect through the HiLink API: mobile data off (ok), on (ok)")
                .contains("reboot requested through the HiLink API");
        assertThat(log.indexOf("reconnect through the HiLink API")).isLessThan(log.indexOf("reboot requested"));
        assertThat(Optional.ofNullable(part(daemon.status(), "recovery").get("modem_resets")))
                .contains(1);
    }

    /** The stand-in bound inside the stick's namespace (a socket keeps the namespace it was made in). */
    static final class NetnsStandIn {
        static HilinkStandIn start(String ns, Inet4Address wan, String address) throws Exception {
            return Netns.call(
                    ns,
                    () -> HilinkStandIn.start(
                            HilinkStandIn.Profile.E3372_22X, wan, new InetSocketAddress(address, 80)));
        }
    }
}
