package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig.Protocol;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wired, routing and firewall sections: defaults, and every bad value reported at its own line. */
class NetConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return ConfigFiles.write(dir, text);
    }

    private List<String> problems(String text) throws IOException {
        return ConfigFiles.problems(dir, text);
    }

    @Test
    void defaultsKeepThePisOwnTrafficOffTheSimAndManageRoutingAndFirewall() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("failberry {}\n"));
        assertThat(c.ppp().defaultRoute()).isFalse();
        assertThat(c.wired().interfaceName()).isEqualTo("eth0");
        assertThat(c.wired().gateway()).isEmpty();
        assertThat(c.routing().replyRouting()).isTrue();
        assertThat(c.routing().ip()).isEqualTo(Path.of("/sbin/ip"));
        assertThat(c.firewall().manage()).isTrue();
        assertThat(c.firewall().nft()).isEqualTo(Path.of("/usr/sbin/nft"));
        assertThat(c.firewall().forwards()).isEmpty();
        assertThat(c.firewall().allow()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void forwardsAndAllowListAreRead() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("""
                failberry {
                  wired { interface = "enp1s0", gateway = "192.168.7.1" }
                  firewall {
                    forward = [
                      { proto = udp, port = 51820, to = "192.168.7.10:51820" }
                      { proto = TCP, port = "2222", to = "192.168.7.10:22" }
                    ]
                    allow = ["192.168.7.10", "192.168.7.77/28", "192.168.7.10"]
                  }
                }
                """));
        assertThat(c.wired().interfaceName()).isEqualTo("enp1s0");
        assertThat(c.wired().gateway()).contains("192.168.7.1");
        assertThat(c.firewall().forwards())
                .extracting(FailberryConfig.Forward::describe)
                .containsExactly("udp 51820 -> 192.168.7.10:51820", "tcp 2222 -> 192.168.7.10:22");
        assertThat(c.firewall().forwards().get(1).proto()).isEqualTo(Protocol.TCP);
        assertThat(c.firewall().forwards().get(1).line()).isEqualTo(6);
        assertThat(c.firewall().allow()).containsExactly("192.168.7.10", "192.168.7.64/28");
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of(
                        "forward target outside the LAN",
                        "failberry.firewall.forward = [\n  { proto = tcp, port = 2222, to = \"8.8.8.8:22\" }\n]\n",
                        "FILE:2: failberry.firewall.forward: entry 1: target \"8.8.8.8:22\" is outside the LAN: expected a private address (10.x, 172.16-31.x, 192.168.x) on the wired interface's network"),
                Arguments.of(
                        "duplicate port, reported at the second entry",
                        "failberry.firewall.forward = [\n  { proto = tcp, port = 2222, to = \"192.168.1.10:22\" }\n  { proto = tcp, port = 2222, to = \"192.168.1.11:22\" }\n]\n",
                        "FILE:3: failberry.firewall.forward: entry 2: duplicate: tcp port 2222 is already forwarded by entry 1 (line 2)"),
                Arguments.of(
                        "the health port",
                        "failberry.firewall.forward = [\n  { proto = tcp, port = 9000, to = \"192.168.1.10:80\" }\n]\n",
                        "FILE:2: failberry.firewall.forward: entry 1: tcp port 9000 is the health port (health.port): the mobile link must keep answering Route53's health checks there"),
                Arguments.of(
                        "the admin port",
                        "failberry.firewall.forward = [{ proto = tcp, port = 9001, to = \"192.168.1.10:80\" }]\n",
                        "FILE:1: failberry.firewall.forward: entry 1: tcp port 9001 is the admin port (admin.port): choose another port"),
                Arguments.of(
                        "unknown protocol",
                        "failberry.firewall.forward = [\n\n  { proto = sctp, port = 5000, to = \"192.168.1.10:5000\" }\n]\n",
                        "FILE:3: failberry.firewall.forward: entry 1: unknown proto \"sctp\": expected tcp or udp"),
                Arguments.of(
                        "port out of range",
                        "failberry.firewall.forward = [{ proto = udp, port = 70000, to = \"192.168.1.10:1\" }]\n",
                        "FILE:1: failberry.firewall.forward: entry 1: port out of range: \"70000\" (expected 1 to 65535)"),
                Arguments.of(
                        "target port out of range",
                        "failberry.firewall.forward = [{ proto = udp, port = 7, to = \"192.168.1.10:0\" }]\n",
                        "FILE:1: failberry.firewall.forward: entry 1: the target's port out of range: \"0\" (expected 1 to 65535)"),
                Arguments.of(
                        "target without a port",
                        "failberry.firewall.forward = [{ proto = udp, port = 7, to = \"192.168.1.10\" }]\n",
                        "FILE:1: failberry.firewall.forward: entry 1: invalid target \"192.168.1.10\": expected a LAN host's IPv4 address and port such as \"192.168.1.10:22\""),
                Arguments.of(
                        "a name instead of an address (never looked up)",
                        "failberry.firewall.forward = [{ proto = udp, port = 7, to = \"nas.lan:7\" }]\n",
                        "FILE:1: failberry.firewall.forward: entry 1: invalid target \"nas.lan:7\": expected a LAN host's IPv4 address and port such as \"192.168.1.10:22\""),
                Arguments.of(
                        "missing key",
                        "failberry.firewall.forward = [{ proto = udp, to = \"192.168.1.10:7\" }]\n",
                        "FILE:1: failberry.firewall.forward: entry 1: port is missing: expected a port from 1 to 65535"),
                Arguments.of(
                        "unknown key in an entry",
                        "failberry.firewall.forward = [{ proto = udp, port = 7, to = \"192.168.1.10:7\", too = 1 }]\n",
                        "FILE:1: failberry.firewall.forward: entry 1: unknown key \"too\" (known keys: proto, port, to)"),
                Arguments.of(
                        "an entry that is not an object",
                        "failberry.firewall.forward = [\"192.168.1.10:22\"]\n",
                        "FILE:1: failberry.firewall.forward: entry 1: expected an object such as { ... }, found a string"),
                Arguments.of(
                        "bad allow entry",
                        "failberry.firewall.allow = [\"192.168.1.0/33\"]\n",
                        "FILE:1: failberry.firewall.allow: invalid entry \"192.168.1.0/33\": expected an IP address or a CIDR such as 192.168.1.10 or 192.168.1.0/28"),
                Arguments.of(
                        "interface name that would need quoting",
                        "failberry.wired.interface = \"eth0\\\" accept\"\n",
                        "FILE:1: failberry.wired.interface: invalid value \"eth0\\\" accept\": expected an interface name such as eth0"),
                Arguments.of(
                        "nft wildcard as interface",
                        "failberry.wired.interface = \"eth*\"\n",
                        "FILE:1: failberry.wired.interface: invalid value \"eth*\": expected an interface name such as eth0"),
                Arguments.of(
                        "wired and link the same interface",
                        "failberry.wired.interface = ppp0\n",
                        "FILE:1: failberry.wired.interface: must differ from ppp.interface (ppp0)"),
                Arguments.of(
                        "gateway not an address",
                        "failberry.wired.gateway = \"router.lan\"\n",
                        "FILE:1: failberry.wired.gateway: invalid value \"router.lan\": expected \"auto\" or the wired router's IPv4 address such as 192.168.1.1"),
                Arguments.of(
                        "typo in a routing key",
                        "failberry.routing.reply-routin = true\n",
                        "FILE:1: failberry.routing.reply-routin: unknown key (did you mean \"reply-routing\"?)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badValuesAreReportedWithFileLineKeyAndMessage(String name, String text, String expected) throws IOException {
        assertThat(problems(text)).containsExactly(expected);
    }

    @Test
    void turningReplyRoutingOffWithoutDefaultRouteWarns() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("failberry.routing.reply-routing = false\n"));
        assertThat(c.warnings()).singleElement().asString().contains("probes");
        assertThat(ConfigLoader.load(write("failberry { routing.reply-routing = false, ppp.default-route = true, "
                                + "wired.probe.targets = [] }\n"))
                        .warnings())
                .isEmpty();
        // the wired probes would follow the link out: not made, and said so (a warning: the file stays valid)
        assertThat(ConfigLoader.load(write("failberry { routing.reply-routing = false, ppp.default-route = true }\n"))
                        .warnings())
                .singleElement()
                .asString()
                .startsWith("wired.probe.targets are not probed while "
                        + "routing.reply-routing = false and ppp.default-route = true");
    }

    @Test
    void forwardsWithoutAManagedFirewallWarn() throws Exception {
        FailberryConfig c =
                ConfigLoader.load(write("failberry.firewall { manage = false, allow = [\"192.168.1.9\"] }\n"));
        assertThat(c.warnings())
                .containsExactly("firewall.forward and firewall.allow have no effect while firewall.manage = false");
    }
}
