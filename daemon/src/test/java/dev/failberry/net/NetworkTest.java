package dev.failberry.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.Cidr;
import dev.failberry.config.FailberryConfig;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's decisions and failure handling against {@link FakeKernel}: what is written when, that
 * nothing is written twice, and that refusals and vanishing devices are logged once, shown in the status
 * and retried. The network lab checks the same against the real ip, nft and kernel.
 */
class NetworkTest {
    @TempDir
    Path dir;

    private final FakeKernel kernel = new FakeKernel();
    private LogCapture logs;
    private Path procSys;

    private final Interfaces interfaces = new Interfaces() {
        @Override
        public Optional<List<Cidr>> networks(String name) {
            return name.equals("eth0")
                    ? Optional.of(List.of(Cidr.parse("192.168.1.0/24").orElseThrow()))
                    : Optional.empty();
        }

        @Override
        public List<String> globalIpv6(String name) {
            return List.of();
        }

        @Override
        public Optional<String> ipv4Address(String name) {
            return name.equals("eth0") ? wiredAddress : Optional.empty();
        }

        @Override
        public List<String> names() {
            return List.of("eth0", "lo");
        }
    };
    /** The wired interface's address as the host shows it now (DHCP may change it, or remove it). */
    private Optional<String> wiredAddress = Optional.of("192.168.1.50");

    @BeforeEach
    void setUp() throws IOException {
        logs = LogCapture.of(Network.class);
        procSys = dir.resolve("proc-sys");
        write("net/ipv4/ip_forward", "1");
        write("net/ipv4/conf/all/rp_filter", "0");
        write("net/ipv4/conf/eth0/rp_filter", "0");
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    private void write(String rel, String value) throws IOException {
        Path p = procSys.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, value + "\n");
    }

    private Network network(String extra) throws IOException {
        Path tools = dir.resolve("bin");
        Files.createDirectories(tools);
        for (String t : List.of("ip", "nft")) {
            Path f = tools.resolve(t);
            if (!Files.exists(f)) {
                Files.writeString(f, "#!/bin/sh\nexit 1\n");
                f.toFile().setExecutable(true);
            }
        }
        FailberryConfig c = NetConfigs.config("state-dir = \"" + dir.resolve("state") + "\"\n" + "routing.ip = \""
                + tools.resolve("ip") + "\"\nfirewall.nft = \"" + tools.resolve("nft") + "\"\n" + extra);
        Files.createDirectories(c.stateDir());
        return new Network(c, "ppp0", kernel, new HostChecks(procSys, interfaces), interfaces, new VirtualTime());
    }

    @Test
    void startLoadsTheTableAndTheRulesWithoutALinkThenTheLinkIsAdded() throws IOException {
        Network net = network("");
        net.start();
        assertThat(kernel.table).contains("iifname \"ppp0\"").contains("tcp dport 9000 accept");
        assertThat(kernel.rules4())
                .containsExactly(
                        "7100: from all lookup main suppress_prefixlength 0",
                        "7101: from all fwmark 0x1000000/0xf000000 lookup 7101",
                        "7102: from all fwmark 0x2000000/0xf000000 lookup 7102",
                        "7104: from all iif eth0 lookup 7102",
                        "7105: from 192.168.1.50 lookup 7101");
        assertThat(kernel.routes.get("-4").get(7101)).containsExactly("default via 192.168.1.1 dev eth0 table 7101");
        assertThat(net.view().wired().gateway()).isEqualTo("192.168.1.1");
        assertThat(net.view().wired().path()).isEqualTo("unknown");
        assertThat(net.view().checks()).isEmpty();

        net.linkUp("ppp0", "198.51.100.7");
        assertThat(kernel.rules4()).contains("7103: from 198.51.100.7 lookup 7102");
        assertThat(kernel.routes.get("-4").get(7102)).containsExactly("default dev ppp0 table 7102 scope link");
        assertThat(net.view().routing().linkIp()).isEqualTo("198.51.100.7");
        assertThat(net.view().routing().lastError()).isNull();
    }

    @Test
    void nothingIsWrittenTwiceAndARedialMovesOnlyTheAddressRule() throws IOException {
        Network net = network("");
        net.start();
        net.linkUp("ppp0", "198.51.100.7");
        int writes = kernel.writes().size();
        net.linkUp("ppp0", "198.51.100.7");
        net.refresh();
        assertThat(kernel.writes()).hasSize(writes);

        net.linkDown();
        net.linkUp("ppp0", "198.51.100.8");
        List<String> last = kernel.writes().subList(writes, kernel.writes().size());
        assertThat(last).hasSize(2);
        assertThat(last.get(0)).endsWith("<<< route flush table 7102 | rule del priority 7103");
        assertThat(last.get(1))
                .endsWith(
                        "<<< route replace default dev ppp0 table 7102 | rule add priority 7103 from 198.51.100.8 lookup 7102");
        assertThat(kernel.rules4())
                .filteredOn(r -> r.startsWith("7103"))
                .containsExactly("7103: from 198.51.100.8 lookup 7102");
    }

    @Test
    void aRestartAfterACrashReplacesItsOwnRulesAndAddsNone() throws IOException {
        network("").start();
        Network second = network("");
        second.start();
        second.linkUp("ppp0", "198.51.100.7");
        Network third = network("");
        third.start();
        assertThat(kernel.rules4()).hasSize(5).doesNotHaveDuplicates();
        third.close();
        assertThat(kernel.rules4()).isEmpty();
        assertThat(kernel.routes.get("-4")).isEmpty();
        assertThat(kernel.table).isNull();
    }

    @Test
    void aRefusedTableIsLoggedOnceKeepsThePreviousOneAndShowsInTheStatus() throws IOException {
        Network net = network("");
        net.start();
        String previous = kernel.table;
        kernel.nftRefusal = "/dev/stdin:9:3-40: Error: Could not process rule: No such file or directory\n";
        net.linkUp("usb0", "192.168.8.100");
        net.refresh();
        net.refresh();
        assertThat(kernel.table).isEqualTo(previous);
        assertThat(net.view().firewall().lastError())
                .startsWith("nft refused the table: " + dir.resolve("bin/nft") + " exited 1: /dev/stdin:9:3-40: Error")
                .contains("Could not process rule")
                .endsWith("(the previous table stays in force)");
        assertThat(logs.messages())
                .filteredOn(m -> m.startsWith("ERROR firewall"))
                .hasSize(1);

        kernel.nftRefusal = null;
        net.refresh();
        assertThat(kernel.table).contains("\"usb0\"");
        assertThat(net.view().firewall().lastError()).isNull();
    }

    @Test
    void aLinkThatVanishesMidChangeLeavesNoHalfRuleSetAndIsRetriedAtTheNextChange() throws IOException {
        Network net = network("");
        net.start();
        kernel.devices.remove("ppp0");
        net.linkUp("ppp0", "198.51.100.7");
        assertThat(kernel.rules4()).noneMatch(r -> r.startsWith("7103"));
        assertThat(kernel.routes.get("-4")).doesNotContainKey(7102);
        assertThat(net.view().routing().lastError())
                .isEqualTo("ip -4 route replace default dev ppp0 table 7102: Cannot find device \"ppp0\"");
        net.linkUp("ppp0", "198.51.100.7");
        assertThat(logs.messages())
                .filteredOn(m -> m.startsWith("ERROR routing"))
                .hasSize(1);

        kernel.devices.add("ppp0");
        net.linkDown();
        net.linkUp("ppp0", "198.51.100.7");
        assertThat(kernel.rules4()).contains("7103: from 198.51.100.7 lookup 7102");
        assertThat(net.view().routing().lastError()).isNull();
    }

    @Test
    void aFlushedRulesetIsLoadedAgainAtTheNextRefresh() throws IOException {
        Network net = network("");
        net.start();
        kernel.table = null;
        net.refresh();
        assertThat(kernel.table).contains("table inet failberry {");
        assertThat(logs.messages()).anyMatch(m -> m.contains("removed by someone else"));
    }

    @Test
    void theWiredGatewayIsRememberedForAStartThatFindsNone() throws IOException {
        network("").start();
        kernel.mainDefault4 = "default dev ppp0 scope link\n";
        Network net = network("");
        net.start();
        assertThat(net.view().wired().gateway()).isEqualTo("192.168.1.1");
        assertThat(Files.readString(dir.resolve("state/wired-gateway.properties")))
                .contains("ipv4=192.168.1.1");
    }

    @Test
    void noGatewayAnywhereIsOneFinding() throws IOException {
        kernel.mainDefault4 = "";
        Network net = network("");
        net.start();
        assertThat(net.view().checks())
                .singleElement()
                .asString()
                .startsWith("wired.gateway = auto: no default route on eth0");
        assertThat(kernel.routes.get("-4")).doesNotContainKey(7101);
    }

    @Test
    void hostProblemsAreOneLineEachAndStrictRpFilterIsLoosened() throws IOException {
        write("net/ipv4/ip_forward", "0");
        write("net/ipv4/conf/all/rp_filter", "1");
        Network net = network("wired.interface = end0\n");
        net.start();
        assertThat(net.view().checks()).hasSize(3);
        assertThat(net.view().checks().get(2)).startsWith("wired.gateway = auto: no default route on end0");
        assertThat(net.view().checks().get(0)).startsWith("IP forwarding is off (net.ipv4.ip_forward = 0)");
        assertThat(net.view().checks().get(1))
                .isEqualTo(
                        "wired.interface end0 does not exist on this host (it has: eth0, lo): set wired.interface to the Pi's Ethernet");

        Network eth0 = network("");
        eth0.start();
        assertThat(Files.readString(procSys.resolve("net/ipv4/conf/eth0/rp_filter"))
                        .strip())
                .isEqualTo("2");
        assertThat(eth0.view().checks())
                .anyMatch(c -> c.startsWith(
                        "rp_filter on eth0 was strict (1): set " + "net.ipv4.conf.eth0.rp_filter = 2 (loose)"));
    }

    @Test
    void missingToolsAreNamed() throws IOException {
        FailberryConfig c =
                NetConfigs.config("routing.ip = \"/nonexistent/ip\"\nfirewall.nft = \"/nonexistent/nft\"\n");
        List<String> found = new HostChecks(procSys, interfaces).startup(c);
        assertThat(found)
                .anyMatch(f -> f.startsWith("nft is missing (/nonexistent/nft)"))
                .anyMatch(f -> f.startsWith("ip is missing (/nonexistent/ip)"));
    }

    @Test
    void aForwardOutsideTheLanIsLeftOutAndReported() throws IOException {
        Network net = network("firewall.forward = [\n  { proto = tcp, port = 2222, to = \"10.1.1.1:22\" }\n"
                + "  { proto = udp, port = 51820, to = \"192.168.1.10:51820\" }\n]\n");
        net.start();
        assertThat(kernel.table)
                .contains("udp dport 51820 dnat ip to 192.168.1.10:51820")
                .doesNotContain("10.1.1.1");
        assertThat(net.view().firewall().forwards()).isEqualTo(1);
        assertThat(net.view().firewall().lastError())
                .contains(
                        "firewall.forward tcp 2222 -> 10.1.1.1:22: the target is outside the LAN (eth0 has 192.168.1.0/24): not installed");
        var report = new HostChecks(procSys, interfaces)
                .forCheckConfig(NetConfigs.config(
                        "firewall.forward = [\n  { proto = tcp, port = 2222, to = \"10.1.1.1:22\" }\n]\n"));
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.key()).isEqualTo("failberry.firewall.forward");
        });
    }

    @Test
    void withReplyRoutingOffNoRoutingCommandRuns() throws IOException {
        Network off = network("routing.reply-routing = false\nppp.default-route = true\n");
        off.start();
        off.linkUp("ppp0", "198.51.100.7");
        off.linkDown();
        off.close();
        assertThat(kernel.commands).noneMatch(c -> c.get(0).endsWith("/ip"));
        assertThat(kernel.commands).anyMatch(c -> c.get(0).endsWith("/nft"));
    }

    @Test
    void withNeitherRoutingNorFirewallNoCommandRunsAtAll() throws IOException {
        Network off = network("routing.reply-routing = false\nppp.default-route = true\nfirewall.manage = false\n");
        off.start();
        off.linkUp("ppp0", "198.51.100.7");
        off.refresh();
        off.close();
        assertThat(kernel.commands).isEmpty();
        assertThat(off.view().checks()).isEmpty();
    }

    @Test
    void ipv6DisabledOnTheHostIsNotAnError() throws IOException {
        kernel.ipv6Disabled = true;
        Network net = network("");
        net.start();
        net.linkUp("ppp0", "198.51.100.7");
        assertThat(net.view().routing().lastError()).isNull();
        assertThat(Map.of("rules", kernel.rules4().size())).containsEntry("rules", 6);
    }

    // ---- the wired path's probes -------------------------------------------------------------------

    @Test
    void checkConfigLooksUpTheNamesOfWiredTargetsAndNamesTheLineOfEach() throws Exception {
        var gate = new java.util.concurrent.CountDownLatch(1);
        HostChecks.Resolver dns = host -> switch (host) {
            case "ns1.isp.example.nz" -> new java.net.InetAddress[] {java.net.InetAddress.getByName("203.0.113.53")};
            case "v6.example.net" -> new java.net.InetAddress[] {java.net.InetAddress.getByName("2001:db8::53")};
            case "slow.example.net" -> {
                try {
                    gate.await(); // no DNS server answers
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new java.net.UnknownHostException(host);
            }
            default -> throw new java.net.UnknownHostException(host + ": Name or service not known");
        };
        FailberryConfig c = NetConfigs.config("""
                wired.probe.targets = [
                  "ns1.isp.example.nz:53"
                  "1.1.1.1:443"
                  "nz-bank.example:443"
                  "v6.example.net:443"
                  "slow.example.net:443"
                ]
                """);
        HostChecks.Report report;
        try {
            report = new HostChecks(procSys, interfaces, dns, java.time.Duration.ofMillis(300)).forCheckConfig(c);
        } finally {
            gate.countDown();
        }
        assertThat(report.problems())
                .extracting(Object::toString)
                .containsExactly(
                        "test.conf:4: failberry.wired.probe.targets: target \"nz-bank.example:443\": nz-bank.example does not "
                                + "resolve (no such name, or no DNS server answering): use its IPv4 address, or a name that resolves",
                        "test.conf:5: failberry.wired.probe.targets: target \"v6.example.net:443\": v6.example.net has no IPv4 "
                                + "address (the wired path is probed over IPv4)");
        assertThat(report.warnings())
                .contains(
                        "wired.probe.targets: slow.example.net did not resolve within 0.3 s here "
                                + "(no DNS server answering?): it is probed by name at every round; an address needs no resolver");
    }

    @Test
    void theWiredProbesComeFromTheWiredAddressThatRule7105RoutesThroughTheRouter() throws IOException {
        Network net = network("ppp.default-route = true\n");
        assertThat(net.wiredSource().unavailable()).isEqualTo("routing not set up yet");
        net.start();
        net.linkUp("ppp0", "198.51.100.7");
        assertThat(net.wiredSource()).isEqualTo(new Network.WiredSource("192.168.1.50", null));
        assertThat(kernel.rules4()).contains("7105: from 192.168.1.50 lookup 7101");
        assertThat(net.view().wired().address()).isEqualTo("192.168.1.50");
        int writes = kernel.writes().size();
        net.wiredSource();
        assertThat(kernel.writes())
                .as("nothing rewritten while nothing changed")
                .hasSize(writes);

        // DHCP gave the Pi another address: the rule follows it before the next round is made
        wiredAddress = Optional.of("192.168.1.77");
        assertThat(net.wiredSource().address()).isEqualTo("192.168.1.77");
        assertThat(kernel.rules4())
                .filteredOn(r -> r.startsWith("7105"))
                .containsExactly("7105: from 192.168.1.77 lookup 7101");
        // ... or the minute's refresh does
        wiredAddress = Optional.of("192.168.1.78");
        net.refresh();
        assertThat(kernel.rules4())
                .filteredOn(r -> r.startsWith("7105"))
                .containsExactly("7105: from 192.168.1.78 lookup 7101");
        net.close();
        assertThat(kernel.rules4()).isEmpty();
    }

    @Test
    void noWiredAddressOrNoInterfaceMeansNoProbeWithTheReason() throws IOException {
        Network net = network("");
        net.start();
        wiredAddress = Optional.empty();
        assertThat(net.wiredSource()).isEqualTo(Network.WiredSource.none("eth0 is down or has no IPv4 address"));
        // the kernel took every route through eth0 with its last address, table 7101's too
        kernel.routes.get("-4").remove(7101);
        wiredAddress = Optional.of("192.168.1.50");
        assertThat(net.wiredSource().address()).isEqualTo("192.168.1.50");
        assertThat(kernel.routes.get("-4").get(7101))
                .as("put back before the next probe")
                .containsExactly("default via 192.168.1.1 dev eth0 table 7101");
        Network other = network("wired.interface = end0\n");
        other.start();
        assertThat(other.wiredSource().unavailable()).isEqualTo("wired interface end0 is absent");
    }

    @Test
    void noWiredGatewayMeansNoProbeUntilOneIsFound() throws IOException {
        kernel.mainDefault4 = "";
        Network net = network("");
        net.start();
        assertThat(net.wiredSource().unavailable())
                .isEqualTo("no wired gateway: no default route on eth0 and none remembered (set wired.gateway)");
        assertThat(kernel.rules4()).noneMatch(r -> r.startsWith("7105"));
        // DHCP brought the default route late: learned at the next round, and the rule goes in
        kernel.mainDefault4 = "default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.50 metric 100\n";
        assertThat(net.wiredSource().address()).isEqualTo("192.168.1.50");
        assertThat(kernel.rules4()).contains("7105: from 192.168.1.50 lookup 7101");
        assertThat(kernel.routes.get("-4").get(7101)).containsExactly("default via 192.168.1.1 dev eth0 table 7101");
    }

    @Test
    void routingThatIsNotInPlaceMeansNoProbe() throws IOException {
        Network net = network("");
        net.start();
        kernel.devices.remove("ppp0");
        net.linkUp("ppp0", "198.51.100.7");
        assertThat(net.wiredSource().unavailable())
                .startsWith("the routing rules are not in place (ip -4 route replace "
                        + "default dev ppp0 table 7102: Cannot find device");
    }

    @Test
    void withoutReplyRoutingTheMainTableDecidesUnlessTheLinkIsTheDefaultRoute() throws IOException {
        Network viaRouter = network("routing.reply-routing = false\n");
        viaRouter.start();
        assertThat(viaRouter.wiredSource().address()).isEqualTo("192.168.1.50");
        Network viaLink = network("routing.reply-routing = false\nppp.default-route = true\n");
        viaLink.start();
        assertThat(viaLink.wiredSource().unavailable())
                .startsWith("routing.reply-routing = false while " + "ppp.default-route = true");
        assertThat(kernel.commands).noneMatch(c -> c.get(0).endsWith("/ip"));
    }
}
