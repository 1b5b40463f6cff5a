package dev.failberry.usbnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ip -o monitor link address} lines. The capture {@code ip-monitor-iproute2-6.1.txt} was taken
 * on the build machine (iproute2 6.1.0, Debian 12): a veth pair in a private network namespace brought
 * up, given 192.168.8.100/24 with a DHCP-like lifetime and fd00::5/64, taken down, renamed v0 -> usb7,
 * brought up, its IPv4 address deleted, then deleted (see src/test/resources/hilink/README.md).
 */
class IpMonitorParserTest {
    static List<String> capture() throws IOException {
        try (InputStream in = IpMonitorParserTest.class.getResourceAsStream("/hilink/ip-monitor-iproute2-6.1.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void everyLineOfTheCaptureIsUnderstood() throws IOException {
        List<String> lines = capture();
        assertThat(lines).hasSize(23);
        for (String line : lines) {
            assertThat(IpMonitorParser.parse(line)).as(line).isPresent();
        }
    }

    @Test
    void linkLines() throws IOException {
        List<String> lines = capture();
        IpEvent.Link first = (IpEvent.Link) IpMonitorParser.parse(lines.get(0)).orElseThrow();
        assertThat(first.index()).isEqualTo(3);
        assertThat(first.name()).isEqualTo("v0"); // "v0@v1": the peer is not part of the name
        assertThat(first.flags()).contains("NO-CARRIER", "UP", "M-DOWN");
        assertThat(first.operState()).isEqualTo("LOWERLAYERDOWN");
        assertThat(first.running()).isFalse();
        IpEvent.Link up = (IpEvent.Link) IpMonitorParser.parse(lines.get(3)).orElseThrow();
        assertThat(up.running()).isTrue();
        assertThat(up.operState()).isEqualTo("UP");
        IpEvent.Link renamed =
                (IpEvent.Link) IpMonitorParser.parse(lines.get(10)).orElseThrow();
        assertThat(renamed.name()).isEqualTo("usb7");
        assertThat(renamed.index()).isEqualTo(3);
        IpEvent.Link gone = (IpEvent.Link) IpMonitorParser.parse(lines.get(21)).orElseThrow();
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.name()).isEqualTo("usb7"); // "usb7@NONE"
    }

    @Test
    void addressLines() throws IOException {
        List<String> lines = capture();
        IpEvent.Address v4 =
                (IpEvent.Address) IpMonitorParser.parse(lines.get(4)).orElseThrow();
        assertThat(v4.index()).isEqualTo(3);
        assertThat(v4.address()).isEqualTo(InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 8, 100}));
        assertThat(v4.prefix()).isEqualTo(24);
        assertThat(v4.scope()).isEqualTo("global");
        assertThat(v4.dynamic()).isTrue();
        assertThat(v4.tentative()).isFalse();
        assertThat(v4.deleted()).isFalse();
        IpEvent.Address v6 =
                (IpEvent.Address) IpMonitorParser.parse(lines.get(5)).orElseThrow();
        assertThat(v6.address().getHostAddress()).isEqualTo("fd00:0:0:0:0:0:0:5");
        assertThat(v6.tentative()).isTrue();
        assertThat(v6.dynamic()).isFalse();
        // after the rename ip still prints the old name first: only the index is reliable
        IpEvent.Address stale =
                (IpEvent.Address) IpMonitorParser.parse(lines.get(11)).orElseThrow();
        assertThat(stale.label()).isEqualTo("v0");
        assertThat(stale.index()).isEqualTo(3);
        IpEvent.Address deleted =
                (IpEvent.Address) IpMonitorParser.parse(lines.get(15)).orElseThrow();
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.address().getHostAddress()).isEqualTo("192.168.8.100");
    }

    @Test
    void theStateFollowsRenamesAndRemovals() throws IOException {
        List<String> lines = capture();
        NetState s = NetState.EMPTY;
        for (int i = 0; i <= 13; i++) {
            s = s.apply(IpMonitorParser.parse(lines.get(i)).orElseThrow());
        }
        NetState.Iface usb7 = s.byName("usb7").orElseThrow();
        assertThat(usb7.index()).isEqualTo(3);
        assertThat(usb7.running()).isTrue();
        assertThat(usb7.usable()).extracting(InetAddress::getHostAddress).containsExactly("192.168.8.100");
        assertThat(s.byName("v0")).isEmpty();
        for (int i = 14; i < lines.size(); i++) {
            s = s.apply(IpMonitorParser.parse(lines.get(i)).orElseThrow());
        }
        assertThat(s.interfaces()).isEmpty();
        // applying a line twice changes nothing (a snapshot may overlap the monitor's first lines)
        NetState once = NetState.EMPTY
                .apply(IpMonitorParser.parse(lines.get(3)).orElseThrow())
                .apply(IpMonitorParser.parse(lines.get(4)).orElseThrow());
        assertThat(once.apply(IpMonitorParser.parse(lines.get(4)).orElseThrow()))
                .isEqualTo(once);
    }

    @Test
    void otherFormsIpPrints() {
        // "ip monitor all" / "-t" prefixes the object type
        assertThat(
                        IpMonitorParser.parse(
                                "[LINK]3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel "
                                        + "state UP mode DEFAULT group default qlen 1000\\    link/ether 0c:5b:8f:27:9a:64 brd ff:ff:ff:ff:ff:ff"))
                .hasValueSatisfying(
                        e -> assertThat(((IpEvent.Link) e).running()).isTrue());
        // a point-to-point address (what pppd gives ppp0): the local address comes first
        IpEvent.Address ppp = (IpEvent.Address) IpMonitorParser.parse(
                        "7: ppp0    inet 10.64.64.64 peer 10.0.0.1/32 scope global ppp0\\       valid_lft forever preferred_lft forever")
                .orElseThrow();
        assertThat(ppp.address().getHostAddress()).isEqualTo("10.64.64.64");
        assertThat(ppp.prefix()).isEqualTo(32);
        // ip -o addr show prints the same records
        assertThat(IpMonitorParser.parse("2: eth1    inet 192.168.8.100/24 brd 192.168.8.255 scope global dynamic "
                        + "noprefixroute eth1\\       valid_lft 86157sec preferred_lft 86157sec"))
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Timestamp: Tue Dec  1 19:00:00 2026 123456 usec",
                "garbage",
                "0: lo: <UP> mtu 1",
                "3: eth1    inet 999.1.1.1/24 scope global eth1",
                "3: eth1    inet 1.2.3.4/40 scope global eth1",
                "3: eth1    inet6 fe80::1::2/64 scope link",
                "3: eth1    inet6 example.com/64 scope link",
                "4: eth1    link/ether 00:11:22:33:44:55",
                "192.168.8.0/24 dev eth1 proto kernel scope link"
            })
    void linesThatAreNotLinkOrAddressRecordsAreIgnored(String line) {
        assertThat(IpMonitorParser.parse(line)).isEqualTo(Optional.empty());
    }
}
